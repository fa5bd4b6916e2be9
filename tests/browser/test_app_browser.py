"""The real app in headless Chromium: load, drag the slider, click a town, export."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from dash.testing.wait import until
from dashboard.figures.map_figure import AREAS, FRONTLINE, TOWNS
from helpers import click_map_at, painted, painted_areas, screen_point, trace_values, wait_for_map
from selenium.webdriver.common.action_chains import ActionChains

from dashboard.web import create_app


def start(dash_duo, project):
    dash_duo.start_server(create_app(project=project))
    wait_for_map(dash_duo)


def test_app_loads_the_map_without_console_errors(dash_duo, bundled_project):
    start(dash_duo, bundled_project)
    timeline = bundled_project.timeline
    last_day = timeline.dates[-1]
    assert dash_duo.find_element("#date-heading").text == f"End of {last_day.day} {last_day:%B %Y}"
    shown = painted(dash_duo)
    assert shown["areas"] == timeline.area_codes[-1].tolist()
    assert shown["towns"] == timeline.town_codes[-1].tolist()
    assert dash_duo.get_logs() == []


def test_dragging_the_slider_recolours_the_map(dash_duo, bundled_project):
    start(dash_duo, bundled_project)
    timeline = bundled_project.timeline
    # The record runs for more than a year, so the slider is marked by month and a
    # day is a pixel or two wide: the drag to the "Dec 2024" mark must land in that
    # month, and the map must show the day it lands on.
    thumb = dash_duo.find_element("#date-slider [role=slider]")
    mark = next(
        m for m in dash_duo.find_elements("#date-slider .dash-slider-mark") if m.text == "Dec 2024"
    )
    ActionChains(dash_duo.driver).click_and_hold(thumb).pause(0.2).move_to_element(mark).pause(
        0.2
    ).release().perform()

    until(lambda: dash_duo.find_element("#date-heading").text.endswith("December 2024"), 10)
    shown = dash_duo.find_element("#date-heading").text.removeprefix("End of ")
    target = timeline.day_index(dt.datetime.strptime(shown, "%d %B %Y").date())
    until(lambda: painted_areas(dash_duo) == timeline.area_codes[target].tolist(), timeout=10)
    assert timeline.area_codes[target].tolist() != timeline.area_codes[-1].tolist()
    assert painted(dash_duo)["towns"] == timeline.town_codes[target].tolist()
    assert dash_duo.get_logs() == []


def test_clicking_a_town_shows_its_sourced_history(dash_duo, bundled_project):
    start(dash_duo, bundled_project)
    hama = bundled_project.record.towns["hama"]
    x, y = screen_point(dash_duo, hama.lon, hama.lat)
    click_map_at(dash_duo, x, y)

    dash_duo.wait_for_text_to_equal("#town-name", "Hama")
    panel = dash_duo.find_element("#town-details")
    assert hama.names["ar"] in panel.text
    assert "HTS-led opposition coalition" in dash_duo.find_element("#town-holder").text
    history = dash_duo.find_elements("#town-history > li")
    expected = bundled_project.timeline.history("hama")
    assert [item.get_attribute("data-event-id") for item in history] == [
        event.event_id for event in expected
    ]
    links = panel.find_elements("css selector", ".sources a")
    assert links and all(link.get_attribute("href").startswith("http") for link in links)
    assert dash_duo.get_logs() == []


def test_export_downloads_a_png_of_the_chosen_day(dash_duo, bundled_project):
    start(dash_duo, bundled_project)
    dash_duo.find_element("#export-button").click()
    last_day = bundled_project.timeline.dates[-1].isoformat()
    expected = Path(dash_duo.download_path) / f"frontline-map-syria-{last_day}-slide.png"
    deadline = time.monotonic() + 60
    while not expected.exists() and time.monotonic() < deadline:
        time.sleep(0.25)
    data = expected.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    dash_duo.wait_for_text_to_equal("#export-status", f"Downloaded {expected.name}")
    assert len(data) > 50_000
    assert dash_duo.get_logs() == []


def test_a_step_asks_the_server_nothing(dash_duo, bundled_project):
    """Dragging, stepping and playing are the browser's: no request per step, also with
    a town chosen (its history does not depend on the day)."""
    start(dash_duo, bundled_project)
    timeline = bundled_project.timeline
    dash_duo.driver.execute_script(
        "window.dash_clientside.set_props('town-select', {value: 'aleppo'});"
    )
    dash_duo.wait_for_element("#town-history")
    dash_duo._wait_for_callbacks()
    requests = (
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('_dash-update-component')).length;"
    )
    before = dash_duo.driver.execute_script(requests)
    thumb = dash_duo.find_element("#date-slider [role=slider]")
    for _ in range(5):
        thumb.send_keys("\ue012")  # arrow left
    target = len(timeline.dates) - 6
    dash_duo.wait_for_text_to_equal(
        "#date-heading", f"End of {timeline.dates[target].day} {timeline.dates[target]:%B %Y}"
    )
    until(lambda: painted_areas(dash_duo) == timeline.area_codes[target].tolist(), timeout=10)
    holder = bundled_project.config.label(timeline.town_state("aleppo", target))
    assert holder in dash_duo.find_element("#town-holder").text
    time.sleep(0.5)
    assert dash_duo.driver.execute_script(requests) == before
    assert dash_duo.get_logs() == []


def test_the_map_is_drawn_by_its_own_maplibre_layers(dash_duo, bundled_project):
    """The adapter reaches the MapLibre map inside Plotly's map subplot. If a Plotly
    upgrade moves it, this fails (and the app falls back to restyling traces)."""
    start(dash_duo, bundled_project)
    layers = dash_duo.driver.execute_script(
        "return window.frontline.mapLayers.view.map.getStyle().layers.map(l => l.id);"
    )
    assert {"fl-area-fill", "fl-frontline", "fl-changed", "fl-towns"} <= set(layers)
    hidden = dash_duo.driver.execute_script(
        "return document.querySelector('#map .js-plotly-plot').data.slice(0, 4)"
        ".map(t => t.visible);"
    )
    assert hidden == [False] * 4


def test_the_fallback_restyles_the_figures_own_traces(dash_duo, bundled_project):
    """Without the MapLibre map (asked for with ?map=traces), the same step drives the
    figure's Plotly traces: the map still shows the right day, only slower."""
    timeline = bundled_project.timeline
    frontiers = bundled_project.frontiers
    dash_duo.start_server(create_app(project=bundled_project))
    dash_duo.driver.get(f"{dash_duo.server_url}/?map=traces&date=2024-11-30")
    dash_duo.wait_for_element("#map .maplibregl-canvas", timeout=20)
    day = timeline.day_index(dt.date(2024, 11, 30))
    until(lambda: trace_values(dash_duo, AREAS, "z") == timeline.area_codes[day].tolist(), 20)
    assert trace_values(dash_duo, TOWNS, "marker", "color") == timeline.town_codes[day].tolist()
    assert trace_values(dash_duo, FRONTLINE, "lon") == frontiers.lines(timeline.area_codes[day])[0]
    mode = dash_duo.driver.execute_script("return window.frontline.mapLayers.view.mode;")
    assert mode == "traces"
    assert dash_duo.get_logs() == []


