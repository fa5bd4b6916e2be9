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
    this.setPlaying(false);
    new ResizeObserver(() => {
      this.renderMarks();
      this.renderKeyEvents();
    }).observe(this.node);
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

  // The most important marks that fit the slider's width without touching: the marks of
  // each level in turn (years, then quarters or months, then days), each kept where it
  // has room beside those already kept.
  renderMarks() {
    const width = this.input.clientWidth;
    if (!width) return;
    const measure = textWidth(getComputedStyle(this.marks).font || '12px sans-serif');
    const span = Math.max(1, this.last);
    const kept = [];
    const order = [...this.tables.ticks].sort((a, b) => a.level - b.level || a.day - b.day);
    for (const tick of order) {
      const size = measure(tick.label) + 10;
      const centre = (tick.day / span) * width;
      const start = Math.min(Math.max(centre - size / 2, 0), width - size);
      if (kept.every((k) => start + size <= k.start || start >= k.start + k.size)) {
        kept.push({ tick, start, size });
      }
    }
    kept.sort((a, b) => a.tick.day - b.tick.day);
    // Each mark centred on its day, but kept within the slider's ends so none is cut.
    this.marks.replaceChildren(...kept.map(({ tick, start }) => el('span', {
      className: 'fl-mark', text: tick.label, style: { insetInlineStart: `${start + 5}px` },
    })));
  }

  // The turning points of the war on the slider: a marker each, and its short label
  // above it wherever the labels have room (the marker's title always has it).
  renderKeyEvents() {
    const span = Math.max(1, this.last);
    const width = this.input.clientWidth;
    const measure = width ? textWidth(getComputedStyle(this.events).font || '11px sans-serif') : null;
    const placed = [];
    this.events.replaceChildren(...this.tables.keyEvents.map((event) => {
      const said = `${this.tables.dayNames[event.day]}: ${event.label}`;
      const at = (event.day / span) * 100;
      let label = null;
      if (measure) {
        const size = Math.min(measure(event.label), 160) + 12;
        const centre = (event.day / span) * width;
        const start = Math.min(Math.max(centre - size / 2, 0), width - size);
        if (placed.every((p) => start + size <= p.start || start >= p.start + p.size)) {
          placed.push({ start, size });
          label = el('span', {
            className: 'fl-key-label', text: event.label, 'aria-hidden': 'true',
            style: { insetInlineStart: `${(start / width) * 100}%`, width: `${size}px` },
          });
        }
      }
      return el('div', { className: 'fl-key' }, [
        label,
        // Out of the tab order (a keyboard steps through the days with the slider), but
        // named for screen readers and clickable.
        el('button', {
          type: 'button', className: 'fl-key-event', title: said, 'aria-label': said, tabindex: -1,
          style: { insetInlineStart: `${at}%` },
          onClick: () => { this.stop(); this.options.onDay(event.day); },
        }),
      ]);
    }));
  }
}

function textWidth(font) {
  const context = document.createElement('canvas').getContext('2d');
  context.font = font;
  return (text) => context.measureText(text).width;
}
