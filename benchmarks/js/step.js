// One slider step, timed inside the page (execute_async_script).
// Arguments: key, expected heading, expected day, expected z of the areas trace, trace
// index, timeout ms, quiet ms. Done = the first MapLibre 'idle' after the map shows the
// new day: the app's own layers painted with that day's state (assets/map_layers.js),
// or, in the naive variant, the figure's data holding it. Then wait until Plotly and
// the map are quiet so steps never overlap.
const [key, heading, expectedDay, expectedZ, trace, timeoutMs, quietMs] = arguments;
const finish = arguments[arguments.length - 1];
const bench = window.__bench;
const gd = document.querySelector("#map .js-plotly-plot");
const view = window.frontline && window.frontline.mapLayers && window.frontline.mapLayers.view;
const layers = !!(view && view.mode === "layers");
const map = layers ? view.map : gd._fullLayout.map._subplot.map;
const headingElement = document.querySelector("#date-heading");
const events = [];
const onRender = () => events.push(["render", performance.now()]);
const onIdle = () => events.push(["idle", performance.now()]);
map.on("render", onRender);
map.on("idle", onIdle);
performance.clearResourceTimings();
const reactsBefore = bench.reacts.length;
const dataBefore = gd.data;

const sameArray = (a, b) => {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < b.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
};
// The app paints the map before Dash writes the heading (step.js follows the handle),
// so its map is judged on its own; the naive map arrives with the heading.
const shows = () =>
  layers
    ? view.shown && view.shown.day === expectedDay && view.shown === view.wanted
    : headingElement.textContent === heading && gd.data !== dataBefore &&
      sameArray(gd.data[trace].z, expectedZ);

let dataAt = null;
let doneAt = null;
let repainted = true;
const thumb = document.querySelector("#date-slider [role=slider]");
const t0 = performance.now();
thumb.dispatchEvent(new KeyboardEvent("keydown", { key, code: key, bubbles: true, cancelable: true }));

const report = (timedOut) => {
  clearInterval(timer);
  map.off("render", onRender);
  map.off("idle", onIdle);
  const resources = performance
    .getEntriesByType("resource")
    .filter((entry) => entry.name.includes("_dash-update-component"))
    .map((e) => ({
      start: e.startTime, requestStart: e.requestStart, responseStart: e.responseStart,
      responseEnd: e.responseEnd, transferSize: e.transferSize,
      encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize,
    }));
  const reacts = bench.reacts.slice(reactsBefore).filter((entry) => entry.id === "map");
  const renders = events.filter((event) => event[0] === "render").map((event) => event[1]);
  finish({
    t0, dataAt, doneAt, repainted, timedOut, resources, reacts,
    renders: renders.length,
    settledAt: events.length ? Math.max(doneAt || 0, events[events.length - 1][1]) : doneAt,
    end: performance.now(), sameMap: map === gd._fullLayout.map._subplot.map, layers,
  });
};

const timer = setInterval(() => {
  const now = performance.now();
  if (now - t0 > timeoutMs) return report(true);
  if (dataAt === null && shows()) dataAt = now;
  if (dataAt === null) return;
  if (doneAt === null) {
    const idle = events.find((event) => event[0] === "idle" && event[1] >= dataAt - 5);
    if (idle) {
      doneAt = idle[1];
    } else if (now - dataAt > 1500 && !events.some((e) => e[1] >= dataAt - 5) && map.loaded()) {
      doneAt = dataAt; // Plotly changed nothing the map draws: no repaint to wait for
      repainted = false;
    }
    return;
  }
  const lastEvent = events.length ? events[events.length - 1][1] : doneAt;
  if (headingElement.textContent === heading && bench.pendingReacts === 0 && map.loaded() &&
      now - Math.max(lastEvent, doneAt) > quietMs) {
    report(false);
  }
}, 4);
