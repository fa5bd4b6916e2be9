// The address keeps the day, the place and the language (?date=&town=&lang=), the
// same in the app and the published site. A step replaces the address rather than
// adding to the history, so Back leaves the page instead of walking the days.

export function readAddress() {
  const params = new URLSearchParams(window.location.search);
  return { date: params.get('date'), town: params.get('town'), lang: params.get('lang') };
}

export function writeAddress({ date, town }) {
  const params = new URLSearchParams(window.location.search);
  params.set('date', date);
  if (town) params.set('town', town);
  else params.delete('town');
  const next = `?${params.toString()}${window.location.hash}`;
  if (next !== window.location.search + window.location.hash) {
    try {
      window.history.replaceState(window.history.state, '', next);
    } catch {
      // some file:// pages refuse history changes: the view still works
    }
  }
}
