"""Playback, keyboard stepping, permalinks and the frontline layer in the real browser."""

from __future__ import annotations

import datetime as dt
import time

from dash.testing.wait import until
from dashboard.figures.map_figure import format_day
from helpers import painted, wait_for_map
from selenium.webdriver.common.keys import Keys

from dashboard.web import create_app


def open_app(dash_duo, project, query: str = "") -> None:
    dash_duo.start_server(create_app(project=project))
    if query:
        dash_duo.driver.get(f"{dash_duo.server_url}/{query}")
    wait_for_map(dash_duo)


def heading(day: dt.date) -> str:
    return f"End of {format_day(day)}"


def test_permalink_restores_the_view_and_follows_changes_without_reload(dash_duo, bundled_project):
    open_app(dash_duo, bundled_project, "?date=2024-12-01&town=aleppo")
    dash_duo.wait_for_text_to_equal("#date-heading", "End of 1 December 2024")
    dash_duo.wait_for_text_to_equal("#town-name", "Aleppo")
    dash_duo.driver.execute_script("window.sameDocument = true;")

    dash_duo.find_element("#step-forward").click()
    dash_duo.wait_for_text_to_equal("#date-heading", "End of 2 December 2024")
    until(lambda: dash_duo.driver.current_url.endswith("?date=2024-12-02&town=aleppo"), 10)
    assert dash_duo.driver.execute_script("return window.sameDocument === true;")
    assert dash_duo.get_logs() == []


def test_bad_permalink_values_are_ignored(dash_duo, bundled_project):
    open_app(dash_duo, bundled_project, "?date=2031-02-30&town=<b>nowhere</b>")
    last = bundled_project.timeline.dates[-1]
    dash_duo.wait_for_text_to_equal("#date-heading", heading(last))
    assert dash_duo.find_element("#town-panel").text.startswith("Click a town")
    assert dash_duo.get_logs() == []


def test_playback_runs_day_by_day_and_stops_at_the_last_date(dash_duo, bundled_project):
    dates = bundled_project.timeline.dates
    open_app(dash_duo, bundled_project, f"?date={dates[-4].isoformat()}")
    dash_duo.wait_for_text_to_equal("#date-heading", heading(dates[-4]))
    record_text_changes(dash_duo, "#date-heading", "#play-button")
    dash_duo.find_element("#playback-speed input[value='500:1']").click()
    dash_duo.find_element("#play-button").click()

    dash_duo.wait_for_text_to_equal("#date-heading", heading(dates[-1]), timeout=15)
    dash_duo.wait_for_text_to_equal("#play-button", "▶ Play")
    seen = dash_duo.driver.execute_script("return window.seenTexts;")
    assert seen["#date-heading"] == [heading(day) for day in dates[-3:]]
    assert seen["#play-button"] == ["❚❚ Pause", "▶ Play"]
    assert dash_duo.find_element("#date-slider [role=slider]").get_attribute(
        "aria-valuenow"
    ) == str(len(dates) - 1)
    assert dash_duo.get_logs() == []


def record_text_changes(dash_duo, *selectors: str) -> None:
    """Keep every text each element shows from now on, however briefly (playback is fast)."""
    dash_duo.driver.execute_script(
        """
        window.seenTexts = {};
        for (const selector of arguments[0]) {
            const element = document.querySelector(selector);
            window.seenTexts[selector] = [];
            new MutationObserver(() => {
                const seen = window.seenTexts[selector];
                if (seen[seen.length - 1] !== element.textContent) {
                    seen.push(element.textContent);
                }
            }).observe(element, {childList: true, subtree: true, characterData: true});
        }
        """,
        list(selectors),
    )


def test_pause_stops_playback_and_step_buttons_move_one_day(dash_duo, bundled_project):
    dates = bundled_project.timeline.dates
    index_of = {heading(day): index for index, day in enumerate(dates)}
    open_app(dash_duo, bundled_project, f"?date={dates[0].isoformat()}")
    dash_duo.wait_for_text_to_equal("#date-heading", heading(dates[0]))
    dash_duo.find_element("#play-button").click()
    until(lambda: dash_duo.find_element("#date-heading").text != heading(dates[0]), 10)
    dash_duo.find_element("#play-button").click()
    dash_duo.wait_for_text_to_equal("#play-button", "▶ Play")
    dash_duo._wait_for_callbacks()
    paused = index_of[dash_duo.find_element("#date-heading").text]
    time.sleep(2.5)  # several playback ticks at 1 day/s: nothing may move while paused
    assert index_of[dash_duo.find_element("#date-heading").text] == paused
    assert paused < len(dates) - 1

    dash_duo.find_element("#step-back").click()
    dash_duo.wait_for_text_to_equal("#date-heading", heading(dates[paused - 1]))
    dash_duo.find_element("#step-forward").click()
    dash_duo.find_element("#step-forward").click()
    dash_duo.wait_for_text_to_equal("#date-heading", heading(dates[paused + 1]))


def test_arrow_keys_on_the_slider_step_one_day(dash_duo, bundled_project):
    dates = bundled_project.timeline.dates
    open_app(dash_duo, bundled_project)
    thumb = dash_duo.find_element("#date-slider [role=slider]")
    thumb.send_keys(Keys.ARROW_LEFT)
    dash_duo.wait_for_text_to_equal("#date-heading", heading(dates[-2]))
    thumb.send_keys(Keys.ARROW_LEFT)
    dash_duo.wait_for_text_to_equal("#date-heading", heading(dates[-3]))
    thumb.send_keys(Keys.ARROW_RIGHT)
    dash_duo.wait_for_text_to_equal("#date-heading", heading(dates[-2]))


def test_frontline_layer_is_redrawn_for_the_chosen_day(dash_duo, bundled_project):
    timeline = bundled_project.timeline
    frontiers = bundled_project.frontiers
    open_app(dash_duo, bundled_project)

    def shown_front() -> list[int]:
        return [i for i, on in enumerate(painted(dash_duo)["front"]) if on]

    last = frontiers.active(timeline.area_codes[-1]).tolist()
    assert shown_front() == last

    day = timeline.day_index(dt.date(2024, 11, 30))
    dash_duo.driver.get(f"{dash_duo.server_url}/?date=2024-11-30")
    wait_for_map(dash_duo)
    expected = frontiers.active(timeline.area_codes[day]).tolist()
    assert expected != last
    until(lambda: shown_front() == expected, 10)
    rendered = dash_duo.driver.execute_script(
        "const m = window.frontline.mapLayers.view.map;"
        "return m.queryRenderedFeatures({layers: ['fl-frontline']})"
        ".filter(f => f.state.front).length;"
    )
    assert rendered > 0
    assert dash_duo.get_logs() == []
