"""A long war in the app: month marks under the slider, the date input and playback a
month a step, on the Sudan pack (served under /sudan/)."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from reader import (
    console_problems,
    heading,
    map_state,
    open_reader,
    painted,
    record_texts,
    recorded_texts,
    timeline_state,
    until,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

MARKS = """
const slider = document.querySelector('.fl-slider').getBoundingClientRect();
return [...document.querySelectorAll('.fl-mark')].map((m) => {
  const r = m.getBoundingClientRect();
  return {text: m.textContent, left: r.left, right: r.right,
          inside: r.left >= slider.left - 1 && r.right <= slider.right + 1};
});
"""


def test_sudan_marks_months_and_the_date_input_moves_the_map(page, app_url, sudan_project):
    open_reader(page, f"{app_url}/sudan/")
    marks = page.execute_script(MARKS)
    texts = [mark["text"] for mark in marks]
    assert texts[0] == "May 2023" and "Jan 2025" in texts and len(texts) <= 18
    # Only marks that fit: none overlaps another or leaves the slider.
    for before, after in pairwise(marks):
        assert after["left"] >= before["right"], (before, after)
    assert all(mark["inside"] for mark in marks), marks

    page.find_element(By.CSS_SELECTOR, ".fl-goto").send_keys("01152024")  # en-US: mm dd yyyy
    until(lambda: heading(page) == "End of 15 January 2024", what="the date typed")
    day = sudan_project.timeline.day_index(dt.date(2024, 1, 15))
    until(lambda: painted(page)["day"] == day, what="the map on that day")
    assert map_state(painted(page)) == timeline_state(sudan_project, day)
    assert "date=2024-01-15" in page.current_url
    assert console_problems(page) == []


def test_monthly_playback_moves_thirty_days_a_step(page, app_url):
    open_reader(page, f"{app_url}/sudan/?date=2024-01-01")
    assert heading(page) == "End of 1 January 2024"
    speeds = Select(page.find_element(By.CSS_SELECTOR, ".fl-speed"))
    assert [o.text for o in speeds.options][-2:] == ["1 week/s", "1 month/s"]
    speeds.select_by_visible_text("1 month/s")
    record_texts(page, ".fl-date")
    page.find_element(By.CSS_SELECTOR, ".fl-play").click()
    until(lambda: recorded_texts(page)[".fl-date"], 10, "a step of playback")
    page.find_element(By.CSS_SELECTOR, ".fl-play").click()
    assert recorded_texts(page)[".fl-date"][0] == "End of 31 January 2024"
    assert console_problems(page) == []
