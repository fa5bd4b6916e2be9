// The territory chart: the share of the mapped area each state held, day by day, as
// stacked bands (SVG, drawn once per record), with a cursor on the day shown and the
// key events marked. A click or a tap on it goes to that day.
import { el, fill } from './dom.js';
import { naming } from './state.js';

const NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 150;
const PAD = { top: 14, bottom: 20 };

function percent(share) {
  return `${(share * 100).toFixed(share < 0.01 ? 1 : 0)}%`;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

export class Chart {
  constructor(tables, texts, onDay) {
    this.tables = tables;
    this.texts = texts;
    this.onDay = onDay;
    this.day = 0;
    this.node = document.createElement('figure');
    this.node.className = 'fl-chart';
    const caption = document.createElement('figcaption');
    caption.textContent = texts.chart;
    const note = document.createElement('p');
    note.className = 'fl-muted';
    note.textContent = texts.chartNote;
    this.svg = svg('svg', { role: 'img', 'aria-label': texts.chart, height: HEIGHT });
    this.readout = el('ul', { className: 'fl-chart-readout' });
    this.number = new Intl.NumberFormat(tables.lang === 'ar' ? 'ar-u-nu-latn' : 'en', { maximumFractionDigits: 0 });
    this.node.append(caption, this.svg, this.readout, note);
    this.node.addEventListener('click', (event) => {
      const box = this.svg.getBoundingClientRect();
      const fraction = (event.clientX - box.left) / box.width;
      const rtl = getComputedStyle(this.svg).direction === 'rtl';
      const at = rtl ? 1 - fraction : fraction;
      if (at >= 0 && at <= 1) this.onDay(Math.round(at * (tables.dates.length - 1)));
    });
    new ResizeObserver(() => this.draw()).observe(this.node);
  }

  draw() {
    const width = this.svg.clientWidth || this.node.clientWidth;
    if (!width) return;
    const { tables } = this;
    const days = tables.dates.length;
    const rtl = getComputedStyle(this.node).direction === 'rtl';
    const x = (day) => {
      const at = days > 1 ? (day / (days - 1)) * width : width / 2;
      return rtl ? width - at : at;
    };
    const plot = HEIGHT - PAD.top - PAD.bottom;
    const y = (share) => PAD.top + plot * (1 - share);
    const totals = Array.from({ length: days }, (_, d) => tables.territory.reduce((sum, s) => sum + s[d], 0) || 1);
    const bands = [];
    let below = new Array(days).fill(0);
    tables.territory.forEach((series, code) => {
      if (!series.some((v) => v > 0)) return;
      const above = below.map((value, d) => value + series[d] / totals[d]);
      const top = above.map((v, d) => `${x(d).toFixed(1)},${y(v).toFixed(1)}`);
      const bottom = below.map((v, d) => `${x(d).toFixed(1)},${y(v).toFixed(1)}`).reverse();
      const path = svg('polygon', { points: [...top, ...bottom].join(' '), fill: tables.style.states[code], 'fill-opacity': tables.style.areaOpacity });
      const title = svg('title');
      title.textContent = naming(tables, code, days - 1).short;
      path.append(title);
      bands.push(path);
      below = above;
    });
    // A mark's date is centred under it, but one near an edge runs inwards from it, so
    // it is never cut at the chart's frame (SVG's start and end follow the direction).
    const anchor = (at) => {
      if (at > width * 0.1 && at < width * 0.9) return 'middle';
      return (at <= width * 0.1) !== rtl ? 'start' : 'end';
    };
    const axis = tables.ticks.filter((t) => t.level === 0).map((t) => {
      const label = svg('text', {
        x: x(t.day), y: HEIGHT - 6, 'text-anchor': anchor(x(t.day)), class: 'fl-axis', direction: rtl ? 'rtl' : 'ltr',
      });
      label.textContent = t.label;
      return label;
    });
    const events = tables.keyEvents.map((event) => {
      const mark = svg('line', { x1: x(event.day), x2: x(event.day), y1: 2, y2: PAD.top, class: 'fl-chart-event' });
      const title = svg('title');
      title.textContent = `${tables.dayNames[event.day]}: ${event.label}`;
      mark.append(title);
      return mark;
    });
    this.cursor = svg('line', { y1: PAD.top - 4, y2: HEIGHT - PAD.bottom, class: 'fl-chart-cursor' });
    this.x = x;
    this.svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
    this.svg.replaceChildren(...bands, ...axis, ...events, this.cursor);
    this.show(this.day);
  }

  show(day) {
    this.day = day;
    this.writeReadout(day);
    if (!this.cursor) return;
    const at = this.x(day).toFixed(1);
    this.cursor.setAttribute('x1', at);
    this.cursor.setAttribute('x2', at);
  }

  // The day's figures under the chart: each state's share and km², and how much of it
  // rests on weak reports (the land the map hatches).
  writeReadout(day) {
    const { tables, texts } = this;
    const total = tables.territory.reduce((sum, series) => sum + series[day], 0) || 1;
    const rows = tables.territory
      .map((series, code) => [series[day], code])
      .filter(([km2]) => km2 > 0)
      .sort((a, b) => b[0] - a[0]);
    this.readout.replaceChildren(...rows.map(([km2, code]) => {
      const weak = tables.territoryUncertain[code][day];
      return el('li', {}, [
        el('span', { className: 'fl-swatch', style: { backgroundColor: tables.style.states[code] } }),
        el('strong', { text: naming(tables, code, day).short }),
        ` ${percent(km2 / total)} · ${this.number.format(km2)} ${texts.km}²`,
        weak >= 1 ? el('span', { className: 'fl-muted', text: ` (${fill(texts.uncertainKm2, { km2: this.number.format(weak) })})` }) : null,
      ]);
    }));
  }
}
