// The map: MapLibre with the reader's own sources and layers, painted from the style
// sheet (dashboard/style.py) and recoloured by feature state, so the geometry goes to
// MapLibre once and a day only changes what differs from the screen.
import { naming } from './state.js';

const SOURCES = { areas: 'fl-areas', edges: 'fl-edges', towns: 'fl-towns', parents: 'fl-parents', disputed: 'fl-disputed' };
export const LAYERS = {
  fill: 'fl-area-fill', hatch: 'fl-area-hatch', changed: 'fl-changed', front: 'fl-frontline',
  towns: 'fl-towns', selected: 'fl-selected', parents: 'fl-parents', disputed: 'fl-disputed',
};
const HATCH_IMAGE = 'fl-hatch';

// A MapLibre expression: the value for the feature's state code, `otherwise` without one.
function byCode(property, values, otherwise) {
  const expression = ['match', ['number', ['feature-state', property], -1]];
  values.forEach((value, code) => expression.push(code, value));
  expression.push(otherwise);
  return expression;
}
const flag = (property) => ['case', ['boolean', ['feature-state', property], false], 1, 0];

function townFeatures(tables) {
  const t = tables.towns;
  return {
    type: 'FeatureCollection',
    features: t.ids.map((id, i) => ({
      type: 'Feature',
      properties: { name: t.names[i], rank: t.rank[i], radius: t.radius[i], facility: t.facility[i] },
      geometry: { type: 'Point', coordinates: [t.lon[i], t.lat[i]] },
    })),
  };
}

// Diagonal stripes, drawn once: the hatch over a holder that rests on a weak report.
function hatchImage(hatch) {
  const ratio = 2;
  const size = hatch.spacing * ratio;
  const data = new Uint8Array(size * size * 4);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hatch.colour.slice(i, i + 2), 16));
  const width = hatch.width * ratio;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = (x + y) % size; // distance along the anti-diagonal
      const near = Math.min(d, size - d);
      const alpha = Math.max(0, Math.min(1, width / 2 + 0.5 - near));
      const at = (y * size + x) * 4;
      data.set([r, g, b, Math.round(255 * alpha * hatch.opacity)], at);
    }
  }
  return { image: { width: size, height: size, data }, pixelRatio: ratio };
}

