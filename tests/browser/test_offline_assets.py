"""The page runs on the app's own assets: nothing from another origin, no full plotly.js,
and the map's glyphs and right-to-left text plugin come from the app."""

from __future__ import annotations

import json

from dash.testing.wait import until
from helpers import wait_for_map
from plotly.offline import get_plotlyjs_version

from dashboard.pack.paths import assets_dir
from dashboard.web import create_app
from dashboard.web.static import FONTSTACK, glyphs_url, rtl_plugin_url

MANIFEST = json.loads((assets_dir() / "vendor" / "manifest.json").read_text())
INITIAL_PAYLOAD_LIMIT = 1_200_000  # bytes on the wire, the target of issue 13
MAP = "document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map"
RESOURCES = """
return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .map(e => ({name: e.name, size: e.transferSize, body: e.decodedBodySize}));
"""


def start(dash_duo, project):
    app = create_app(project=project)
    dash_duo.start_server(app)
    wait_for_map(dash_duo)
    return app


def test_the_page_loads_only_its_own_lighter_assets(dash_duo, bundled_project):
    start(dash_duo, bundled_project)
    resources = dash_duo.driver.execute_script(RESOURCES)
    names = [r["name"] for r in resources]
    assert [n for n in names if not n.startswith(dash_duo.server_url)] == []
    assert [n for n in names if "plotly.min.js" in n] == []
    assert any(n.endswith(f"/vendor/{MANIFEST['plotly']}") for n in names)
    payload = sum(r["size"] for r in resources)
    assert payload <= INITIAL_PAYLOAD_LIMIT, sorted((r["size"], r["name"]) for r in resources)

    script = dash_duo.driver.execute_script
    assert script("return window.Plotly.version") == get_plotlyjs_version()
    assert script("return typeof window.frontlineMaplibre.setRTLTextPlugin") == "function"
    # The module the page is given is the one plotly drew the map with, not a copy.
    assert script(f"return {MAP} instanceof window.frontlineMaplibre.Map")
    assert dash_duo.get_logs() == []


def test_arabic_and_latin_names_are_drawn_from_the_apps_glyphs(dash_duo, bundled_project):
    app = start(dash_duo, bundled_project)
    aleppo = bundled_project.record.towns["aleppo"]
    dash_duo.driver.execute_script(
        f"""
        const maplibre = window.frontlineMaplibre, map = {MAP};
        if (maplibre.getRTLTextPluginStatus() === 'unavailable') {{
            maplibre.setRTLTextPlugin(arguments[0], false);
        }}
        map.setGlyphs(arguments[1]);
        map.addSource('test-names', {{type: 'geojson', data: {{type: 'Feature',
            geometry: {{type: 'Point', coordinates: [arguments[2], arguments[3]]}},
            properties: {{name: arguments[4]}}}}}});
        map.addLayer({{id: 'test-names', type: 'symbol', source: 'test-names',
            layout: {{'text-field': ['get', 'name'], 'text-font': [arguments[5]],
                      'text-allow-overlap': true, 'text-ignore-placement': true}}}});
        """,
        rtl_plugin_url(app),
        glyphs_url(app),
        aleppo.lon,
        aleppo.lat,
        f"{aleppo.name_in('ar')} \u2013 {aleppo.name}",  # en dash
        FONTSTACK,
    )
    drawn = f"""
        const map = {MAP};
        return window.frontlineMaplibre.getRTLTextPluginStatus() === 'loaded' && map.loaded()
            && map.queryRenderedFeatures({{layers: ['test-names']}}).length === 1;
    """
    until(lambda: dash_duo.driver.execute_script(drawn), timeout=20)
    loaded = [r for r in dash_duo.driver.execute_script(RESOURCES) if ".pbf" in r["name"]]
    ranges = {r["name"].split("/")[-1].split(".pbf")[0] for r in loaded}
    # Latin letters and the dash, and the Arabic letters in the presentation forms the
    # plugin shaped them into.
    assert {"0-255", "8192-8447", "65024-65279"} <= ranges
    assert all(r["name"].startswith(dash_duo.server_url) for r in loaded)
    # Sent compressed (a range the app's own names fetched first may come from the cache).
    assert all(r["size"] < r["body"] for r in loaded)
    assert dash_duo.get_logs() == []
