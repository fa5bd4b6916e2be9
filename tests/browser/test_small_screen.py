"""The page on a phone, 390 pixels wide: nothing scrolls sideways, the side panel comes
under the map, and the slider shows only the date labels that fit."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from helpers import wait_for_map

from dashboard.web import create_app

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
LAYOUT = """
const box = (s) => document.querySelector(s).getBoundingClientRect();
const marks = [...document.querySelectorAll('#date-slider .dash-slider-mark')];
const shown = marks.filter((m) => getComputedStyle(m).visibility !== 'hidden')
  .map((m) => m.getBoundingClientRect()).sort((a, b) => a.left - b.left);
return {
  viewport: document.documentElement.clientWidth,
  scroll: document.documentElement.scrollWidth,
  mapBottom: box('.map-column').bottom,
  panelTop: box('.side-panel').top,
  panelWidth: box('.side-panel').width,
  marks: marks.length,
  shown: shown.map((r) => [r.left, r.right]),
};
"""


@pytest.mark.parametrize("search", ["", "?lang=ar"])
def test_the_page_fits_a_phone(dash_duo, bundled_project, search):
    dash_duo.start_server(create_app(project=bundled_project))
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    dash_duo.driver.get(f"{dash_duo.server_url}/{search}")
    wait_for_map(dash_duo)
    until(lambda: dash_duo.driver.execute_script(LAYOUT)["shown"], timeout=5)
    page = dash_duo.driver.execute_script(LAYOUT)

    assert page["viewport"] == 390
    assert page["scroll"] <= 390, "the page scrolls sideways"
    assert page["panelTop"] >= page["mapBottom"], "the side panel is not under the map"
    assert page["panelWidth"] > 300
    # Fewer labels than on a wide screen, none overlapping, all on the screen.
    assert 2 <= len(page["shown"]) < page["marks"]
    for (_, right), (left, _) in zip(page["shown"], page["shown"][1:], strict=False):
        assert left >= right
    assert page["shown"][0][0] >= 0 and page["shown"][-1][1] <= 390
    assert dash_duo.get_logs() == []
