// The map: MapLibre with the reader's own sources and layers, painted from the style
// sheet (dashboard/style), and recoloured by feature state, so the geometry goes to
// MapLibre once and a day only changes what differs from the screen. Around the pack's
// areas: the sea, the neighbours, lakes, rivers, roads and their names, offline.
import { BASE_RADIUS, drawSymbol, stripesImage } from './symbols.js';
import { naming } from './state.js';

const SOURCES = {
  areas: 'fl-areas', edges: 'fl-edges', towns: 'fl-towns', parents: 'fl-parents', disputed: 'fl-disputed',
  land: 'fl-land', lakes: 'fl-lakes', rivers: 'fl-rivers', roads: 'fl-roads', labels: 'fl-basemap-labels',
  blocs: 'fl-blocs', zones: 'fl-zones',
};
// A side holding at least this share of the map gets its name written on its land.
const BLOC_SHARE = 0.1;
export const LAYERS = {
  fill: 'fl-area-fill', hatch: 'fl-area-hatch', stripes: 'fl-area-stripes', changed: 'fl-changed',
  front: 'fl-frontline', places: 'fl-places', selected: 'fl-selected', parents: 'fl-parents',
};
const HATCH_IMAGE = 'fl-hatch';
const STRIPES_IMAGE = 'fl-stripes';
const OCCUPIED_IMAGE = 'fl-occupied';

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
  const middle = (tables.bounds[0] + tables.bounds[2]) / 2;
  return {
    type: 'FeatureCollection',
    features: t.ids.map((id, i) => ({
      type: 'Feature',
      properties: {
        name: t.names[i], rank: t.rank[i], radius: t.radius[i], symbol: t.symbol[i],
        // Names lean towards the middle of the country, never out of the frame.
        west: t.lon[i] < middle,
      },
      geometry: { type: 'Point', coordinates: [t.lon[i], t.lat[i]] },
    })),
  };
}

function basemapLayers(s, geometry, lang, fontStack) {
  const layers = [];
  const name = ['coalesce', ['get', `name_${lang}`], ['get', 'name_en'], ''];
  const rank = ['number', ['get', 'rank'], 3];
  if (geometry.land) {
    layers.push(
      { id: 'fl-land', type: 'fill', source: SOURCES.land, paint: { 'fill-color': s.land } },
      { id: 'fl-land-borders', type: 'line', source: SOURCES.land, paint: { 'line-color': '#b9b3a8', 'line-width': 0.8 } },
    );
  }
  return { name, rank, below: layers, above: (sources) => {
    const over = [];
    if (sources.includes('lakes')) {
      over.push({ id: 'fl-lakes', type: 'fill', source: SOURCES.lakes, paint: { 'fill-color': s.sea, 'fill-outline-color': s.water } });
    }
    if (sources.includes('rivers')) {
      over.push({
        id: 'fl-rivers', type: 'line', source: SOURCES.rivers, layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': s.water, 'line-width': ['match', rank, 1, s.riverWidth[0], 2, s.riverWidth[1], s.riverWidth[2]] },
      });
    }
    if (sources.includes('roads')) {
      over.push({
        id: 'fl-roads', type: 'line', source: SOURCES.roads, layout: { 'line-join': 'round' },
        paint: { 'line-color': s.road, 'line-width': ['match', rank, 1, s.roadWidth[0], s.roadWidth[1]], 'line-opacity': 0.8 },
      });
    }
    return over;
  } };
}

