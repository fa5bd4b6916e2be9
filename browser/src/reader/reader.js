// The reader: one module shared by the published site and the app. It reads the page's
// settings (#frontline-page), loads the step tables and the geometry, builds the page
// and shows a day. A step computes the day in the browser and asks no server anything.
import { announce, exposeApi, listenToParent, reportHeight } from './api.js';
import { Chart } from './chart.js';
import { el } from './dom.js';
import * as loader from './loader.js';
import { ReaderMap } from './map.js';
import { Card, changeList, legend, Search } from './panel.js';
import { readTables } from './protocol.js';
import { TimeBar } from './slider.js';
import { dayOf, dayState } from './state.js';
import { readAddress, writeAddress } from './url.js';

// Where the card becomes a sheet over the bottom of the screen (reader.css's @media).
const SHEET_MEDIA = '(max-width: 900px)';

export class Reader {
  constructor(root, page) {
    this.root = root;
    this.page = page;
    this.mode = page.mode || 'page';
    this.day = 0;
    this.town = -1;
    this.map = null;
    this.record = null; // a user's own record (app), or null for the pack's
  }

  async start() {
    loader.configure(this.page);
    loader.listen();
    const address = readAddress();
    const languages = Object.keys(this.page.files.tables);
    this.lang = this.page.lang || (languages.includes(address.lang) ? address.lang : languages[0]);
    const [tables, geometry] = await Promise.all([
      loader.need('tables', this.lang, this.page.files.tables[this.lang]),
      loader.need('geometry', 'pack', this.page.files.geo),
    ]);
    this.packTables = readTables(JSON.parse(tables));
    this.tables = this.packTables;
    this.geometry = JSON.parse(geometry);
    this.texts = this.tables.texts;
    document.documentElement.lang = this.tables.lang;
    document.documentElement.dir = this.tables.dir;
    this.build();
    exposeApi(this);
    listenToParent(this);
    const day = dayOf(this.tables, address.date);
    this.town = this.tables.towns.ids.indexOf(address.town);
    this.show(day >= 0 ? day : this.tables.dates.length - 1);
    this.startMap();
    if (this.mode === 'embed') reportHeight(this.root);
  }

  build() {
    const { tables, texts } = this;
    this.root.classList.add('fl-reader', `fl-mode-${this.mode}`);
    this.root.style.setProperty('--fl-map-ratio', mapRatio(tables.bounds).toFixed(3));
    this.timebar = new TimeBar({ tables, texts, onDay: (day) => this.show(day) });
    this.mapNode = el('div', { className: 'fl-map' }); // MapLibre's canvas is the named region
    this.legendNode = el('div', { className: 'fl-legend-box' });
    this.card = new Card(tables, texts, (town) => this.cardOf(town), () => this.select(-1));
    this.search = new Search(tables, texts, (town) => this.select(town));
    this.changes = el('div', { className: 'fl-changes' });
    this.chart = new Chart(tables, texts, (day) => this.show(day));
    this.root.replaceChildren(
      this.header(),
      el('div', { className: 'fl-body' }, [
        el('main', { className: 'fl-main' }, [
          this.timebar.node,
          el('div', { className: 'fl-map-frame' }, [this.mapNode, this.legendNode]),
          el('p', { className: 'fl-credit-line' }, [
            el('span', { lang: texts.creditLang, dir: texts.creditDir, text: texts.shortCredit }), ' · ', texts.areasNote,
          ]),
        ]),
        el('aside', { className: 'fl-panel', 'aria-label': texts.details }, [
          this.search.node,
          this.card.node,
          el('section', { className: 'fl-day-changes' }, [el('h3', { text: texts.changes }), this.changes]),
          this.chart.node,
        ]),
      ]),
      el('footer', { className: 'fl-credits' }, texts.credits.map(
        (line) => el('p', { lang: texts.creditLang, dir: texts.creditDir, text: line }),
      )),
    );
  }

