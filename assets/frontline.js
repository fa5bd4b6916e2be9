/* Browser-side callbacks of Frontline Map: work that needs no server round trip.
 * (The day's map and texts are step.js's; these move the slider or keep the address.)
 *
 * - playback: play, pause and step through the days (one day, a week or a month a step);
 * - goToDate: the date picker moves the slider;
 * - permalink: keeps ?date=...&town=... in the address bar and restores it;
 * - rememberView: keeps the map's centre, zoom and size for exports of the same view.
 */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.frontline = {
    // `text` is the page's words for the play button (layout.page_texts).
    playback: function (playClicks, ticks, backClicks, forwardClicks, day, lastDay, stopped, speed, text) {
      const triggered = window.dash_clientside.callback_context.triggered.map(t => t.prop_id);
      const noUpdate = window.dash_clientside.no_update;
      const has = id => triggered.some(p => p.startsWith(id + "."));
      if (has("play-button")) {
        if (!stopped) { return [noUpdate, true, text.play]; }
        const start = day >= lastDay ? 0 : day;
        return [start, false, text.pause];
      }
      if (has("playback-clock")) {
        if (stopped) { return [noUpdate, noUpdate, noUpdate]; }
        const next = Math.min(day + window.dash_clientside.frontline.speedDays(speed), lastDay);
        return next >= lastDay ? [next, true, text.play] : [next, noUpdate, noUpdate];
      }
      if (has("step-back")) { return [Math.max(day - 1, 0), true, text.play]; }
      if (has("step-forward")) { return [Math.min(day + 1, lastDay), true, text.play]; }
      return [noUpdate, noUpdate, noUpdate];
    },

    // A playback speed is "milliseconds per step:days per step" (see layout.PLAYBACK_SPEEDS).
    speedDays: function (speed) {
      const days = parseInt(String(speed || "").split(":")[1], 10);
      return days > 0 ? days : 1;
    },

    speedInterval: function (speed) {
      const ms = parseInt(String(speed || "").split(":")[0], 10);
      return ms > 0 ? ms : 1000;
    },

    goToDate: function (date, tables) {
      const index = date ? tables.dates.indexOf(String(date).slice(0, 10)) : -1;
      return index >= 0 ? index : window.dash_clientside.no_update;
    },

    rememberView: function (relayout, view) {
      if (!relayout) { return window.dash_clientside.no_update; }
      const next = Object.assign({}, view || {});
      if (relayout["map.center"]) {
        next.lat = relayout["map.center"].lat;
        next.lon = relayout["map.center"].lon;
      }
      if (relayout["map.zoom"] !== undefined) { next.zoom = relayout["map.zoom"]; }
      const graph = document.getElementById("map");
      if (graph) { next.width = graph.offsetWidth; next.height = graph.offsetHeight; }
      return next;
    },

    permalink: function (search, day, town, tables) {
      const ctx = window.dash_clientside.callback_context;
      const noUpdate = window.dash_clientside.no_update;
      const fromAddress = ctx.triggered.length === 0 ||
        ctx.triggered.some(t => t.prop_id === "url.search" || t.prop_id === ".");
      if (fromAddress) {
        const params = new URLSearchParams(search || "");
        const wantedDay = tables.dates.indexOf(params.get("date"));
        const wantedTown = params.get("town");
        return [
          noUpdate,
          wantedDay >= 0 ? wantedDay : noUpdate,
          wantedTown && tables.towns.ids.includes(wantedTown) ? wantedTown : noUpdate,
        ];
      }
      // Start from the address, so parameters the map does not own are kept.
      const params = new URLSearchParams(search || "");
      params.delete("date");
      params.delete("town");
      if (day !== null && day !== undefined && tables.dates[day]) {
        params.set("date", tables.dates[day]);
      }
      if (town) { params.set("town", town); }
      const next = "?" + params.toString();
      return [next === search ? noUpdate : next, noUpdate, noUpdate];
    },
};