function labelLayers(s, lang, fontStack) {
  const name = ['coalesce', ['get', `name_${lang}`], ['get', 'name_en'], ''];
  const kind = (...kinds) => ['in', ['get', 'kind'], ['literal', kinds]];
  const latin = lang !== 'ar';
  return [
    {
      id: 'fl-label-countries', type: 'symbol', source: SOURCES.labels, filter: kind('country'),
      layout: {
        'text-field': latin ? ['upcase', name] : name, 'text-font': [fontStack], 'text-size': 12,
        'text-letter-spacing': latin ? 0.18 : 0, 'text-max-width': 8, 'symbol-sort-key': ['get', 'rank'],
      },
      paint: { 'text-color': s.countryLabel, 'text-halo-color': s.land, 'text-halo-width': 1.2 },
    },
    {
      id: 'fl-label-water', type: 'symbol', source: SOURCES.labels, filter: kind('sea', 'lake', 'river'),
      minzoom: 3.5,
      layout: {
        'text-field': name, 'text-font': [fontStack], 'text-size': ['match', ['get', 'kind'], 'sea', 12, 10.5],
        'text-letter-spacing': latin ? 0.08 : 0, 'text-max-width': 9, 'symbol-sort-key': ['get', 'rank'],
      },
      paint: { 'text-color': s.waterLabel, 'text-halo-color': 'rgba(255,255,255,0.7)', 'text-halo-width': 1 },
    },
    {
      id: 'fl-label-regions', type: 'symbol', source: SOURCES.labels, filter: kind('region'), minzoom: 5,
      layout: { 'text-field': latin ? ['upcase', name] : name, 'text-font': [fontStack], 'text-size': 11, 'text-letter-spacing': latin ? 0.2 : 0 },
      paint: { 'text-color': s.regionLabel, 'text-halo-color': 'rgba(255,255,255,0.8)', 'text-halo-width': 1.2, 'text-opacity': 0.85 },
    },
  ];
}

// A callout's corners around its place (east-north first), and its marker's anchor.
const CORNERS = ['ne', 'nw', 'se', 'sw'];
const MIRRORED = ['nw', 'ne', 'sw', 'se'];
const CALLOUT_ANCHORS = { ne: 'bottom-left', nw: 'bottom-right', se: 'top-left', sw: 'top-right' };

const EAST = ['left', [0.7, 0], 'top', [0, 0.7], 'bottom', [0, -0.7], 'right', [-0.7, 0]];
const WEST = ['right', [-0.7, 0], 'top', [0, 0.7], 'bottom', [0, -0.7], 'left', [0.7, 0]];

// The places: one symbol layer per label tier, the marker part of the collision index
// (so names keep clear of every marker) and the name where it fits. Small places come in
// as the map zooms in: at the country's scale their markers would crowd the big ones.
function placeLayers(s, fontStack) {
  const tiers = [...s.labelTiers];
  return tiers.reverse().map((tier, n, all) => {
    const below = all[n + 1];
    return {
      id: `${LAYERS.places}-${tier.rank}`, type: 'symbol', source: SOURCES.towns,
      minzoom: tier.rank >= 3 ? Math.max(0, tier.minzoom - 1.5) : 0,
      filter: below ? ['all', ['>', ['get', 'rank'], below.rank], ['<=', ['get', 'rank'], tier.rank]] : ['<=', ['get', 'rank'], tier.rank],
      layout: {
        'icon-image': ['concat', 'fl-symbol-', ['get', 'symbol']],
        'icon-size': ['/', ['get', 'radius'], BASE_RADIUS],
        'icon-allow-overlap': true,
        'icon-ignore-placement': false,
        'text-field': ['step', ['zoom'], '', tier.minzoom, ['get', 'name']],
        'text-font': [fontStack],
        'text-size': tier.size,
        'text-variable-anchor-offset': ['case', ['get', 'west'], ['literal', EAST], ['literal', WEST]],
        'text-padding': 2,
        'text-max-width': 14,
        'text-optional': true,
        'symbol-sort-key': ['get', 'rank'],
      },
      paint: { 'text-color': s.ink, 'text-halo-color': s.halo, 'text-halo-width': 1.6, 'text-halo-blur': 0.3 },
    };
  });
}