  header() {
    const { texts } = this;
    const links = [];
    const switches = this.page.switch || [];
    if (switches.length > 1) {
      links.push(el('nav', { className: 'fl-switch', 'aria-label': texts.conflicts || '' }, switches.map((s) => el('a', {
        href: s.href, text: s.title, 'aria-current': s.current ? 'page' : undefined,
      }))));
    }
    if (texts.languages.length > 1 && this.mode !== 'embed') {
      links.push(el('nav', { className: 'fl-languages', 'aria-label': texts.language || '' }, texts.languages.map((language) => el('a', {
        href: this.languageLink(language.code), hreflang: language.code, lang: language.code, dir: language.dir,
        text: language.name, 'aria-current': language.code === this.lang ? 'page' : undefined,
        className: 'fl-language',
      }))));
    }
    return el('header', { className: 'fl-header' }, [
      links.length ? el('div', { className: 'fl-links' }, links) : null,
      el('h1', { className: 'fl-headline', text: texts.headline || texts.title }),
      el('p', {
        className: 'fl-standfirst', text: texts.standfirst || texts.period,
        onClick: (event) => event.currentTarget.classList.toggle('fl-open'),
      }),
    ]);
  }

  // The same view in another language: the day and the place shown now.
  languageLink(code) {
    const params = new URLSearchParams(window.location.search);
    params.set('date', this.tables.dates[this.day]);
    if (this.town >= 0) params.set('town', this.tables.towns.ids[this.town]);
    else params.delete('town');
    params.set('lang', code);
    return `?${params.toString()}`;
  }

  // The address and the language links follow the day and the place.
  remember() {
    writeAddress({ date: this.tables.dates[this.day], town: this.town >= 0 ? this.tables.towns.ids[this.town] : null });
    this.root.querySelectorAll('.fl-languages a').forEach((link) => {
      link.setAttribute('href', this.languageLink(link.getAttribute('hreflang')));
    });
  }

  startMap() {
    const maplibre = window.maplibregl;
    loader.glyphProtocol(maplibre);
    if (this.tables.dir === 'rtl') loader.rtlPlugin(maplibre);
    try {
      this.map = new ReaderMap({
        container: this.mapNode, tables: this.tables, geometry: this.geometry, texts: this.texts,
        maplibre, onSelect: (town) => this.select(town),
      });
    } catch (error) {
      this.mapNode.replaceChildren(el('p', { className: 'fl-error', text: this.texts.noWebgl }));
      throw error;
    }
    // The day is painted as soon as the style (and so every source) exists, so the
    // first frames already show it: waiting for 'load' cost one to three frames more
    // (benchmarks/README.md).
    const styled = () => {
      if (this.mapLoaded) return;
      this.mapLoaded = true;
      this.paintMap();
    };
    if (this.map.map.isStyleLoaded()) styled();
    else this.map.map.once('style.load', styled);
    this.map.map.on('load', () => {
      styled();
      this.map.select(this.town);
      this.root.classList.add('fl-ready');
      this.placeLegend();
      window.dispatchEvent(new CustomEvent('frontline:ready'));
    });
    let pending = null;
    this.map.map.on('resize', () => {
      clearTimeout(pending);
      pending = setTimeout(() => this.placeLegend(), 150);
    });
  }

  // The legend goes in the corner of the map where it hides least of the country
  // (sampled on the painted areas), as the exports place theirs.
  placeLegend() {
    const box = this.legendNode;
    const frame = this.mapNode.getBoundingClientRect();
    if (getComputedStyle(box).position !== 'absolute' || !frame.width) return;
    const { offsetWidth: width, offsetHeight: height } = box;
    const map = this.map.map;
    const margin = 8;
    const corners = ['top-start', 'top-end', 'bottom-start', 'bottom-end'];
    const rtl = this.tables.dir === 'rtl';
    const covered = (corner) => {
      const end = corner.endsWith('end') !== rtl;
      const x0 = end ? frame.width - width - margin : margin;
      const y0 = corner.startsWith('bottom') ? frame.height - height - margin - 28 : margin;
      let hits = 0;
      for (let i = 0; i < 8; i++) {
        for (let j = 0; j < 8; j++) {
          const point = [x0 + ((i + 0.5) * width) / 8, y0 + ((j + 0.5) * height) / 8];
          if (map.queryRenderedFeatures(point, { layers: ['fl-area-fill'] }).length) hits++;
        }
      }
      return hits;
    };
    const best = corners.reduce((a, b) => (covered(b) < covered(a) ? b : a));
    corners.forEach((corner) => box.classList.toggle(`fl-at-${corner}`, corner === best));
  }

