"""The real app in headless Chromium: load, drag the slider, click a town, export."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from dash.testing.wait import until
from helpers import click_map_at, screen_point, trace_values, wait_for_map
from selenium.webdriver.common.action_chains import ActionChains

from dashboard.figures.map_figure import AREAS, TOWNS
from dashboard.web import create_app


def start(dash_duo, project):
    dash_duo.start_server(create_app(project=project))
    wait_for_map(dash_duo)


def test_app_loads_the_map_without_console_errors(dash_duo, bundled_project):
    start(dash_duo, bundled_project)
    timeline = bundled_project.timeline
    last_day = timeline.dates[-1]
    assert dash_duo.find_element("#date-heading").text == f"End of {last_day.day} {last_day:%B %Y}"
    assert trace_values(dash_duo, AREAS, "z") == timeline.area_codes[-1].tolist()
    assert len(trace_values(dash_duo, TOWNS, "lat")) == len(timeline.town_ids)
    assert dash_duo.get_logs() == []


def test_dragging_the_slider_recolours_the_map(dash_duo, bundled_project):
    start(dash_duo, bundled_project)
    timeline = bundled_project.timeline
    target = timeline.day_index(dt.date(2024, 11, 29))
    thumb = dash_duo.find_element("#date-slider [role=slider]")
    mark = next(
        m for m in dash_duo.find_elements("#date-slider .dash-slider-mark") if m.text == "29 Nov"
    )
    ActionChains(dash_duo.driver).click_and_hold(thumb).pause(0.2).move_to_element(mark).pause(
        0.2
    ).release().perform()

    dash_duo.wait_for_text_to_equal("#date-heading", "End of 29 November 2024")
    until(
        lambda: trace_values(dash_duo, AREAS, "z") == timeline.area_codes[target].tolist(),
        timeout=10,
    )
    assert timeline.area_codes[target].tolist() != timeline.area_codes[-1].tolist()
    assert trace_values(dash_duo, TOWNS, "marker", "color") == timeline.town_codes[target].tolist()
    assert dash_duo.get_logs() == []


def test_clicking_a_town_shows_its_sourced_history(dash_duo, bundled_project):
    start(dash_duo, bundled_project)
    hama = bundled_project.record.towns["hama"]
    x, y = screen_point(dash_duo, hama.lon, hama.lat)
    click_map_at(dash_duo, x, y)

    dash_duo.wait_for_text_to_equal("#town-name", "Hama")
    panel = dash_duo.find_element("#town-panel")
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
    expected = Path(dash_duo.download_path) / f"frontline-map-syria-{last_day}.png"
    deadline = time.monotonic() + 60
    while not expected.exists() and time.monotonic() < deadline:
        time.sleep(0.25)
    data = expected.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    dash_duo.wait_for_text_to_equal("#export-status", f"Downloaded {expected.name}")
    assert len(data) > 50_000
    assert dash_duo.get_logs() == []


def test_a_change_list_for_another_day_is_refused_and_fetched_again(dash_duo, bundled_project):
    """Overlapping requests while dragging can deliver a change list built against a day
    the map no longer shows; the browser must ask again rather than show a wrong map."""
    start(dash_duo, bundled_project)
    timeline = bundled_project.timeline
    count_updates = (
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('_dash-update-component')).length;"
    )
    before = dash_duo.driver.execute_script(count_updates)
    zeros = [0] * len(timeline.areas.area_ids)
    dash_duo.driver.execute_script(
        "window.dash_clientside.set_props('day-update', {data: arguments[0]});",
        {"day": 4, "shows": ":4", "from": ":2", "set": [[[AREAS, "z"], zeros]]},
    )
    until(lambda: dash_duo.driver.execute_script(count_updates) > before, 10)
    dash_duo._wait_for_callbacks()
    assert trace_values(dash_duo, AREAS, "z") == timeline.area_codes[-1].tolist()
    assert dash_duo.get_logs() == []
