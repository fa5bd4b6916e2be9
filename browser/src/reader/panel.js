// The reader's side of the map: find a place, its card (names, holder on the day,
// sourced history), the changes of the day grouped by who gained, and the legend of
// the day. All texts come from the tables in the page's language.
import { clear, el, fill, safeLink } from './dom.js';
import { naming } from './state.js';

export function badge(tables, code, day, short = false) {
  const name = naming(tables, code, day);
  return el('span', { className: 'fl-badge', 'data-state': tables.states.ids[code] }, [
    el('span', { className: 'fl-swatch', style: { backgroundColor: tables.style.states[code] } }),
    short ? name.short : name.label,
  ]);
}

export class Search {
  constructor(tables, texts, onTown) {
    const options = el('datalist', { id: 'fl-places' }, tables.towns.ids.map((id, i) => el('option', {
      value: tables.towns.names[i],
      label: tables.towns.search[i] !== tables.towns.names[i] ? tables.towns.search[i] : undefined,
    })));
    const input = el('input', {
      type: 'search', className: 'fl-search', list: 'fl-places', placeholder: texts.searchHint,
      'aria-label': texts.search, autocomplete: 'off',
    });
    const status = el('p', { className: 'fl-search-status', role: 'status' });
    const find = () => {
      const wanted = input.value.trim().toLocaleLowerCase();
      if (!wanted) return;
      const exact = tables.towns.names.findIndex((n) => n.toLocaleLowerCase() === wanted);
      const town = exact >= 0 ? exact : tables.towns.search.findIndex((s) => s.toLocaleLowerCase().includes(wanted));
      status.textContent = town >= 0 ? '' : texts.notFound;
      if (town >= 0) onTown(town);
    };
    input.addEventListener('change', find);
    input.addEventListener('keydown', (event) => { if (event.key === 'Enter') find(); });
    this.node = el('div', { className: 'fl-find', role: 'search' }, [
      el('label', { className: 'fl-field-label', text: texts.search, for: 'fl-search' }), input, options, status,
    ]);
    input.id = 'fl-search';
  }
}

export class Card {
  // `load(town)` resolves to { card, sources } from the town's chunk.
  constructor(tables, texts, load, onClose) {
    this.tables = tables;
    this.texts = texts;
    this.load = load;
    this.town = null; // none shown yet: the first show() writes the hint
    this.day = 0;
    this.head = el('div', { className: 'fl-card-head' });
    this.holder = el('p', { className: 'fl-holder' });
    this.history = el('div', { className: 'fl-history' });
    this.close = el('button', { type: 'button', className: 'fl-close', 'aria-label': texts.close, title: texts.close, text: '×', onClick: onClose });
    this.node = el('section', { className: 'fl-card', 'aria-live': 'polite', 'aria-label': texts.details }, [
      this.close, this.head, this.holder, this.history,
    ]);
    this.show(-1, 0);
  }

  show(town, day) {
    this.day = day;
    if (town !== this.town) {
      this.town = town;
      clear(this.history);
      if (town < 0) {
        this.head.replaceChildren(el('p', { className: 'fl-hint', text: this.texts.hint }));
      } else {
        this.head.replaceChildren(el('h3', { className: 'fl-town-name', text: this.tables.towns.names[town] }));
        this.load(town).then((found) => { if (found && this.town === town) this.fill(found); });
      }
      this.node.classList.toggle('fl-empty', town < 0);
    }
    this.renderHolder();
  }

  renderHolder() {
    const { tables, town, day } = this;
    if (town < 0) return this.holder.replaceChildren();
    const code = tables.towns.runCode[runAt(tables, town, day)];
    this.holder.replaceChildren(fill(this.texts.holder, { date: tables.dayNames[day] }), ' ', badge(tables, code, day));
  }

  fill({ card, sources }) {
    const head = [el('h3', { className: 'fl-town-name', text: card.name })];
    card.otherNames.forEach((other) => head.push(el('p', { className: 'fl-other-name', lang: other.lang, dir: other.dir, text: other.name })));
    head.push(el('p', { className: 'fl-muted', text: card.about }));
    this.head.replaceChildren(...head);
    const items = card.history.map((event) => {
      const heading = [event.heading, ' '];
      event.states.forEach((code, i) => {
        if (i) heading.push(el('span', { className: 'fl-arrow', 'aria-hidden': 'true', text: ` ${this.texts.arrow} ` }));
        heading.push(el('span', { className: 'fl-badge', 'data-state': this.tables.states.ids[code] }, [
          el('span', { className: 'fl-swatch', style: { backgroundColor: this.tables.style.states[code] } }), event.labels[i],
        ]));
      });
      return el('li', { className: 'fl-event' }, [
        el('div', { className: 'fl-event-heading' }, heading),
        el('p', { className: 'fl-description', lang: event.lang, dir: event.dir, text: event.description }),
        ...event.notes.map((note) => el('p', { className: 'fl-note', text: note })),
        event.dateNote && el('p', { className: 'fl-date-note', text: event.dateNote }),
        el('p', { className: 'fl-muted', text: event.confidence }),
        event.review && el('p', { className: 'fl-muted', text: event.review }),
        el('ul', { className: 'fl-sources' }, event.sources.map((index) => el('li', { dir: 'auto' }, [
          safeLink(sources[index].url, sources[index].text),
        ]))),
      ]);
    });
    this.history.replaceChildren(el('h4', { text: this.texts.history }), el('ol', { className: 'fl-events' }, items));
  }
}