  paintMap() {
    this.map.paint(this.state);
    const events = this.tables.keyEvents.filter((event) => event.day === this.day);
    if (events.length || (this.map.markers || []).length) this.map.callouts(events, window.maplibregl);
  }

  stateOf(day) {
    return dayState(this.tables, day);
  }

  // Show a day: the map (only what differs), the time bar, the card, the changes, the
  // legend and the chart cursor; the address and listeners follow.
  show(day) {
    this.day = day;
    this.state = dayState(this.tables, day);
    if (this.mapLoaded) this.paintMap(); // else the style's arrival paints it
    this.timebar.show(day);
    this.card.show(this.town, day);
    this.changes.replaceChildren(...changeList(this.tables, this.texts, day, (town) => this.select(town)));
    this.legendNode.replaceChildren(legend(this.tables, this.texts, this.state, this.geometry));
    this.chart.show(day);
    this.remember();
    announce(this);
  }

  select(town) {
    this.town = town;
    if (this.map) this.map.select(town);
    this.card.show(town, this.day);
    this.root.classList.toggle('fl-has-card', town >= 0);
    // The sheet of a narrow screen (reader.css) covers up to 52 % of its height.
    if (town >= 0 && this.map && matchMedia(SHEET_MEDIA).matches) this.map.reveal(town, window.innerHeight * 0.52);
    this.remember();
    announce(this);
  }

  setDate(iso) {
    const day = dayOf(this.tables, iso);
    if (day < 0) return false;
    this.timebar.stop();
    this.show(day);
    return true;
  }

  setTownId(id) {
    const town = id === null ? -1 : this.tables.towns.ids.indexOf(id);
    if (id !== null && town < 0) return false;
    this.select(town);
    return true;
  }

  async cardOf(town) {
    const perChunk = this.page.files.cardsPerChunk;
    const chunk = Math.floor(town / perChunk);
    const id = this.tables.towns.ids[town];
    let payload;
    if (this.record) {
      payload = this.record.cards[chunk];
    } else {
      const text = await loader.need('cards', `${this.lang}-${chunk}`, (this.page.files.cards[this.lang] || [])[chunk]);
      payload = text ? JSON.parse(text) : null;
    }
    return payload && payload.cards[id] ? { card: payload.cards[id], sources: payload.sources } : null;
  }

  // The app: a user's own record (checked by the server) replaces the pack's for this
  // tab; the geometry and places are the pack's.
  loadRecord(record) {
    this.record = record;
    this.replaceTables(readTables(record.tables));
  }

  resetRecord() {
    this.record = null;
    this.replaceTables(this.packTables);
  }

  replaceTables(tables) {
    const keep = this.tables.dates[this.day];
    const town = this.town >= 0 ? this.tables.towns.ids[this.town] : null;
    this.tables = tables;
    this.texts = tables.texts;
    if (this.map) {
      this.map.tables = tables;
      this.map.shown = null;
    }
    this.timebar.node.remove();
    this.timebar = new TimeBar({ tables, texts: this.texts, onDay: (day) => this.show(day) });
    this.root.querySelector('.fl-main').prepend(this.timebar.node);
    this.card = this.replaceCard(tables);
    this.chart.node.replaceWith((this.chart = new Chart(tables, this.texts, (day) => this.show(day))).node);
    this.town = town === null ? -1 : tables.towns.ids.indexOf(town);
    const day = dayOf(tables, keep);
    this.show(day >= 0 ? day : tables.dates.length - 1);
  }

  replaceCard(tables) {
    const card = new Card(tables, this.texts, (town) => this.cardOf(town), () => this.select(-1));
    this.card.node.replaceWith(card.node);
    return card;
  }
}

// Width over height of the country in Web Mercator, with room for labels at the edges.
function mapRatio([west, south, east, north]) {
  const y = (lat) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const ratio = ((east - west) * Math.PI) / 180 / (y(north) - y(south));
  return Math.max(0.6, Math.min(2.2, ratio * 0.92));
}

export function boot() {
  const settings = document.getElementById('frontline-page');
  const root = document.getElementById('frontline');
  if (!settings || !root) return null;
  const reader = new Reader(root, JSON.parse(settings.textContent));
  reader.start().catch((error) => {
    root.setAttribute('data-error', String(error && error.message));
    console.error(error);
  });
  return reader;
}