@pytest.mark.parametrize(("lang", "capital"), [("en", "Damascus"), ("ar", "دمشق")])
def test_place_names_are_drawn_offline_and_the_country_fills_the_map(
    dash_duo, bundled_project, lang, capital
):
    """Names come from the pack's gazetteer in the page's language, with glyphs served by
    the app itself; the map opens framed on the country at the window's size."""
    dash_duo.start_server(create_app(project=bundled_project))
    dash_duo.driver.get(f"{dash_duo.server_url}/?lang={lang}")
    wait_for_map(dash_duo)
    until(
        lambda: (
            capital
            in dash_duo.driver.execute_script(
                "const m = window.frontline.mapLayers.view.map;"
                "const ids = m.getStyle().layers.map(l => l.id)"
                ".filter(i => i.startsWith('fl-labels'));"
                "return m.queryRenderedFeatures({layers: ids}).map(f => f.properties.name);"
            )
        ),
        timeout=20,
    )
    foreign = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(u => !u.startsWith(location.origin));"
    )
    assert foreign == []
    west, south, east, north = bundled_project.layers.areas_gdf.total_bounds
    shown = dash_duo.driver.execute_script(
        "const b = window.frontline.mapLayers.view.map.getBounds();"
        "return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];"
    )
    assert shown[0] <= west and shown[1] <= south and shown[2] >= east and shown[3] >= north
    # Framed, not lost in a fixed zoom: the country spans most of one side of the map.
    share = max((east - west) / (shown[2] - shown[0]), (north - south) / (shown[3] - shown[1]))
    assert share > 0.8
    assert dash_duo.get_logs() == []