export function runAt(tables, town, day) {
  const { runStart, runDay } = tables.towns;
  const end = town + 1 < runStart.length ? runStart[town + 1] : runDay.length;
  let k = runStart[town];
  while (k + 1 < end && runDay[k + 1] <= day) k++;
  return k;
}

// The day's changes, grouped by the side that gained, the group that gained most
// places first, the most important places first; each place selects it.
export function changeList(tables, texts, day, onTown) {
  const changes = tables.changes[String(day)];
  if (!changes) return [el('p', { className: 'fl-muted', text: texts.noChange })];
  const groups = new Map();
  for (const [town, from, to, inferred] of changes) {
    if (!groups.has(to)) groups.set(to, []);
    groups.get(to).push({ town, from, inferred });
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  return ordered.map(([to, places]) => {
    places.sort((a, b) => tables.towns.rank[a.town] - tables.towns.rank[b.town]
      || tables.towns.names[a.town].localeCompare(tables.towns.names[b.town]));
    const side = naming(tables, to, day).short;
    return el('div', { className: 'fl-change-group' }, [
      el('h4', {}, [el('span', { className: 'fl-swatch', style: { backgroundColor: tables.style.states[to] } }), fill(texts.took, { side })]),
      el('ul', { className: 'fl-change-places' }, places.map(({ town, from, inferred }) => el('li', {}, [
        el('button', {
          type: 'button', className: 'fl-place-link', onClick: () => onTown(town),
          title: fill(texts.changeLine, { town: tables.towns.names[town], before: naming(tables, from, day).label, after: naming(tables, to, day).label }),
          text: tables.towns.names[town] + (inferred ? ` ${texts.inferred}` : ''),
        }),
      ]))),
    ]);
  });
}

// The legend of the day: the states that hold land, largest first, as chips with their
// short names; then what the patterns, lines and markers mean.
export function legend(tables, texts, state, geometry) {
  const order = state.territory.map((km2, code) => [km2, code]).filter(([km2]) => km2 > 0).sort((a, b) => b[0] - a[0]);
  const sides = el('ul', { className: 'fl-legend-sides' }, order.map(([, code]) => el('li', {
    title: naming(tables, code, state.day).label,
  }, [
    el('span', { className: 'fl-swatch', style: { backgroundColor: tables.style.states[code] } }),
    naming(tables, code, state.day).short,
  ])));
  const keys = [];
  const hatched = new Set(tables.style.hatched);
  if (Array.from(state.certainty).some((c) => hatched.has(c))) {
    keys.push(el('li', {}, [el('span', { className: 'fl-swatch fl-swatch-hatch' }), texts.legendItems.uncertain]));
  }
  if (state.codes.includes(tables.style.contested)) {
    keys.push(el('li', {}, [el('span', { className: 'fl-swatch fl-swatch-stripes' }), texts.legendItems.contested]));
  }
  for (const zone of geometry.zones ? geometry.zones.features : []) {
    const { pattern } = zone.properties;
    if (pattern !== 'occupied') continue;
    const name = zone.properties[`name_${tables.lang}`] || zone.properties.name_en;
    keys.push(el('li', {}, [el('span', { className: `fl-swatch fl-swatch-${pattern}` }), name]));
  }
  if (geometry.disputed) {
    keys.push(el('li', {}, [el('span', { className: 'fl-swatch', style: { backgroundColor: tables.style.disputed } }), texts.legendItems.disputed]));
  }
  keys.push(
    el('li', {}, [el('span', { className: 'fl-swatch fl-swatch-line', style: { borderColor: tables.style.frontline.colour } }), texts.legendItems.frontline]),
    el('li', {}, [el('span', { className: 'fl-swatch fl-swatch-outline', style: { borderColor: tables.style.changed.colour } }), texts.legendItems.changed]),
    el('li', {}, [el('span', { className: 'fl-swatch fl-swatch-dot' }), texts.legendItems.towns]),
  );
  return el('div', { className: 'fl-legend', role: 'group', 'aria-label': texts.legend }, [
    sides, el('ul', { className: 'fl-legend-keys' }, keys),
  ]);
}
