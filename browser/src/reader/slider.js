// The time bar: the date heading, the slider with its marks, and playback. The slider is
// a native range input (keyboard, touch and screen readers for free); in a right-to-left
// page it runs right to left, and the step buttons follow it.
import { el, fill } from './dom.js';

export class TimeBar {
  // `options`: tables, texts, onDay(day).
  constructor(options) {
    const { tables, texts } = options;
    this.options = options;
    this.tables = tables;
    this.last = tables.dates.length - 1;
    this.timer = null;
    this.speed = texts.speeds[Math.min(texts.defaultSpeed, texts.speeds.length - 1)];
    this.heading = el('h2', { className: 'fl-date', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.input = el('input', {
      type: 'range', className: 'fl-slider', min: 0, max: this.last, step: 1, value: this.last,
      'aria-label': texts.dayShown, onInput: () => this.options.onDay(Number(this.input.value)),
    });
    this.marks = el('div', { className: 'fl-marks', 'aria-hidden': 'true' });
    this.events = el('div', { className: 'fl-key-events' });
    this.play = el('button', { type: 'button', className: 'fl-play', onClick: () => this.toggle() });
    const step = (by, label, cls) => el('button', {
      type: 'button', className: `fl-step ${cls}`, title: label, 'aria-label': label,
      onClick: () => { this.stop(); this.options.onDay(this.clamp(this.day + by)); },
    }, [el('span', { 'aria-hidden': 'true', text: '‹' })]);
    const speed = el('select', {
      className: 'fl-speed', 'aria-label': texts.speed,
      onChange: (event) => { this.speed = texts.speeds[Number(event.target.value)]; if (this.timer) this.start(); },
    }, texts.speeds.map((s, i) => el('option', { value: i, selected: s === this.speed, text: s.label })));
    this.picker = el('input', {
      type: 'date', className: 'fl-goto', min: tables.dates[0], max: tables.dates[this.last],
      'aria-label': texts.goTo, title: texts.goTo,
      onChange: () => {
        const day = tables.dates.indexOf(this.picker.value);
        if (day >= 0) { this.stop(); this.options.onDay(day); }
      },
    });
    this.node = el('section', { className: 'fl-timebar', 'aria-label': texts.date }, [
      this.heading,
      el('div', { className: 'fl-track' }, [this.events, this.input, this.marks]),
      el('div', { className: 'fl-controls', role: 'group', 'aria-label': texts.play }, [
        step(-1, texts.back, 'fl-back'), this.play, step(1, texts.forward, 'fl-forward'),
        speed, el('label', { className: 'fl-goto-label' }, [texts.goTo, ' ', this.picker]),
      ]),
    ]);
    this.renderKeyEvents();
    this.setPlaying(false);
    new ResizeObserver(() => this.renderMarks()).observe(this.node);
  }

  clamp(day) {
    return Math.max(0, Math.min(this.last, day));
  }

  show(day) {
    this.day = day;
    const name = this.tables.dayNames[day];
    this.heading.textContent = fill(this.options.texts.heading, { date: name });
    if (Number(this.input.value) !== day) this.input.value = String(day);
    this.input.setAttribute('aria-valuetext', name);
    this.picker.value = this.tables.dates[day];
  }

  toggle() {
    if (this.timer) this.stop();
    else this.start();
  }

  start() {
    clearInterval(this.timer);
    if (!this.timer && this.day >= this.last) this.options.onDay(0);
    this.timer = setInterval(() => {
      const next = this.clamp(this.day + this.speed.days);
      this.options.onDay(next);
      if (next >= this.last) this.stop();
    }, this.speed.ms);
    this.setPlaying(true);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.setPlaying(false);
  }

  setPlaying(playing) {
    const texts = this.options.texts;
    this.play.textContent = playing ? '❚❚' : '▶';
    this.play.setAttribute('aria-label', playing ? texts.pause : texts.play);
    this.play.title = playing ? texts.pause : texts.play;
    this.play.setAttribute('aria-pressed', playing ? 'true' : 'false');
  }

  // The most important marks that fit the slider's width without touching.
  renderMarks() {
    const width = this.input.clientWidth;
    if (!width) return;
    const ticks = this.tables.ticks;
    const measure = textWidth(getComputedStyle(this.marks).font || '12px sans-serif');
    const span = Math.max(1, this.last);
    let chosen = [];
    for (let level = 0; level <= 3; level++) {
      const candidate = ticks.filter((t) => t.level <= level);
      if (!fits(candidate, width, span, measure)) break;
      chosen = candidate;
    }
    // Too narrow for any whole level: at least the first and last days, if they fit.
    if (!chosen.length) {
      const ends = ticks.filter((t) => t.day === 0 || t.day === this.last);
      if (fits(ends, width, span, measure)) chosen = ends;
    }
    // Each mark centred on its day, but kept within the slider's ends so none is cut.
    this.marks.replaceChildren(...chosen.map((t) => el('span', {
      className: 'fl-mark', text: t.label,
      style: { insetInlineStart: `${markStart(t, width, span, measure)}px` },
    })));
  }

  renderKeyEvents() {
    const span = Math.max(1, this.last);
    this.events.replaceChildren(...this.tables.keyEvents.map((event) => el('button', {
      type: 'button', className: 'fl-key-event', title: `${this.tables.dayNames[event.day]}: ${event.label}`,
      'aria-label': `${this.tables.dayNames[event.day]}: ${event.label}`,
      style: { insetInlineStart: `${(event.day / span) * 100}%` },
      onClick: () => { this.stop(); this.options.onDay(event.day); },
    })));
  }
}

function textWidth(font) {
  const context = document.createElement('canvas').getContext('2d');
  context.font = font;
  return (text) => context.measureText(text).width;
}

// Where a mark starts (from the slider's inline start), centred on its day if it fits.
function markStart(tick, width, span, measure, padding = 0) {
  const size = measure(tick.label) + padding;
  const centre = (tick.day / span) * width;
  return Math.max(0, Math.min(centre - size / 2, width - size));
}

function fits(ticks, width, span, measure) {
  let end = -Infinity;
  for (const tick of ticks) {
    const start = markStart(tick, width, span, measure, 8);
    if (start < end) return false;
    end = start + measure(tick.label) + 8;
  }
  return true;
}
