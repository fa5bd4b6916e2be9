// The plotly.js the page loads: the core (which carries the `scatter` trace of the
// territory chart) plus the two MapLibre traces of the map, instead of the full bundle.
// Dash's dcc.Graph uses `window.Plotly` when a page script has defined it.
'use strict';

const Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/choroplethmap'), require('plotly.js/lib/scattermap')]);

// The very module plotly's map subplot imports (same path, so the bundler keeps one copy):
// the app adds its own layers to plotly's map and sets the right-to-left text plugin on it.
const maplibregl = require('maplibre-gl/dist/maplibre-gl.mjs');

// MapLibre's workers run the worker code plotly.js ships, which plotly hands to MapLibre
// only when it draws its first map. Hand it over now, so that the page may also call
// setRTLTextPlugin before that (MapLibre starts its workers on that call).
const workerSource = require('plotly.js/build/maplibre_worker');
maplibregl.setWorkerUrl(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));

window.frontlineMaplibre = maplibregl;

module.exports = Plotly;