function styleOf(tables, geometry, fontStack) {
  const s = tables.style;
  const lang = tables.lang;
  const sources = {
    [SOURCES.areas]: { type: 'geojson', data: geometry.areas, generateId: true },
    [SOURCES.edges]: { type: 'geojson', data: geometry.edges, generateId: true },
    [SOURCES.parents]: { type: 'geojson', data: geometry.parents },
    [SOURCES.towns]: { type: 'geojson', data: townFeatures(tables), generateId: true },
    [SOURCES.blocs]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  };
  const basemap = ['land', 'lakes', 'rivers', 'roads', 'labels'].filter((name) => geometry[name]);
  basemap.forEach((name) => { sources[SOURCES[name]] = { type: 'geojson', data: geometry[name] }; });
  const base = basemapLayers(s, geometry, lang, fontStack);
  const layers = [
    { id: 'fl-background', type: 'background', paint: { 'background-color': basemap.includes('land') ? s.sea : '#ffffff' } },
    ...base.below,
    {
      id: LAYERS.fill, type: 'fill', source: SOURCES.areas,
      paint: {
        // `fill`: the holder's colour, or under contested land its last holder's.
        'fill-color': byCode('fill', s.states, 'rgba(0,0,0,0)'),
        // The outline in the fill's own colour: no seams between areas of one side.
        'fill-outline-color': byCode('fill', s.states, 'rgba(0,0,0,0)'),
        'fill-opacity': ['case', ['==', ['number', ['feature-state', 'fill'], -1], -1], 0, s.areaOpacity],
      },
    },
    { id: LAYERS.hatch, type: 'fill', source: SOURCES.areas, paint: { 'fill-pattern': HATCH_IMAGE, 'fill-opacity': flag('hatched') } },
    { id: LAYERS.stripes, type: 'fill', source: SOURCES.areas, paint: { 'fill-pattern': STRIPES_IMAGE, 'fill-opacity': flag('striped') } },
  ];
  if (geometry.zones) {
    // Zones drawn from the pack's own outlines (not from towns): a dashed edge and their
    // name, so the occupied Golan reads as what it is, apart from a day's advance.
    sources[SOURCES.zones] = { type: 'geojson', data: geometry.zones };
    layers.push({
      // A zone held under an occupation older than the record: level lines over the
      // holder's colour (the pack keeps its holder for the whole record).
      id: 'fl-zone-pattern', type: 'fill', source: SOURCES.zones,
      filter: ['==', ['get', 'pattern'], 'occupied'],
      paint: { 'fill-pattern': OCCUPIED_IMAGE },
    }, {
      id: 'fl-zone-edges', type: 'line', source: SOURCES.zones,
      paint: { 'line-color': s.ink, 'line-width': 1, 'line-dasharray': [3, 2], 'line-opacity': 0.7 },
    });
  }
  if (geometry.disputed) {
    sources[SOURCES.disputed] = { type: 'geojson', data: geometry.disputed };
    layers.push({ id: 'fl-disputed', type: 'fill', source: SOURCES.disputed, paint: { 'fill-color': s.disputed } });
  }
  layers.push(
    ...base.above(basemap),
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
    ...(basemap.includes('labels') ? labelLayers(s, lang, fontStack) : []),
    ...(geometry.zones ? [{
      id: 'fl-zone-labels', type: 'symbol', source: SOURCES.zones, minzoom: 5.5,
      layout: {
        'text-field': ['coalesce', ['get', `name_${lang}`], ['get', 'name_en'], ''], 'text-font': [fontStack],
        'text-size': 11, 'text-max-width': 9, 'symbol-placement': 'point',
      },
      paint: { 'text-color': s.ink, 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.5 },
    }] : []),
    {
      id: 'fl-bloc-labels', type: 'symbol', source: SOURCES.blocs,
      layout: {
        'text-field': lang === 'ar' ? ['get', 'name'] : ['upcase', ['get', 'name']], 'text-font': [fontStack],
        'text-size': 13, 'text-letter-spacing': lang === 'ar' ? 0 : 0.12, 'text-max-width': 10,
        'text-padding': 6,
      },
      paint: { 'text-color': s.ink, 'text-halo-color': 'rgba(255,255,255,0.85)', 'text-halo-width': 2, 'text-opacity': 0.8 },
    },
    {
      id: LAYERS.selected, type: 'circle', source: SOURCES.towns,
      paint: {
        'circle-radius': ['+', ['get', 'radius'], 6],
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': s.changed.colour,
        'circle-stroke-width': 2.5,
        'circle-stroke-opacity': flag('selected'),
      },
    },
    ...placeLayers(s, fontStack),
  );
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
    this.map = new maplibre.Map({
      container,
      style: styleOf(tables, geometry, tables.style.font),
      bounds: tables.bounds,
      fitBoundsOptions: { padding: this.padding() },
      attributionControl: false,
      // Labels appear at once: a fade restarts on every step and draws a second frame.
      fadeDuration: 0,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxZoom: 12,
      locale: {
        'Map.Title': texts.map,
        'NavigationControl.ZoomIn': texts.zoomIn,
        'NavigationControl.ZoomOut': texts.zoomOut,
        'ScaleControl.Kilometers': texts.km,
      },
    });
    this.map.touchZoomRotate.disableRotation();
    const s = tables.style;
    const hatch = stripesImage(s.hatch, 1);
    this.map.addImage(HATCH_IMAGE, hatch.image, { pixelRatio: hatch.pixelRatio });
    const stripes = stripesImage({ ...s.stripes, colour: s.states[s.contested] || '#999999' }, -1);
    this.map.addImage(STRIPES_IMAGE, stripes.image, { pixelRatio: stripes.pixelRatio });
    const occupied = stripesImage(s.occupied, 0);
    this.map.addImage(OCCUPIED_IMAGE, occupied.image, { pixelRatio: occupied.pixelRatio });
    for (const symbol of s.symbols) {
      const image = drawSymbol(symbol, s.town.fill, s.town.stroke);
      this.map.addImage(`fl-symbol-${symbol}`, image.image, { pixelRatio: image.pixelRatio });
    }
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
    return small ? { top: 14, bottom: 14, left: 18, right: 18 } : { top: 28, bottom: 28, left: 48, right: 48 };
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
    const contested = this.tables.style.contested;
    const set = (source, id, value) => map.setFeatureState({ source, id }, value);
    for (let i = 0; i < state.codes.length; i++) {
      if (!shown || shown.codes[i] !== state.codes[i] || shown.fill[i] !== state.fill[i]
          || shown.certainty[i] !== state.certainty[i] || shown.changed[i] !== state.changed[i]) {
        set(SOURCES.areas, i, {
          code: state.codes[i],
          fill: state.fill[i],
          hatched: hatched.has(state.certainty[i]),
          striped: state.codes[i] === contested,
          changed: !!state.changed[i],
        });
      }
    }
    for (let e = 0; e < state.front.length; e++) {
      if (!shown || shown.front[e] !== state.front[e]) set(SOURCES.edges, e, { front: !!state.front[e] });
    }
    this.shown = state;
    this.writeBlocs(state);
  }

  // The names of the large blocs, each on the largest area it holds that day away from
  // the capitals (whose own names are written beside them).
  writeBlocs(state) {
    const { tables } = this;
    const total = state.territory.reduce((sum, km2) => sum + km2, 0) || 1;
    const largest = new Map();
    const weight = (area) => tables.areas.km2[area] * (tables.towns.rank[tables.areas.town[area]] <= 1 ? 0.2 : 1);
    state.codes.forEach((code, area) => {
      if (code === tables.style.contested || state.territory[code] / total < BLOC_SHARE) return;
      const best = largest.get(code);
      if (best === undefined || weight(area) > weight(best)) largest.set(code, area);
    });
    const key = [...largest].map(([code, area]) => `${code}:${area}`).join(',');
    if (key === this.blocKey) return;
    this.blocKey = key;
    const features = [...largest].map(([code, area]) => ({
      type: 'Feature',
      properties: { name: naming(tables, code, state.day).short, share: state.territory[code] / total },
      geometry: { type: 'Point', coordinates: tables.areas.label[area] },
    }));
    this.map.getSource(SOURCES.blocs).setData({ type: 'FeatureCollection', features });
  }

  // The key events of the day, written on the map beside their place with a diagonal
  // leader: of the four corners around the place (towards the middle of the country
  // first, above first), the one whose box covers the fewest place names and stays
  // inside the frame, looked at again once the names are placed.
  callouts(events, maplibre) {
    this.calloutEvents = events.filter((event) => event.town !== null);
    this.placeCallouts(maplibre);
    if (this.calloutEvents.length) this.map.once('idle', () => this.placeCallouts(maplibre));
  }

  callout(event, maplibre, corner) {
    const t = this.tables.towns;
    const node = document.createElement('div');
    node.className = `fl-callout fl-callout-${corner}`;
    const text = document.createElement('span');
    text.textContent = event.label; // text, never HTML
    node.append(text);
    return new maplibre.Marker({ element: node, anchor: CALLOUT_ANCHORS[corner] })
      .setLngLat([t.lon[event.town], t.lat[event.town]])
      .addTo(this.map);
  }

  placeCallouts(maplibre) {
    (this.markers || []).forEach((marker) => marker.remove());
    const t = this.tables.towns;
    const middle = (this.tables.bounds[0] + this.tables.bounds[2]) / 2;
    const frame = this.map.getContainer().getBoundingClientRect();
    const places = this.map.getStyle().layers.filter((l) => l.id.startsWith(LAYERS.places)).map((l) => l.id);
    this.markers = this.calloutEvents.map((event) => {
      let best = null;
      for (const corner of (t.lon[event.town] < middle ? CORNERS : MIRRORED)) {
        const marker = this.callout(event, maplibre, corner);
        const box = marker.getElement().querySelector('span').getBoundingClientRect();
        const a = [box.left - frame.left, box.top - frame.top];
        const b = [box.right - frame.left, box.bottom - frame.top];
        const outside = a[0] < 0 || a[1] < 0 || b[0] > frame.width || b[1] > frame.height;
        const score = (outside ? 1000 : 0) + this.map.queryRenderedFeatures([a, b], { layers: places }).length;
        if (best === null || score < best.score) {
          if (best) best.marker.remove();
          best = { marker, score };
        } else {
          marker.remove();
        }
        if (score === 0) break;
      }
      return best.marker;
    });
  }

  // On a phone the card is a sheet over the bottom of the screen (`covered` pixels high):
  // bring the map's top into view and the chosen place into the part left visible.
  reveal(town, covered) {
    const t = this.tables.towns;
    const container = this.map.getContainer();
    const box = container.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight - covered - box.height / 3) {
      window.scrollBy({ top: box.top, behavior: 'instant' });
    }
    const now = container.getBoundingClientRect(); // after the scroll, if any
    const top = Math.max(0, now.top);
    const bottom = Math.min(window.innerHeight - covered, now.bottom);
    const y = now.top + this.map.project([t.lon[town], t.lat[town]]).y;
    if (y < top + 24 || y > bottom - 24) {
      const band = (top + bottom) / 2 - now.top;
      this.map.easeTo({ center: [t.lon[town], t.lat[town]], offset: [0, band - now.height / 2], duration: 0 });
    }
  }

  select(town) {
    if (this.selected >= 0) this.map.setFeatureState({ source: SOURCES.towns, id: this.selected }, { selected: false });
    this.selected = town;
    if (town >= 0) this.map.setFeatureState({ source: SOURCES.towns, id: town }, { selected: true });
  }

  // The town under a point: the nearest marker (a finger gets a wider target; the more
  // important of two as near), else the town whose area it is.
  townAt(point, touch = false) {
    const map = this.map;
    const reach = touch ? 18 : 6;
    const box = [[point.x - reach, point.y - reach], [point.x + reach, point.y + reach]];
    const places = this.map.getStyle().layers.filter((l) => l.id.startsWith(LAYERS.places)).map((l) => l.id);
    const markers = map.queryRenderedFeatures(box, { layers: places });
    if (markers.length) {
      const { lon, lat, rank } = this.tables.towns;
      const away = (town) => {
        const at = map.project([lon[town], lat[town]]);
        return Math.hypot(at.x - point.x, at.y - point.y);
      };
      const towns = markers.map((marker) => marker.id);
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
      tip.textContent = this.describe(under); // text, never HTML
      const { width } = map.getContainer().getBoundingClientRect();
      tip.style.left = `${Math.max(4, Math.min(event.point.x + 12, width - tip.offsetWidth - 4))}px`;
      tip.style.top = `${event.point.y + 12}px`;
    });
    map.on('mouseout', () => { tip.hidden = true; });
    map.on('click', (event) => {
      const touch = event.originalEvent && event.originalEvent.pointerType === 'touch';
      const under = this.shown && this.townAt(event.point, touch || matchMedia('(pointer: coarse)').matches);
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
