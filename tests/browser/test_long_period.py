"""A long war in the real browser: month marks, the date picker and monthly playback."""

from __future__ import annotations

import datetime as dt

import pytest
from dash.testing.wait import until
from helpers import painted_areas, wait_for_map
from selenium.webdriver.common.keys import Keys

from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.web import create_app


@pytest.fixture(scope="module")
def sudan() -> Project:
    return load_project(find_pack("sudan"))


def test_sudan_loads_with_month_marks_and_the_date_picker_moves_the_map(dash_duo, sudan):
    dash_duo.start_server(create_app(project=sudan))
    wait_for_map(dash_duo)
    marks = [m.text for m in dash_duo.find_elements("#date-slider .dash-slider-mark")]
    assert marks[0] == "May 2023" and "Jan 2025" in marks and len(marks) <= 18

    picker = dash_duo.find_element("input#date-picker, #date-picker input")
    picker.send_keys("15 Jan 2024", Keys.TAB)
    dash_duo.wait_for_text_to_equal("#date-heading", "End of 15 January 2024")
    index = sudan.timeline.day_index(dt.date(2024, 1, 15))
    until(lambda: painted_areas(dash_duo) == sudan.timeline.area_codes[index].tolist(), 10)
    assert dash_duo.get_logs() == []


def test_monthly_playback_moves_thirty_days_a_step(dash_duo, sudan):
    dash_duo.start_server(create_app(project=sudan))
    dash_duo.driver.get(f"{dash_duo.server_url}/?date=2024-01-01")
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal("#date-heading", "End of 1 January 2024")
    dash_duo.find_element("#playback-speed input[value='1000:30']").click()
    dash_duo.find_element("#play-button").click()
    dash_duo.wait_for_text_to_equal("#date-heading", "End of 31 January 2024", timeout=10)
    dash_duo.find_element("#play-button").click()
    assert dash_duo.get_logs() == []
