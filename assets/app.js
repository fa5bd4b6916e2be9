/* The app's bridge between the reader (the same browser code as a published site) and
 * the Dash tools around it: the tools read the reader's day and map view from the
 * `reader-state` store, and a user's own record, once the server has checked it, is
 * handed to the reader for this tab. A finished export is downloaded from the address
 * the server gives. A step asks the server nothing. */
(function () {
  "use strict";
  let pending;

  function view(map) {
    const centre = map.getCenter();
    const box = map.getContainer();
    return { lat: centre.lat, lon: centre.lng, zoom: map.getZoom(), width: box.clientWidth, height: box.clientHeight };
  }

  function share() {
    const api = window.frontline;
    const dash = window.dash_clientside;
    if (!api || !api.map || !dash || !dash.set_props) return;
    dash.set_props("reader-state", { data: { date: api.date(), town: api.town(), view: view(api.map) } });
  }

  function apply(payload) {
    const api = window.frontline;
    if (!api || !api.load) { pending = payload; return; }
    if (payload) api.load(payload);
    else api.reset();
  }

  window.addEventListener("frontline:date", share);
  window.addEventListener("frontline:ready", function () {
    window.frontline.map.on("moveend", share);
    if (pending !== undefined) apply(pending);
    pending = undefined;
    share();
  });

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.frontlineApp = {
    // Ask the server for the reader's tables only when the tab's record changes: the
    // first time it holds a file, and every change after that (a page that never held
    // one shows the pack's record from its own files).
    recordAsked: function (user, asked) {
      if (user == null && !asked) return window.dash_clientside.no_update;
      return (asked || 0) + 1;
    },
    // The record the tab holds: the user's (tables and cards) or, with none, the pack's.
    record: function (payload) {
      apply(payload || null);
      return payload ? payload.key : null;
    },
    // A finished export: the browser downloads it from its address, once.
    download: function (address, delivered) {
      if (!address || address === delivered) return window.dash_clientside.no_update;
      const link = document.createElement("a");
      link.href = address;
      link.download = "";
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      return address;
    },
  };
})();
