/* Browser-side callbacks of Frontline Map: work that needs no server round trip.
 *
 * - applyDay: applies the values the server sent for a new day and redraws the
 *   frontline from the new area colours, in one map update, so a slider step
 *   never sends line coordinates over the network;
 * - playback: play, pause and step through the days (one day, a week or a month a step);
 * - goToDate: the date picker moves the slider;
 * - permalink: keeps ?date=...&town=... in the address bar and restores it;
 * - rememberView: keeps the map's centre, zoom and size for exports of the same view.
 */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.frontline = {
    applyDay: function (update, edges, figure, shown, resync) {
      // One map update per day: the server's changed values plus the frontline.
      // Also records what the map now shows ("record:day"), which the server diffs the
      // next step against.
      const noUpdate = window.dash_clientside.no_update;
      if (!update || !edges || !figure || !figure.data) { return [noUpdate, noUpdate]; }
      if (update.from !== null && update.from !== shown) {
        // A diff against a day the map no longer shows (requests overlapped while
        // dragging): ask the server again for whole arrays. set_props, because a
        // declared output here would close a loop Dash refuses.
        window.dash_clientside.set_props("resync", {data: (resync || 0) + 1});
        return [noUpdate, noUpdate];
      }
      const patch = new window.dash_clientside.Patch();
      let z = figure.data[edges.areas_trace].z.slice();
      for (const [path, value] of update.set) {
        patch.assign(["data"].concat(path), value);
        if (path[0] === edges.areas_trace && path[1] === "z") {
          if (path.length === 2) { z = value.slice(); } else { z[path[2]] = value; }
        }
      }
      const lon = [];
      const lat = [];
      for (let i = 0; i < edges.a.length; i++) {
        const za = z[edges.a[i]];
        const zb = z[edges.b[i]];
        // The same rule as FrontierTable.active in Python: holders differ, both draw fronts.
        if (za !== zb && edges.draws[za] && edges.draws[zb]) {
          Array.prototype.push.apply(lon, edges.lon[i]);
          Array.prototype.push.apply(lat, edges.lat[i]);
          lon.push(null);
          lat.push(null);
        }
      }
      patch
        .assign(["data", edges.frontline_trace, "lon"], lon)
        .assign(["data", edges.frontline_trace, "lat"], lat);
      return [patch.build(), update.shows];
    },

    playback: function (playClicks, ticks, backClicks, forwardClicks, day, lastDay, stopped, speed) {
      const triggered = window.dash_clientside.callback_context.triggered.map(t => t.prop_id);
      const noUpdate = window.dash_clientside.no_update;
      const has = id => triggered.some(p => p.startsWith(id + "."));
      if (has("play-button")) {
        if (!stopped) { return [noUpdate, true, "▶ Play"]; }
        const start = day >= lastDay ? 0 : day;
        return [start, false, "❚❚ Pause"];
      }
      if (has("playback-clock")) {
        if (stopped) { return [noUpdate, noUpdate, noUpdate]; }
        const next = Math.min(day + window.dash_clientside.frontline.speedDays(speed), lastDay);
        return next >= lastDay ? [next, true, "▶ Play"] : [next, noUpdate, noUpdate];
      }
      if (has("step-back")) { return [Math.max(day - 1, 0), true, "▶ Play"]; }
      if (has("step-forward")) { return [Math.min(day + 1, lastDay), true, "▶ Play"]; }
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

    goToDate: function (date, period) {
      const index = date ? period.dates.indexOf(String(date).slice(0, 10)) : -1;
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

    permalink: function (search, day, town, period) {
      const ctx = window.dash_clientside.callback_context;
      const noUpdate = window.dash_clientside.no_update;
      const fromAddress = ctx.triggered.length === 0 ||
        ctx.triggered.some(t => t.prop_id === "url.search" || t.prop_id === ".");
      if (fromAddress) {
        const params = new URLSearchParams(search || "");
        const wantedDay = period.dates.indexOf(params.get("date"));
        const wantedTown = params.get("town");
        return [
          noUpdate,
          wantedDay >= 0 ? wantedDay : noUpdate,
          wantedTown && period.towns.includes(wantedTown) ? wantedTown : noUpdate,
        ];
      }
      // Start from the address, so parameters the map does not own are kept.
      const params = new URLSearchParams(search || "");
      params.delete("date");
      params.delete("town");
      if (day !== null && day !== undefined && period.dates[day]) {
        params.set("date", period.dates[day]);
      }
      if (town) { params.set("town", town); }
      const next = "?" + params.toString();
      return [next === search ? noUpdate : next, noUpdate, noUpdate];
    },
};
