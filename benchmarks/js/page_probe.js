// Injected before any page script: notes when the map first shows the areas, and
// wraps Plotly.react so each step can tell how long Plotly itself takes.
(() => {
  if (window.top !== window) return;
  const bench = { firstMap: null, reacts: [], pendingReacts: 0 };
  window.__bench = bench;

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

  // The areas are on screen: the app's own layers painted (assets/map_layers.js), or in
  // the naive variant the figure's areas trace shown.
  const hasAreas = (map, gd) => {
    const view = window.frontline && window.frontline.mapLayers && window.frontline.mapLayers.view;
    if (view && view.mode === "layers") return !!view.shown && !!map.getLayer("fl-area-fill");
    return gd.data[0].visible !== false;
  };

  const watch = setInterval(() => {
    wrapPlotly();
    const gd = document.querySelector("#map .js-plotly-plot");
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = sub && sub.map;
    if (!map) return;
    clearInterval(watch);
    const check = () => {
      if (bench.firstMap === null && map.loaded() && hasAreas(map, gd)) {
        bench.firstMap = performance.now();
        map.off("idle", check);
      }
    };
    map.on("idle", check);
    check();
  }, 5);
})();
