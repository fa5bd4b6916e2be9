/* The app's map: MapLibre layers recoloured in place, and the one use of Plotly internals.
 *
 * Plotly draws the map (style, parent borders, zoom) from the figure the server sent;
 * this module adds the areas, the frontline, the changed-since-yesterday outline, the
 * town dots and the place names as MapLibre layers of its own. A day is shown by
 * setting feature state on the features that differ from what is on screen, so the
 * geometry goes to MapLibre once and is never re-tiled.
 *
 * Fallback: when the MapLibre map cannot be reached (a Plotly upgrade moved it), the
 * figure's own hidden traces are shown and restyled instead: slower, same map, no place
 * names. `?map=traces` in the address asks for the fallback (to compare, or to test it).
 */
(function () {
  "use strict";
  const frontline = (window.frontline = window.frontline || {});
  const SOURCES = { areas: "fl-areas", edges: "fl-edges", towns: "fl-towns" };
  const LAYERS = {
    fill: "fl-area-fill",
    edge: "fl-area-edge",
    changed: "fl-changed",
    front: "fl-frontline",
    towns: "fl-towns",
  };
  // Place names by rank (place_labels.label_rank): [highest rank shown, from zoom].
  const LABEL_TIERS = [
    [1, 0],
    [2, 5.8],
    [3, 7.2],
    [9, 8.5],
  ];
  const FONT = ["Noto Sans Regular"];
  const TRACES = { areas: 0, changed: 1, front: 2, towns: 3 };
  const FORCE_TRACES = new URLSearchParams(window.location.search).get("map") === "traces";

  // What the map shows (`shown`) and what the step last asked for (`wanted`).
  const view = {
    mode: null, map: null, tables: null, shown: null, wanted: null, waiting: false,
    geometry: null, geometryData: null,
  };

  // Adapter: the MapLibre map inside Plotly's map subplot, or null.
  function maplibreOf(gd) {
    const layout = gd && gd._fullLayout;
    const map = layout && layout.map && layout.map._subplot && layout.map._subplot.map;
    const usable = map && ["setFeatureState", "addLayer", "addSource", "on"].every(
      (name) => typeof map[name] === "function");
    return usable ? map : null;
  }

  const absolute = (path) => (path && path.startsWith("/") ? window.location.origin + path : path);
  const codeMatch = (property, values, otherwise) => {
    const expression = ["match", ["number", ["feature-state", property], -1]];
    values.forEach((value, code) => expression.push(code, value));
    expression.push(otherwise);
    return expression;
  };
  const flag = (property) => ["case", ["boolean", ["feature-state", property], false], 1, 0];

  function townFeatures(tables) {
    const t = tables.towns;
    return {
      type: "FeatureCollection",
      features: t.ids.map((id, i) => ({
        type: "Feature",
        properties: { name: t.names[i], rank: t.rank[i], radius: t.radius[i] },
        geometry: { type: "Point", coordinates: [t.lon[i], t.lat[i]] },
      })),
    };
  }

  function useRtlPlugin(url) {
    const maplibre = window.frontlineMaplibre;
    if (!url || !maplibre || !maplibre.setRTLTextPlugin) return;
    if (maplibre.getRTLTextPluginStatus && maplibre.getRTLTextPluginStatus() !== "unavailable") return;
    maplibre.setRTLTextPlugin(absolute(url), true);
  }

  function addLayers(map) {
    const tables = view.tables;
    const urls = tables.urls;
    const states = tables.states;
    const firstLayoutLayer = map.getStyle().layers.find((l) => l.id.startsWith("plotly-layout-layer-"));
    const below = firstLayoutLayer ? firstLayoutLayer.id : undefined;
    const [areas, edges] = view.geometryData;
    map.addSource(SOURCES.areas, { type: "geojson", data: areas, generateId: true });
    map.addSource(SOURCES.edges, { type: "geojson", data: edges, generateId: true });
    map.addSource(SOURCES.towns, { type: "geojson", data: townFeatures(tables), generateId: true });
    map.addLayer({
      id: LAYERS.fill, type: "fill", source: SOURCES.areas,
      paint: {
        "fill-color": codeMatch("code", states.colours, "rgba(0,0,0,0)"),
        "fill-opacity": codeMatch("certainty", tables.opacity, tables.opacity[0]),
      },
    }, below);
    map.addLayer({
      id: LAYERS.edge, type: "line", source: SOURCES.areas,
      paint: { "line-color": "#ffffff", "line-width": 0.6 },
    }, below);
    map.addLayer({
      id: LAYERS.changed, type: "line", source: SOURCES.areas,
      paint: { "line-color": tables.changedColour, "line-width": 3, "line-opacity": flag("changed") },
    });
    map.addLayer({
      id: LAYERS.front, type: "line", source: SOURCES.edges,
      paint: { "line-color": tables.frontlineColour, "line-width": 2.2, "line-opacity": flag("front") },
    });
    map.addLayer({
      id: LAYERS.towns, type: "circle", source: SOURCES.towns,
      paint: {
        "circle-radius": ["get", "radius"],
        "circle-color": codeMatch("code", states.townColours, "#888888"),
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 0.8,
      },
    });
    if (urls.glyphs) {
      map.setGlyphs(absolute(urls.glyphs));
      useRtlPlugin(urls.rtl);
      // MapLibre places the top layer's names first: the most important tier goes on top.
      const tiers = LABEL_TIERS.map(([rank, minzoom], tier) =>
        [tier, tier ? LABEL_TIERS[tier - 1][0] : -1, rank, minzoom]);
      tiers.reverse().forEach(([tier, above, rank, minzoom]) => {
        map.addLayer({
          id: "fl-labels-" + tier, type: "symbol", source: SOURCES.towns, minzoom,
          filter: ["all", [">", ["get", "rank"], above], ["<=", ["get", "rank"], rank]],
          layout: {
            "text-field": ["get", "name"],
            "text-font": FONT,
            "text-size": ["interpolate", ["linear"], ["get", "rank"], 0, 14, 4, 11],
            "text-variable-anchor": ["top", "bottom", "left", "right"],
            "text-radial-offset": 0.5,
            "text-padding": 3,
            "symbol-sort-key": ["get", "rank"],
          },
          paint: { "text-color": "#222222", "text-halo-color": "#ffffff", "text-halo-width": 1.5 },
        });
      });
    }
  }

  // The whole country at the size of the map, until the reader pans or zooms: the map
  // can change size after the first draw (a phone's layout, a rotated screen).
  function frame(map) {
    map.fitBounds(view.tables.bounds, { padding: 12, animate: false });
    if (view.map === map) return;
    let moved = false;
    map.on("movestart", (event) => { moved = moved || !!event.originalEvent; });
    map.on("resize", () => {
      if (!moved) map.fitBounds(view.tables.bounds, { padding: 12, animate: false });
    });
  }

  // Plotly's parent borders lie over the area fills; lines, dots and names over them.
  function raiseLayers(map) {
    const layers = map.getStyle().layers;
    const top = layers.filter((l) => l.id.startsWith("fl-") && l.type !== "fill" && l.id !== LAYERS.edge);
    if (top.length && layers[layers.length - 1].id !== top[top.length - 1].id) {
      top.forEach((l) => map.moveLayer(l.id));
    }
  }

  function hoverText(view, feature) {
    const { tables, shown } = view;
    const labels = tables.states.labels;
    if (feature.layer.id === LAYERS.towns) {
      return tables.towns.names[feature.id] + ": " + labels[shown.townCodes[feature.id]];
    }
    return tables.areas.names[feature.id] + ": " + labels[shown.codes[feature.id]];
  }

  function townUnder(view, map, point) {
    const found = map.queryRenderedFeatures(point, { layers: [LAYERS.towns, LAYERS.fill] });
    if (!found.length) return null;
    const feature = found.find((f) => f.layer.id === LAYERS.towns) || found[0];
    return { feature, town: feature.layer.id === LAYERS.towns ? feature.id : view.tables.areas.town[feature.id] };
  }

  function listen(view, map) {
    const tip = document.createElement("div");
    tip.className = "map-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    map.getContainer().appendChild(tip);
    map.on("mousemove", (event) => {
      const under = view.shown && townUnder(view, map, event.point);
      map.getCanvas().style.cursor = under ? "pointer" : "";
      tip.hidden = !under;
      if (!under) return;
      tip.textContent = hoverText(view, under.feature); // text, never HTML
      tip.style.left = event.point.x + 12 + "px";
      tip.style.top = event.point.y + 12 + "px";
    });
    map.on("mouseout", () => { tip.hidden = true; });
    map.on("click", (event) => {
      const under = view.shown && townUnder(view, map, event.point);
      if (under) {
        window.dash_clientside.set_props("town-select", { value: view.tables.towns.ids[under.town] });
      }
    });
  }

  // Feature state for what differs from the map on screen (everything the first time).
  function paintLayers(map, shown, state) {
    const set = (source, id, value) => map.setFeatureState({ source, id }, value);
    for (let i = 0; i < state.codes.length; i++) {
      if (!shown || shown.codes[i] !== state.codes[i] || shown.certainty[i] !== state.certainty[i] ||
          shown.changed[i] !== state.changed[i]) {
        set(SOURCES.areas, i, { code: state.codes[i], certainty: state.certainty[i], changed: !!state.changed[i] });
      }
    }
    for (let e = 0; e < state.front.length; e++) {
      if (!shown || shown.front[e] !== state.front[e]) set(SOURCES.edges, e, { front: !!state.front[e] });
    }
    for (let t = 0; t < state.townCodes.length; t++) {
      if (!shown || shown.townCodes[t] !== state.townCodes[t]) set(SOURCES.towns, t, { code: state.townCodes[t] });
    }
  }

  // Fallback: the figure's own traces, restyled (geometry re-sent by Plotly each time).
  // One restyle for the four traces; `undefined` leaves a trace's attribute as it is.
  function restyleTraces(gd) {
    const [areas, edges] = view.geometryData;
    const { tables, wanted: state } = view;
    const labels = tables.states.labels;
    const lon = [];
    const lat = [];
    edges.features.forEach((feature, e) => {
      if (!state.front[e]) return;
      const geometry = feature.geometry;
      const parts = geometry.type === "LineString" ? [geometry.coordinates] : geometry.coordinates;
      parts.forEach((part) => {
        part.forEach(([x, y]) => {
          lon.push(x);
          lat.push(y);
        });
        lon.push(null);
        lat.push(null);
      });
    });
    const changed = areas.features.map((f) => f.properties.area_id).filter((_, i) => state.changed[i]);
    const none = undefined;
    window.Plotly.restyle(gd, {
      visible: true,
      z: [Array.from(state.codes), changed.map(() => 0), none, none],
      locations: [none, changed, none, none],
      text: [
        tables.areas.names.map((name, i) => name + ": " + labels[state.codes[i]]), none, none,
        tables.towns.names.map((name, t) => name + ": " + labels[state.townCodes[t]]),
      ],
      "marker.opacity": [Array.from(state.certainty, (c) => tables.opacity[c]), none, none, none],
      "marker.color": [none, none, none, Array.from(state.townCodes)],
      lon: [none, none, lon, none],
      lat: [none, none, lat, none],
    }, [TRACES.areas, TRACES.changed, TRACES.front, TRACES.towns]);
    view.shown = state;
  }


  // Try again later, once: a later step's state is applied then, not each one.
  function retry(when) {
    if (view.waiting) return;
    view.waiting = true;
    when(() => {
      view.waiting = false;
      apply();
    });
  }

  // The areas and frontier edges, fetched once as the page starts (cacheable files),
  // while Plotly is still loading; both drawing paths read them.
  function fetchGeometry(urls) {
    const get = (url) => fetch(url).then((response) => {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    });
    return Promise.all([get(urls.areas), get(urls.edges)]).then((data) => {
      view.geometryData = data;
    });
  }

  function apply() {
    if (!view.geometryData) {
      retry((then) => view.geometry.then(then));
      return;
    }
    const gd = document.querySelector("#map .js-plotly-plot");
    if (!gd || !gd._fullLayout || !gd._fullLayout._size) {
      retry((then) => setTimeout(then, 50)); // Plotly has not drawn the figure yet
      return;
    }
    const map = FORCE_TRACES ? null : maplibreOf(gd);
    if (!map) {
      view.mode = "traces";
      restyleTraces(gd);
      return;
    }
    if (!map.isStyleLoaded()) {
      retry((then) => map.once("idle", then));
      return;
    }
    if (view.map !== map || !map.getLayer(LAYERS.fill)) {
      // First draw, or Plotly made a new map: add the layers and paint everything.
      addLayers(map);
      raiseLayers(map);
      if (view.map !== map) {
        listen(view, map);
        // Plotly adds its own (hidden) layers on top whenever it redraws the figure.
        gd.on("plotly_afterplot", () => raiseLayers(map));
      }
      frame(map);
      view.map = map;
      view.shown = null;
    }
    view.mode = "layers";
    paintLayers(map, view.shown, view.wanted);
    view.shown = view.wanted;
  }

  frontline.mapLayers = {
    view,
    maplibreOf,
    // Show `state` (step.dayState) computed from `tables`; applied once the map exists.
    show: function (tables, state) {
      if (!view.geometry) view.geometry = fetchGeometry(tables.urls);
      view.tables = tables;
      view.wanted = state;
      if (!view.waiting) apply();
    },
  };
})();
