"""The record as data: a CSV a spreadsheet cannot be tricked by, and valid GeoJSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import pytest

from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.reports.tables import (
    CHANGE_COLUMNS,
    FORMULA_STARTS,
    changes_csv,
    safe_cell,
)
from dashboard.timeline import Timeline

ATTACKS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=1")


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(find_pack())


@pytest.mark.parametrize("value", ATTACKS)
def test_a_cell_that_would_start_a_formula_is_text(value):
    assert safe_cell(value) == "'" + value
    assert not safe_cell(value).startswith(FORMULA_STARTS)


@pytest.mark.parametrize("value", ["Aleppo", "2024-12-05", "", "a=b", "HTS-led"])
def test_ordinary_cells_are_left_as_they_are(value):
    assert safe_cell(value) == value


def test_no_cell_of_a_hostile_record_starts_a_formula(project):
    """Descriptions and names written to attack a spreadsheet come out as text."""
    record = project.record
    events = tuple(
        replace(event, description=ATTACKS[n % len(ATTACKS)]) if not event.is_baseline else event
        for n, event in enumerate(record.events)
    )
    towns = {
        town_id: replace(town, names={**town.names, "en": "=cmd|' /C calc'!A0"})
        for town_id, town in record.towns.items()
    }
    hostile_record = replace(record, events=events, towns=towns)
    hostile = replace(
        project, record=hostile_record, timeline=Timeline(hostile_record, project.timeline.areas)
    )
    text = changes_csv(hostile, 0, len(project.timeline.dates) - 1)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(CHANGE_COLUMNS)
    assert len(rows) == len(record.changes) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    descriptions = {row[CHANGE_COLUMNS.index("description")] for row in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in descriptions
    assert {row[CHANGE_COLUMNS.index("town")] for row in rows[1:]} == {"'=cmd|' /C calc'!A0"}


def test_the_csv_holds_the_changes_of_the_range_only(project):
    timeline = project.timeline
    start, end = dt.date(2024, 11, 29), dt.date(2024, 12, 3)
    text = changes_csv(project, timeline.day_index(start), timeline.day_index(end))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    expected = [e for e in project.record.changes if start <= e.date <= end]
    assert [row["event_id"] for row in rows] == [e.event_id for e in expected]
    assert all(start.isoformat() <= row["date"] <= end.isoformat() for row in rows)
    aleppo = [row["to_label"] for row in rows if row["town_id"] == "aleppo"]
    assert project.config.label("hts_led") in aleppo
    cited = [row for row in rows if row["source_ids"]]
    assert cited
    assert all(row["publishers"] and "http" in row["urls"] for row in cited)


def test_the_csv_speaks_the_language_asked(project):
    text = changes_csv(project, 0, len(project.timeline.dates) - 1, "ar")
    assert project.record.towns["aleppo"].names["ar"] in text
