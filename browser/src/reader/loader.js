// How data reaches the reader: every file is a script that pushes its payload onto
// `window.frontlineData` ([kind, key, payload]). Scripts load from a static host, from
// the app's server and from a folder opened as file:// alike (fetch would not work on
// file://), and a file listed in the page can be asked for later by injecting its
// script (glyphs, town cards).

const waiting = new Map(); // "kind/key" -> [resolve]
const received = new Map(); // "kind/key" -> payload
const requested = new Set();
let base = './';
let files = {};

export function configure(page) {
  base = page.base || './';
  files = page.files || {};
}

export function url(path) {
  return base + path;
}

function accept([kind, key, payload]) {
  const name = `${kind}/${key}`;
  received.set(name, payload);
  (waiting.get(name) || []).forEach((resolve) => resolve(payload));
  waiting.delete(name);
}

// Take what scripts pushed before the reader ran, and whatever they push from now on.
export function listen() {
  const queue = (window.frontlineData = window.frontlineData || []);
  queue.forEach(accept);
  queue.length = 0;
  queue.push = (...items) => {
    items.forEach(accept);
    return 0;
  };
}

// The payload of `kind/key`, loading `path` (relative to the page's base) if given.
export function need(kind, key, path) {
  const name = `${kind}/${key}`;
  if (received.has(name)) return Promise.resolve(received.get(name));
  const promise = new Promise((resolve) => {
    if (!waiting.has(name)) waiting.set(name, []);
    waiting.get(name).push(resolve);
  });
  // A script the page itself asked for already (its first tables) is not asked again.
  const asked = path && [...document.scripts].some((script) => script.getAttribute('src') === url(path));
  if (path && !requested.has(path) && !asked) {
    requested.add(path);
    const script = document.createElement('script');
    script.src = url(path);
    script.async = true;
    script.onerror = () => accept([kind, key, null]);
    document.head.append(script);
  }
  return promise;
}

export function fileOf(group, key) {
  const table = files[group] || {};
  return table[key];
}

export function decodeBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

// MapLibre asks for glyphs at frontline://glyphs/<stack>/<range>; a range the fonts
// do not cover is an empty set of glyphs, not an error.
export function glyphProtocol(maplibre) {
  maplibre.addProtocol('frontline', async (params) => {
    const match = /glyphs\/[^/]+\/(\d+-\d+)$/.exec(decodeURIComponent(params.url));
    const range = match && match[1];
    const path = range && fileOf('glyphs', range);
    if (!path) return { data: new ArrayBuffer(0) };
    const payload = await need('glyphs', range, path);
    return { data: payload ? decodeBase64(payload) : new ArrayBuffer(0) };
  });
}

// MapLibre loads the right-to-left plugin in its workers with importScripts: give it
// the plugin's code as a blob URL, which works on file:// as over http.
export async function rtlPlugin(maplibre) {
  const path = fileOf('rtl', 'plugin');
  if (!path || maplibre.getRTLTextPluginStatus() !== 'unavailable') return;
  const code = await need('rtl', 'plugin', path);
  if (!code) return;
  const blob = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  maplibre.setRTLTextPlugin(blob, false).catch(() => {});
}