function styleOf(tables, geometry) {
  const s = tables.style;
  const sources = {
    [SOURCES.areas]: { type: 'geojson', data: geometry.areas, generateId: true },
    [SOURCES.edges]: { type: 'geojson', data: geometry.edges, generateId: true },
    [SOURCES.parents]: { type: 'geojson', data: geometry.parents },
    [SOURCES.towns]: { type: 'geojson', data: townFeatures(tables), generateId: true },
  };
  const layers = [
    { id: 'fl-background', type: 'background', paint: { 'background-color': '#ffffff' } },
    {
      id: LAYERS.fill, type: 'fill', source: SOURCES.areas,
      paint: {
        'fill-color': byCode('code', s.states, 'rgba(0,0,0,0)'),
        // The outline in the fill's own colour: no seams between areas of one side.
        'fill-outline-color': byCode('code', s.states, 'rgba(0,0,0,0)'),
        'fill-opacity': ['case', ['==', ['number', ['feature-state', 'code'], -1], -1], 0, s.areaOpacity],
      },
    },
    {
      id: LAYERS.hatch, type: 'fill', source: SOURCES.areas,
      paint: { 'fill-pattern': HATCH_IMAGE, 'fill-opacity': flag('hatched') },
    },
  ];
  if (geometry.disputed) {
    sources[SOURCES.disputed] = { type: 'geojson', data: geometry.disputed };
    layers.push({ id: LAYERS.disputed, type: 'fill', source: SOURCES.disputed, paint: { 'fill-color': s.disputed } });
  }
  layers.push(
    { id: LAYERS.parents, type: 'line', source: SOURCES.parents, paint: { 'line-color': s.parents.colour, 'line-width': s.parents.width } },
    {
      id: LAYERS.changed, type: 'line', source: SOURCES.areas,
      paint: { 'line-color': s.changed.colour, 'line-width': s.changed.width, 'line-opacity': flag('changed') },
    },
    {
      id: LAYERS.front, type: 'line', source: SOURCES.edges,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': s.frontline.colour, 'line-width': s.frontline.width, 'line-opacity': flag('front') },
    },
    {
      id: LAYERS.selected, type: 'circle', source: SOURCES.towns,
      paint: {
        'circle-radius': ['+', ['get', 'radius'], 5],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': s.changed.colour,
        'circle-stroke-width': 2.5,
        'circle-stroke-opacity': flag('selected'),
      },
    },
    {
      id: LAYERS.towns, type: 'circle', source: SOURCES.towns,
      paint: {
        'circle-radius': ['get', 'radius'],
        'circle-color': ['case', ['get', 'facility'], s.town.stroke, s.town.fill],
        'circle-stroke-color': ['case', ['get', 'facility'], s.town.fill, s.town.stroke],
        'circle-stroke-width': 1.2,
      },
    },
  );
  // The most important tier goes on top: MapLibre places the top layer's names first.
  [...s.labelTiers].reverse().forEach((tier, n, tiers) => {
    const below = tiers[n + 1];
    layers.push({
      id: `fl-labels-${tier.rank}`, type: 'symbol', source: SOURCES.towns, minzoom: tier.minzoom,
      filter: below ? ['all', ['>', ['get', 'rank'], below.rank], ['<=', ['get', 'rank'], tier.rank]] : ['<=', ['get', 'rank'], tier.rank],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [s.font],
        'text-size': tier.size,
        'text-variable-anchor': ['left', 'right', 'top', 'bottom'],
        'text-radial-offset': 0.6,
        'text-padding': 2,
        'text-max-width': 12,
        'symbol-sort-key': ['get', 'rank'],
      },
      paint: { 'text-color': s.ink, 'text-halo-color': s.halo, 'text-halo-width': 1.6 },
    });
  });
  return { version: 8, sources, layers, glyphs: 'frontline://glyphs/{fontstack}/{range}' };
}

