"""Small helpers to read what the real page shows and to act on the MapLibre canvas."""

from __future__ import annotations

from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

# The map shows the day asked for: the app's own MapLibre layers are in place
# (assets/map_layers.js) and the last state the step computed is painted.
MAP_READY = """
const view = window.frontline && window.frontline.mapLayers && window.frontline.mapLayers.view;
return !!(view && view.mode === 'layers' && view.shown && view.shown === view.wanted
          && view.map.loaded());
"""

# What MapLibre holds as feature state: what the map really paints, not what the
# step meant to paint.
PAINTED = """
const view = window.frontline.mapLayers.view;
const read = (source, count, key) => Array.from({length: count}, (_, id) =>
  view.map.getFeatureState({source, id})[key]);
const t = view.tables;
return {
  areas: read('fl-areas', t.areas.town.length, 'code'),
  certainty: read('fl-areas', t.areas.town.length, 'certainty'),
  changed: read('fl-areas', t.areas.town.length, 'changed'),
  front: read('fl-edges', t.edges.a.length, 'front'),
  towns: read('fl-towns', t.towns.ids.length, 'code'),
};
"""


def wait_for_map(dash_duo) -> None:
    dash_duo.wait_for_element("#map .maplibregl-canvas", timeout=20)
    dash_duo._wait_for_callbacks()
    until(lambda: dash_duo.driver.execute_script(MAP_READY), timeout=20)


def painted(dash_duo) -> dict[str, list]:
    """The map's feature state once it shows the day asked for: area and town holder
    codes, certainty, changed flags and frontline flags (edge order)."""
    until(lambda: dash_duo.driver.execute_script(MAP_READY), timeout=20)
    return dash_duo.driver.execute_script(PAINTED)


def painted_areas(dash_duo) -> list[int]:
    return painted(dash_duo)["areas"]


def trace_values(dash_duo, trace: int, *path: str) -> list:
    """A data array of the map figure as the browser holds it now (the fallback's)."""
    script = "let v = document.querySelector('#map .js-plotly-plot').data[arguments[0]];"
    script += "for (const k of arguments[1]) { v = v[k]; } return v;"
    return dash_duo.driver.execute_script(script, trace, list(path))


def screen_point(dash_duo, lon: float, lat: float) -> tuple[float, float]:
    """Pixel position of a lon/lat inside the map canvas."""
    return tuple(
        dash_duo.driver.execute_script(
            "const m = window.frontline.mapLayers.view.map;"
            "const p = m.project([arguments[0], arguments[1]]); return [p.x, p.y];",
            lon,
            lat,
        )
    )


def click_map_at(dash_duo, x: float, y: float) -> None:
    canvas = dash_duo.find_element("#map .maplibregl-canvas")
    size = canvas.size
    dx, dy = round(x - size["width"] / 2), round(y - size["height"] / 2)
    # From the centre, which every Selenium version agrees on; hover first, as a user does.
    actions = ActionChains(dash_duo.driver).move_to_element(canvas)
    actions.move_by_offset(dx - 3, dy).pause(0.3).move_by_offset(3, 0).pause(0.5)
    actions.click().perform()
