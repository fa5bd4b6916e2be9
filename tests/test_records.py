"""Loading and validating the record: every problem is reported with file, row and column."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from record_fixtures import (
    EVENT_HEADER,
    EVENTS,
    SOURCE_HEADER,
    SOURCES,
    TOWN_HEADER,
    TOWNS,
    load_test_record,
    write_csv,
)

from dashboard.records import RecordError
from dashboard.timeline import CERTAINTY, AreaTable, Timeline


def problems_for(paths) -> list:
    with pytest.raises(RecordError) as caught:
        load_test_record(paths)
    return caught.value.problems


def with_event(paths, index: int, column: str, value: str):
    rows = [list(row) for row in EVENTS]
    rows[index][EVENT_HEADER.index(column)] = value
    write_csv(paths.events, EVENT_HEADER, rows)
    return paths


def test_valid_record_loads_sorted_with_sources(record_files):
    record = load_test_record(record_files)
    assert set(record.towns) == {"alpha", "beta", "gamma"}
    assert record.baseline_date == dt.date(2024, 11, 26)
    assert record.last_date == dt.date(2024, 12, 2)
    assert [e.event_id for e in record.changes] == ["c-1", "c-2", "c-3"]
    assert record.changes[1].source_ids == ("src_a", "src_b")
    assert record.towns["alpha"].names == {"en": "Alpha", "ar": "ألفا"}
    assert record.towns["beta"].names == {"en": "Beta"}
    assert record.changes[1].review == "confirmed"


@pytest.mark.parametrize(
    ("index", "column", "value", "message"),
    [
        (3, "to_side", "rebels", "unknown side 'rebels'"),
        (3, "from_side", "regime", "unknown side 'regime'"),
        (3, "date", "2024-11-31", "not a real calendar date"),
        (3, "date", "30/11/2024", "not a date in the form YYYY-MM-DD"),
        (3, "date", "2027-01-01", "in the future"),
        (3, "town_id", "atlantis", "unknown town 'atlantis'"),
        (3, "source_ids", "nowhere", "unknown source 'nowhere'"),
        (3, "source_ids", "", "at least one source"),
        (3, "confidence", "certain", "unknown confidence"),
        (3, "basis", "province", "unknown basis 'province'"),
        (3, "basis", "", "unknown basis ''"),
        (3, "kind", "rumour", "unknown kind"),
        (3, "description", "", "required value is empty"),
        (0, "from_side", "sdf", "a baseline row has no from_side"),
    ],
)
def test_bad_field_is_reported_with_file_row_and_column(
    record_files, index, column, value, message
):
    problems = problems_for(with_event(record_files, index, column, value))
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == str(record_files.events)
    assert problem.row == index + 2
    assert problem.column == column
    assert message in problem.message


def test_from_side_must_match_holder_at_that_time(record_files):
    problems = problems_for(with_event(record_files, 5, "from_side", "sdf"))
    assert [(p.row, p.column) for p in problems] == [(7, "from_side")]
    assert "held by 'government'" in problems[0].message


def test_duplicate_change_is_rejected(record_files):
    rows = [
        *EVENTS,
        [
            "c-4",
            "2024-12-02",
            "beta",
            "change",
            "government",
            "hts_led",
            "Again.",
            "low",
            "place",
            "src_a",
            "",
            "",
            "",
        ],
    ]
    write_csv(record_files.events, EVENT_HEADER, rows)
    problems = problems_for(record_files)
    assert any(p.row == 8 and "duplicate change" in p.message for p in problems)


def test_change_on_or_before_baseline_day_is_impossible(record_files):
    problems = problems_for(with_event(record_files, 5, "date", "2024-11-20"))
    assert any(p.column == "date" and "impossible date" in p.message for p in problems)


def test_town_without_baseline_is_reported_in_towns_file(record_files):
    write_csv(record_files.events, EVENT_HEADER, [EVENTS[0], EVENTS[1], *EVENTS[3:]])
    problems = problems_for(record_files)
    assert [(p.file, p.row, p.column) for p in problems] == [
        (str(record_files.towns), 4, "town_id")
    ]


def test_missing_column_and_malformed_row(record_files):
    header = [c for c in EVENT_HEADER if c != "confidence"]
    write_csv(record_files.events, header, [])
    problems = problems_for(record_files)
    assert [(p.row, p.column) for p in problems] == [(1, "confidence")]

    write_csv(record_files.events, EVENT_HEADER, [EVENTS[0], ["b-beta", "2024-11-26", "beta"]])
    problems = problems_for(record_files)
    assert any(p.row == 3 and "malformed row" in p.message for p in problems)


def test_unsafe_source_link_is_refused(record_files):
    rows = [list(r) for r in SOURCES]
    rows[0][4] = "javascript:alert(1)"
    write_csv(record_files.sources, SOURCE_HEADER, rows)
    problems = problems_for(record_files)
    assert [(p.file, p.row, p.column) for p in problems] == [(str(record_files.sources), 2, "url")]


def test_duplicate_town_id_and_bad_coordinates(record_files):
    rows = [*TOWNS, ["alpha", "Alpha again", "", "town", "", "95", "37", "", ""]]
    write_csv(record_files.towns, TOWN_HEADER, rows)
    problems = problems_for(record_files)
    assert {(p.row, p.column) for p in problems} == {(5, "town_id"), (5, "lat")}


def test_every_problem_is_listed_at_once(record_files):
    rows = [list(row) for row in EVENTS]
    rows[3][EVENT_HEADER.index("to_side")] = "rebels"
    rows[5][EVENT_HEADER.index("date")] = "2024-13-01"
    write_csv(record_files.events, EVENT_HEADER, rows)
    assert {(p.row, p.column) for p in problems_for(record_files)} == {(5, "to_side"), (7, "date")}


def test_input_files_are_never_modified(record_files):
    before = {p: p.read_bytes() for p in (record_files.events, record_files.towns)}
    with_event(record_files, 3, "to_side", "rebels")
    before[record_files.events] = record_files.events.read_bytes()
    problems_for(record_files)
    assert all(path.read_bytes() == data for path, data in before.items())


def test_high_confidence_needs_two_sources(record_files):
    problems = problems_for(with_event(record_files, 4, "source_ids", "src_a"))
    assert [(p.row, p.column) for p in problems] == [(6, "confidence")]
    assert "two independent sources" in problems[0].message


def test_a_region_based_holder_is_as_uncertain_as_a_low_confidence_one(record_files):
    """A row whose sources only report the wider region shows like a low-confidence one."""
    with_event(record_files, 3, "basis", "region")
    record = load_test_record(record_files)
    change = next(e for e in record.events if e.event_id == EVENTS[3][0])
    assert change.rests_on_region and change.confidence != "low"
    areas = AreaTable(("a",), (change.town_id,), ("A",), np.ones(1))
    timeline = Timeline(record, areas)
    day = timeline.day_index(change.date)
    column = timeline.town_ids.index(change.town_id)
    assert CERTAINTY[timeline.town_certainty[day, column]] == "low"
    assert CERTAINTY[timeline.town_certainty[day - 1, column]] == "reported"
