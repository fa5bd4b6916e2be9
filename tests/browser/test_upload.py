"""Your own events file in the app: a valid file redraws the map for this tab, with its
own town histories; an invalid one lists its problems and changes nothing; "Back to
the record" returns to the pack's."""

from __future__ import annotations

from pathlib import Path

from reader import (
    console_problems,
    heading,
    map_state,
    open_reader,
    open_tools,
    painted,
    timeline_state,
    town_name,
    until,
)
from selenium.webdriver.common.by import By

from dashboard.project import Project, with_events
from dashboard.records import GivenFile

UPLOAD_INPUT = "#events-upload input[type=file]"


def events_without_changes_after(project: Project, day: str) -> str:
    """The bundled events file cut after `day`: a valid record that differs at the end."""
    lines = project.paths.events.read_text(encoding="utf-8").splitlines()
    date = lines[0].split(",").index("date")
    kept = [line for line in lines[1:] if line.split(",")[date] <= day]
    return "\n".join([lines[0], *kept]) + "\n"


def text(page, selector: str) -> str:
    return page.find_element(By.CSS_SELECTOR, selector).text


def events_shown(page) -> int:
    return len(page.find_elements(By.CSS_SELECTOR, ".fl-card .fl-event"))


def test_a_valid_file_redraws_the_map_and_an_invalid_one_changes_nothing(
    page, app_url, bundled_project, tmp_path: Path
):
    open_reader(page, f"{app_url}/?town=damascus")
    until(lambda: town_name(page) == "Damascus", what="Damascus's card")
    bundled = bundled_project.timeline
    last = len(bundled.dates) - 1
    assert not page.find_element(By.CSS_SELECTOR, "#record-banner").is_displayed()
    open_tools(page)

    mine = tmp_path / "my events.csv"
    mine.write_text(events_without_changes_after(bundled_project, "2024-12-01"), "utf-8")
    expected = with_events(bundled_project, GivenFile(mine.name, mine.read_bytes()))
    assert expected.timeline.area_codes[-1].tolist() != bundled.area_codes[-1].tolist()
    page.find_element(By.CSS_SELECTOR, UPLOAD_INPUT).send_keys(str(mine))
    banner = page.find_element(By.CSS_SELECTOR, "#record-banner")
    until(banner.is_displayed, 20, "the banner")
    assert "Showing your file my events.csv" in banner.text
    assert "Showing your file my events.csv" in text(page, "#upload-status")
    # The map shows the file's record on the same day; the card its history.
    until(lambda: painted(page)["areas"] == expected.timeline.area_codes[-1].tolist(), 20)
    assert map_state(painted(page)) == timeline_state(expected, last)
    day = expected.timeline.dates[last]
    assert heading(page) == f"End of {day.day} {day:%B %Y}"
    history = expected.timeline.history("damascus")
    assert len(history) < len(bundled.history("damascus"))
    until(lambda: events_shown(page) == len(history), what="the file's history of Damascus")
    assert bundled_project.config.label(
        expected.timeline.town_state("damascus", last), "en", bundled.dates[-1]
    ) in text(page, ".fl-holder")

    # The tab keeps its file through a reload: the page asks for its tables again.
    open_reader(page, page.current_url)
    banner = page.find_element(By.CSS_SELECTOR, "#record-banner")
    until(banner.is_displayed, 20, "the banner after a reload")
    until(lambda: painted(page)["areas"] == expected.timeline.area_codes[-1].tolist(), 20)
    open_tools(page)

    broken = tmp_path / "broken.csv"
    broken.write_text(mine.read_text("utf-8").replace(",hts_led,", ",rebels,", 1), "utf-8")
    page.find_element(By.CSS_SELECTOR, UPLOAD_INPUT).send_keys(str(broken))
    until(lambda: "broken.csv was not used: 1 problem" in text(page, "#upload-status"), 20)
    problems = [li.text for li in page.find_elements(By.CSS_SELECTOR, "#upload-problems li")]
    assert len(problems) == 1 and problems[0].startswith("row ")
    assert "column to_side: unknown side 'rebels'" in problems[0]
    assert map_state(painted(page)) == timeline_state(expected, last)
    assert "Showing your file my events.csv" in banner.text

    page.find_element(By.CSS_SELECTOR, "#use-bundled").click()
    until(lambda: text(page, "#upload-status") == "Showing the record.", what="the record back")
    until(lambda: painted(page)["areas"] == bundled.area_codes[-1].tolist(), 20)
    assert map_state(painted(page)) == timeline_state(bundled_project, last)
    until(lambda: not banner.is_displayed(), what="the banner to go")
    until(lambda: events_shown(page) == len(bundled.history("damascus")), what="the record's card")
    assert console_problems(page) == []
