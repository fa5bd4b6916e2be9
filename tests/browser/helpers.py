"""Small helpers to read what the real page shows and to act on the MapLibre canvas."""

from __future__ import annotations

from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

MAP_READY = """
const gd = document.querySelector('#map .js-plotly-plot');
return !!(gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot
          && gd._fullLayout.map._subplot.map && gd._fullLayout.map._subplot.map.loaded());
"""


def wait_for_map(dash_duo) -> None:
    dash_duo.wait_for_element("#map .maplibregl-canvas", timeout=20)
    dash_duo._wait_for_callbacks()
    until(lambda: dash_duo.driver.execute_script(MAP_READY), timeout=20)


def trace_values(dash_duo, trace: int, *path: str) -> list:
    """A data array of the figure as the browser holds it now."""
    script = "let v = document.querySelector('#map .js-plotly-plot').data[arguments[0]];"
    script += "for (const k of arguments[1]) { v = v[k]; } return v;"
    return dash_duo.driver.execute_script(script, trace, list(path))


def screen_point(dash_duo, lon: float, lat: float) -> tuple[float, float]:
    """Pixel position of a lon/lat inside the map canvas."""
    return tuple(
        dash_duo.driver.execute_script(
            "const m = document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map;"
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
