/* The slider step, owned here: the step tables (sent once with the page by
 * dashboard/web/step_tables.py), the state rule (the same as dashboard/timeline.py) and
 * the update of everything that follows the day. A step makes no server request.
 *
 * The day is always the slider's value: an index into tables.dates.
 */
(function () {
  "use strict";
  const frontline = (window.frontline = window.frontline || {});

  // Holder code and certainty of every town at the end of `day`. runs[t] holds flat
  // (day, code, certainty) triples, oldest first, the first on day 0.
  function townState(tables, day) {
    const runs = tables.towns.runs;
    const codes = new Int16Array(runs.length);
    const certainty = new Int8Array(runs.length);
    for (let t = 0; t < runs.length; t++) {
      const run = runs[t];
      let k = 0;
      while (k + 3 < run.length && run[k + 3] <= day) k += 3;
      codes[t] = run[k + 1];
      certainty[t] = run[k + 2];
    }
    return { codes, certainty };
  }

  // Everything the map and the side panel show for `day`. Areas follow their town;
  // an area "changed" when its holder differs from the day before (none on day 0);
  // a frontier edge is on the frontline when its two holders differ and both draw
  // fronts (FrontierTable.active in Python).
  function dayState(tables, day) {
    const towns = townState(tables, day);
    const before = day > 0 ? townState(tables, day - 1).codes : towns.codes;
    const areaTown = tables.areas.town;
    const km2 = tables.areas.km2;
    const codes = new Int16Array(areaTown.length);
    const certainty = new Int8Array(areaTown.length);
    const changed = new Uint8Array(areaTown.length);
    const territory = new Float64Array(tables.states.ids.length);
    for (let i = 0; i < areaTown.length; i++) {
      const town = areaTown[i];
      codes[i] = towns.codes[town];
      certainty[i] = towns.certainty[town];
      changed[i] = before[town] !== codes[i] ? 1 : 0;
      territory[codes[i]] += km2[i];
    }
    const { a, b } = tables.edges;
    const draws = tables.states.draws;
    const front = new Uint8Array(a.length);
    for (let e = 0; e < a.length; e++) {
      const ca = codes[a[e]];
      const cb = codes[b[e]];
      front[e] = ca !== cb && draws[ca] && draws[cb] ? 1 : 0;
    }
    return { day, townCodes: towns.codes, codes, certainty, changed, front, territory };
  }

  const component = (type, props) => ({ namespace: "dash_html_components", type, props });

  function badge(tables, code) {
    return component("Span", {
      className: "state-badge",
      children: [
        component("Span", {
          className: "swatch",
          style: { backgroundColor: tables.states.colours[code] },
        }),
        tables.states.labels[code],
      ],
    });
  }

  function changeItems(tables, day) {
    const lines = tables.changes[String(day)];
    if (!lines) return [component("Li", { className: "muted", children: tables.texts.noChange })];
    return lines.map((line) => component("Li", { children: line }));
  }

  function holderLine(tables, state, townId) {
    const town = townId ? tables.towns.ids.indexOf(townId) : -1;
    if (town < 0) return null;
    const when = tables.texts.holder.replace("{date}", tables.dayNames[state.day]);
    return [when + " ", badge(tables, state.townCodes[town])];
  }

  // The map follows the slider's handle as soon as it moves, before Dash runs the
  // `show` callback (which also writes the texts): under load that callback can come
  // hundreds of milliseconds later. Both paint through mapLayers.show, which skips a
  // day already on screen.
  const painted = { tables: null, state: null };

  // The state of `day`, painted on the map unless it is already there.
  function paint(tables, day) {
    if (painted.tables !== tables || painted.state.day !== day) {
      painted.tables = tables;
      painted.state = dayState(tables, day);
      frontline.mapLayers.show(tables, painted.state);
    }
    return painted.state;
  }

  function followHandle() {
    const slider = document.getElementById("date-slider");
    if (!slider || slider.dataset.followed) return;
    slider.dataset.followed = "1";
    new MutationObserver(() => {
      const handle = slider.querySelector("[role=slider]");
      const value = handle ? Number(handle.getAttribute("aria-valuenow")) : NaN;
      if (painted.tables && Number.isInteger(value)) {
        paint(painted.tables, validDay(painted.tables, value));
      }
    }).observe(slider, { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  }

  function validDay(tables, value) {
    const last = tables.dates.length - 1;
    return Number.isInteger(value) && value >= 0 && value <= last ? value : last;
  }

  // Dash finds clientside callbacks under window.dash_clientside.
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.step = {
    townState,
    dayState,

    // Clientside callback: the slider, the tables (a new record) or the chosen town
    // changed. Updates the map in place and returns the side panel's day texts.
    show: function (value, tables, townId) {
      const noUpdate = window.dash_clientside.no_update;
      if (!tables) return [noUpdate, noUpdate, noUpdate, noUpdate];
      const day = validDay(tables, value);
      const state = paint(tables, day);
      followHandle();
      const marker = new window.dash_clientside.Patch()
        .assign(["layout", "shapes", 0, "x0"], tables.dates[day])
        .assign(["layout", "shapes", 0, "x1"], tables.dates[day]);
      return [
        tables.texts.heading.replace("{date}", tables.dayNames[day]),
        changeItems(tables, day),
        marker.build(),
        holderLine(tables, state, townId),
      ];
    },

    // A click on the map in the Plotly-trace fallback selects the town under it.
    clickedTown: function (clickData, tables) {
      const points = (clickData && clickData.points) || [];
      const town = points.length ? points[0].customdata : null;
      return tables && tables.towns.ids.includes(town) ? town : window.dash_clientside.no_update;
    },
  };
})();
