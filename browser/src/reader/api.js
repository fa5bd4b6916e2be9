// What a page or a newsroom's article can do with the reader: `window.frontline`
// (the map, setDate, setTown, the state of a day), the `frontline:date` event, and the
// same through postMessage for an embed in an iframe, which also tells its parent how
// tall it is so the host can fit the iframe to it.

export function exposeApi(reader) {
  const api = {
    get map() { return reader.map ? reader.map.map : null; },
    get tables() { return reader.tables; },
    date: () => reader.tables.dates[reader.day],
    town: () => (reader.town >= 0 ? reader.tables.towns.ids[reader.town] : null),
    setDate: (iso) => reader.setDate(iso),
    setTown: (id) => reader.setTownId(id),
    state: (day) => reader.stateOf(day),
    shown: () => (reader.map ? reader.map.shown : null),
    load: (record) => reader.loadRecord(record),
    reset: () => reader.resetRecord(),
  };
  window.frontline = api;
  return api;
}

export function announce(reader) {
  const detail = { date: reader.tables.dates[reader.day], day: reader.day, town: window.frontline.town() };
  window.dispatchEvent(new CustomEvent('frontline:date', { detail }));
  if (window.parent !== window) window.parent.postMessage({ frontline: 'date', ...detail }, '*');
}

// Commands from the page that embeds this one; nothing else is listened to.
export function listenToParent(reader) {
  if (window.parent === window) return;
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !event.data || typeof event.data !== 'object') return;
    const { frontline: command, date, town } = event.data;
    if (command === 'setDate' && typeof date === 'string') reader.setDate(date);
    if (command === 'setTown' && (typeof town === 'string' || town === null)) reader.setTownId(town);
  });
}

// An embed tells its parent its height whenever it changes (the host's snippet sets
// the iframe's height to it, so there is never an inner scrollbar).
export function reportHeight(root) {
  if (window.parent === window) return;
  let last = 0;
  const send = () => {
    // The bottom of the content, not the document's scroll height (which is never less
    // than the iframe's own height, so the iframe could only grow).
    const height = Math.ceil(root.getBoundingClientRect().bottom + window.scrollY);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ frontline: 'height', height }, '*');
    }
  };
  new ResizeObserver(send).observe(root);
  window.addEventListener('load', send);
  send();
}
