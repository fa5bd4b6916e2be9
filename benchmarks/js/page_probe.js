// Injected before any page script. Notes when the map first shows the areas painted:
// - the reader (published page, app): the first MapLibre 'idle' after `frontline:ready`
//   (the map has loaded and the reader has painted the day: `frontline.shown()`), with
//   every tile and glyph loaded (`map.loaded()`);
// - the naive peer: the first 'idle' of Plotly's map once the figure holds the areas
//   trace, with `map.loaded()`.
// It also wraps Plotly.react (naive peer) so a step knows when Plotly is busy.
(() => {
  if (window.top !== window) return;
  const bench = { firstMap: null, firstMapFrame: null, ready: null, reacts: [], pendingReacts: 0, kind: null };
  window.__bench = bench;

  // The reader's MapLibre (a global): when the map is made, and how many frames it
  // renders before the first map (each costs one software-drawn frame here).
  bench.mapCreated = null;
  bench.rendersBeforeFirstMap = 0;
  let maplibre;
  Object.defineProperty(window, 'maplibregl', {
    configurable: true,
    get: () => maplibre,
    set: (value) => {
      maplibre = value;
      const Base = value && value.Map;
      if (!Base) return;
      value.Map = class extends Base {
        constructor(options) {
          bench.mapCreated = performance.now();
          // Experiments only (never set by run.py): map options to try, e.g. fadeDuration.
          super({ ...options, ...(window.__benchMapOptions || {}) });
          this.on('render', () => {
            if (bench.firstMap === null) bench.rendersBeforeFirstMap += 1;
          });
          // What the map did until the first map, for a profile (js console or trace).
          bench.mapEvents = [];
          const note = (event) => {
            if (bench.firstMap !== null) return;
            const detail = event.sourceId ? `${event.sourceId}${event.isSourceLoaded ? ' loaded' : ''}` : '';
            bench.mapEvents.push([Math.round(performance.now()), event.type, detail]);
          };
          ['load', 'resize', 'move', 'render', 'idle', 'styledata', 'sourcedata', 'style.load'].forEach((type) => this.on(type, note));
        }
      };
    },
  });

  const watchIdle = (map, painted) => {
    const check = () => {
      if (bench.firstMap === null && map.loaded() && painted()) {
        bench.firstMap = performance.now();
        performance.mark('fl-bench-first-map');
        // The frame after it: the first map's frame has been committed (drawn).
        requestAnimationFrame(() => { bench.firstMapFrame = performance.now(); });
        map.off('idle', check);
      }
    };
    map.on('idle', check);
  };

  window.addEventListener('frontline:ready', () => {
    bench.kind = 'reader';
    bench.ready = performance.now();
    performance.mark('fl-bench-ready');
    watchIdle(window.frontline.map, () => !!window.frontline.shown());
  });

  const wrapPlotly = () => {
    const plotly = window.Plotly;
    if (!plotly || plotly.__benchWrapped) return;
    const original = plotly.react;
    plotly.react = function (gd, ...rest) {
      const id = gd && (gd.id || (gd.parentNode && gd.parentNode.id));
      const entry = { id, start: performance.now(), syncEnd: null, done: null };
      bench.reacts.push(entry);
      bench.pendingReacts += 1;
      const result = original.call(this, gd, ...rest);
      entry.syncEnd = performance.now();
      Promise.resolve(result).finally(() => {
        entry.done = performance.now();
        bench.pendingReacts -= 1;
      });
      return result;
    };
    plotly.__benchWrapped = true;
  };

  const areas = (gd) => gd.data && gd.data[0] && gd.data[0].type === 'choroplethmap';
  const plotlyMap = () => {
    const gd = document.querySelector('#map .js-plotly-plot');
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    return sub && sub.map ? [gd, sub.map] : null;
  };
  const watch = setInterval(() => {
    if (bench.kind === 'reader') return clearInterval(watch);
    wrapPlotly();
    const found = plotlyMap();
    if (!found) return;
    clearInterval(watch);
    bench.kind = 'naive';
    const [gd, map] = found;
    watchIdle(map, () => areas(gd));
  }, 5);
  window.__benchPlotlyMap = () => (plotlyMap() || [])[1];
})();
