"""Your own events file in the real browser: a valid file redraws the map for this tab,
an invalid one lists its problems and changes nothing, and the bundled record returns."""

from __future__ import annotations

from pathlib import Path

from dash.testing.wait import until
from helpers import painted_areas, wait_for_map

from dashboard.project import with_events
from dashboard.records import GivenFile
from dashboard.web import create_app

UPLOAD_INPUT = "#events-upload input[type=file]"


def events_without_changes_after(project, day: str) -> str:
    """The bundled events file cut after `day`: a valid record that differs at the end."""
    lines = project.paths.events.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    date = header.index("date")
    kept = [line for line in lines[1:] if line.split(",")[date] <= day]
    return "\n".join([lines[0], *kept]) + "\n"


def test_a_valid_file_redraws_the_map_and_an_invalid_one_changes_nothing(
    dash_duo, bundled_project, tmp_path: Path
):
    dash_duo.start_server(create_app(project=bundled_project))
    wait_for_map(dash_duo)
    bundled_z = bundled_project.timeline.area_codes[-1].tolist()

    mine = tmp_path / "my events.csv"
    mine.write_text(events_without_changes_after(bundled_project, "2024-12-01"), "utf-8")
    expected = with_events(bundled_project, GivenFile(mine.name, mine.read_bytes())).timeline
    dash_duo.find_element(UPLOAD_INPUT).send_keys(str(mine))
    dash_duo.wait_for_contains_text("#upload-status", "Showing your file my events.csv", 15)
    until(lambda: painted_areas(dash_duo) == expected.area_codes[-1].tolist(), 15)
    assert expected.area_codes[-1].tolist() != bundled_z
    dash_duo.wait_for_contains_text("#record-banner", "Showing your file my events.csv")
    last = expected.dates[-1]
    dash_duo.wait_for_text_to_equal("#date-heading", f"End of {last.day} {last:%B %Y}")

    broken = tmp_path / "broken.csv"
    text = mine.read_text("utf-8").replace(",hts_led,", ",rebels,", 1)
    broken.write_text(text, "utf-8")
    dash_duo.find_element(UPLOAD_INPUT).send_keys(str(broken))
    dash_duo.wait_for_contains_text("#upload-status", "broken.csv was not used: 1 problem", 15)
    problem = dash_duo.find_element("#upload-problems li").text
    assert "column to_side: unknown side 'rebels'" in problem and problem.startswith("row ")
    assert painted_areas(dash_duo) == expected.area_codes[-1].tolist()

    dash_duo.find_element("#use-bundled").click()
    dash_duo.wait_for_text_to_equal("#upload-status", "Showing the bundled record.")
    until(lambda: painted_areas(dash_duo) == bundled_z, 15)
    assert dash_duo.get_logs() == []
