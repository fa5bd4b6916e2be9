"""Playback, the step buttons and permalinks in the app, in a real browser."""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import parse_qs, urlsplit

from reader import (
    console_problems,
    heading,
    map_state,
    open_reader,
    painted,
    record_texts,
    recorded_texts,
    timeline_state,
    town_name,
    until,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

PLAY = ".fl-play"
FASTEST = "2 days/s"  # one day every 500 ms


def end_of(day: dt.date) -> str:
    return f"End of {day.day} {day:%B %Y}"


def click(page, selector: str) -> None:
    page.find_element(By.CSS_SELECTOR, selector).click()


def playing(page) -> bool:
    return page.find_element(By.CSS_SELECTOR, PLAY).get_attribute("aria-pressed") == "true"


def test_a_permalink_restores_the_view_and_a_step_keeps_it(page, app_url, bundled_project):
    open_reader(page, f"{app_url}/?date=2024-11-30&town=aleppo")
    assert heading(page) == "End of 30 November 2024"
    until(lambda: town_name(page) == "Aleppo", what="Aleppo's card")
    # The map shows that day, its frontline included, not the last day's.
    timeline = bundled_project.timeline
    day = timeline.day_index(dt.date(2024, 11, 30))
    assert map_state(painted(page)) == timeline_state(bundled_project, day)
    assert (
        timeline_state(bundled_project, day)["front"]
        != timeline_state(bundled_project, len(timeline.dates) - 1)["front"]
    )
    drawn = page.execute_script(
        "return window.frontline.map.queryRenderedFeatures({layers: ['fl-frontline']})"
        ".filter(f => f.state.front).length;"
    )
    assert drawn > 0

    page.execute_script("window.sameDocument = true;")
    click(page, ".fl-step.fl-forward")
    until(lambda: heading(page) == "End of 1 December 2024", what="a day forward")
    until(lambda: page.current_url.endswith("?date=2024-12-01&town=aleppo"), what="the address")
    assert page.execute_script("return window.sameDocument === true;")  # no reload
    assert console_problems(page) == []


def test_bad_permalink_values_are_ignored(page, app_url, bundled_project):
    open_reader(page, f"{app_url}/?date=2031-02-30&town=<b>nowhere</b>&lang=xx")
    assert heading(page) == end_of(bundled_project.timeline.dates[-1])
    assert page.execute_script("return window.frontline.town()") is None
    assert page.find_elements(By.CSS_SELECTOR, ".fl-card .fl-hint")
    assert page.execute_script("return document.documentElement.lang") == "en"
    # The address now says what is shown.
    query = parse_qs(urlsplit(page.current_url).query)
    assert query["date"] == [bundled_project.timeline.dates[-1].isoformat()]
    assert "town" not in query
    assert console_problems(page) == []


def test_playback_runs_day_by_day_and_stops_on_the_last_day(page, app_url, bundled_project):
    dates = bundled_project.timeline.dates
    open_reader(page, f"{app_url}/?date={dates[-4].isoformat()}")
    Select(page.find_element(By.CSS_SELECTOR, ".fl-speed")).select_by_visible_text(FASTEST)
    record_texts(page, ".fl-date", PLAY)
    click(page, PLAY)
    until(lambda: heading(page) == end_of(dates[-1]) and not playing(page), 15, "the last day")
    seen = recorded_texts(page)
    assert seen[".fl-date"] == [end_of(day) for day in dates[-3:]]
    assert seen[PLAY] == ["Pause", "Play"]
    slider = page.find_element(By.CSS_SELECTOR, ".fl-slider")
    assert slider.get_attribute("value") == str(len(dates) - 1)
    assert map_state(painted(page)) == timeline_state(bundled_project, len(dates) - 1)

    # Play on the last day starts again from the first.
    record_texts(page, ".fl-date")
    click(page, PLAY)
    click(page, PLAY)
    assert recorded_texts(page)[".fl-date"][0] == end_of(dates[0])
    assert console_problems(page) == []


def test_pause_holds_the_day_and_the_step_buttons_move_one_day(page, app_url, bundled_project):
    dates = bundled_project.timeline.dates
    index_of = {end_of(day): index for index, day in enumerate(dates)}
    open_reader(page, f"{app_url}/?date={dates[0].isoformat()}")
    Select(page.find_element(By.CSS_SELECTOR, ".fl-speed")).select_by_visible_text(FASTEST)
    click(page, PLAY)
    until(lambda: heading(page) != end_of(dates[0]), what="playback to move")
    click(page, PLAY)
    assert not playing(page)
    paused = index_of[heading(page)]
    time.sleep(1.2)  # two ticks and more: nothing may move while paused
    assert index_of[heading(page)] == paused
    assert 0 < paused < len(dates) - 1

    click(page, ".fl-step.fl-back")
    until(lambda: heading(page) == end_of(dates[paused - 1]), what="a day back")
    click(page, ".fl-step.fl-forward")
    click(page, ".fl-step.fl-forward")
    until(lambda: heading(page) == end_of(dates[paused + 1]), what="two days forward")
    assert map_state(painted(page)) == timeline_state(bundled_project, paused + 1)
    # A step while playing stops the playback there.
    click(page, PLAY)
    click(page, ".fl-step.fl-back")
    assert not playing(page)
    assert console_problems(page) == []