export class ReaderMap {
  // `options`: container, tables, geometry, texts, onSelect(townIndex), maplibre.
  constructor(options) {
    const { container, tables, geometry, texts, maplibre } = options;
    this.tables = tables;
    this.options = options;
    this.shown = null;
    this.selected = -1;
    this.moved = false;
    const padding = this.padding();
    this.map = new maplibre.Map({
      container,
      style: styleOf(tables, geometry),
      bounds: tables.bounds,
      fitBoundsOptions: { padding },
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      cooperativeGestures: false,
      locale: {
        'Map.Title': texts.map,
        'NavigationControl.ZoomIn': texts.zoomIn,
        'NavigationControl.ZoomOut': texts.zoomOut,
        'ScaleControl.Kilometers': texts.km,
      },
    });
    this.map.touchZoomRotate.disableRotation();
    const hatch = hatchImage(tables.style.hatch);
    this.map.addImage(HATCH_IMAGE, hatch.image, { pixelRatio: hatch.pixelRatio });
    this.map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new ResetControl(this, texts.reset), 'top-right');
    this.map.addControl(new maplibre.ScaleControl({ unit: 'metric', maxWidth: 90 }), 'bottom-left');
    this.map.on('movestart', (event) => { this.moved = this.moved || !!event.originalEvent; });
    this.map.on('resize', () => { if (!this.moved) this.frame(); });
    this.listen();
  }

  // Labels need room at the edge of the frame: the whole country, padded.
  padding() {
    const small = this.options.container.clientWidth < 500;
    return small ? { top: 16, bottom: 16, left: 24, right: 24 } : { top: 24, bottom: 24, left: 40, right: 40 };
  }

  frame() {
    this.map.fitBounds(this.tables.bounds, { padding: this.padding(), animate: false });
  }

  home() {
    this.moved = false;
    this.frame();
  }

  // Feature state for what differs from the map on screen (everything the first time).
  paint(state) {
    const map = this.map;
    const shown = this.shown;
    const hatched = new Set(this.tables.style.hatched);
    const set = (source, id, value) => map.setFeatureState({ source, id }, value);
    for (let i = 0; i < state.codes.length; i++) {
      if (!shown || shown.codes[i] !== state.codes[i] || shown.certainty[i] !== state.certainty[i] || shown.changed[i] !== state.changed[i]) {
        set(SOURCES.areas, i, { code: state.codes[i], hatched: hatched.has(state.certainty[i]), changed: !!state.changed[i] });
      }
    }
    for (let e = 0; e < state.front.length; e++) {
      if (!shown || shown.front[e] !== state.front[e]) set(SOURCES.edges, e, { front: !!state.front[e] });
    }
    this.shown = state;
  }

  select(town) {
    if (this.selected >= 0) this.map.setFeatureState({ source: SOURCES.towns, id: this.selected }, { selected: false });
    this.selected = town;
    if (town >= 0) this.map.setFeatureState({ source: SOURCES.towns, id: town }, { selected: true });
  }

  // The town under a point: the nearest dot (the more important of two as near), else
  // the town whose area it is.
  townAt(point) {
    const map = this.map;
    const box = [[point.x - 6, point.y - 6], [point.x + 6, point.y + 6]];
    const dots = map.queryRenderedFeatures(box, { layers: [LAYERS.towns] });
    if (dots.length) {
      const { lon, lat, rank } = this.tables.towns;
      const away = (town) => {
        const at = map.project([lon[town], lat[town]]);
        return Math.hypot(at.x - point.x, at.y - point.y);
      };
      const towns = dots.map((dot) => dot.id);
      towns.sort((a, b) => away(a) - away(b) || rank[a] - rank[b]);
      return { town: towns[0], area: -1 };
    }
    const areas = map.queryRenderedFeatures(point, { layers: [LAYERS.fill] });
    if (!areas.length) return null;
    return { town: this.tables.areas.town[areas[0].id], area: areas[0].id };
  }

  describe(under) {
    const { tables, shown } = this;
    if (!shown) return '';
    const code = under.area >= 0 ? shown.codes[under.area] : shown.townCodes[under.town];
    const place = under.area >= 0 ? tables.areas.names[under.area] : tables.towns.names[under.town];
    return `${place}: ${naming(tables, code, shown.day).label}`;
  }

  listen() {
    const map = this.map;
    const tip = document.createElement('div');
    tip.className = 'fl-tooltip';
    tip.setAttribute('role', 'tooltip');
    tip.hidden = true;
    map.getContainer().appendChild(tip);
    map.on('mousemove', (event) => {
      const under = this.shown && this.townAt(event.point);
      map.getCanvas().style.cursor = under ? 'pointer' : '';
      tip.hidden = !under;
      if (!under) return;
      tip.textContent = this.describe(under);
      const { width } = map.getContainer().getBoundingClientRect();
      const x = event.point.x + 12;
      tip.style.left = `${Math.min(x, width - tip.offsetWidth - 4)}px`;
      tip.style.top = `${event.point.y + 12}px`;
    });
    map.on('mouseout', () => { tip.hidden = true; });
    map.on('click', (event) => {
      const under = this.shown && this.townAt(event.point);
      if (under) this.options.onSelect(under.town);
    });
  }
}

class ResetControl {
  constructor(reader, label) {
    this.reader = reader;
    this.label = label;
  }

  onAdd() {
    this.container = document.createElement('div');
    this.container.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'fl-reset';
    button.title = this.label;
    button.setAttribute('aria-label', this.label);
    button.textContent = '⌂';
    button.addEventListener('click', () => this.reader.home());
    this.container.append(button);
    return this.container;
  }

  onRemove() {
    this.container.remove();
  }
}
