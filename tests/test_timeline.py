"""The timeline: baseline plus changes gives the holder of every town and area on any day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from record_fixtures import load_test_record

from dashboard.timeline import AreaTable, Timeline

D = dt.date


@pytest.fixture
def timeline(record_files) -> Timeline:
    record = load_test_record(record_files)
    areas = AreaTable(
        area_ids=("X-alpha", "X-beta", "Y-alpha", "Z-gamma"),
        town_ids=("alpha", "beta", "alpha", "gamma"),
        unit_names=("X", "X", "Y", "Z"),
        km2=np.array([100.0, 50.0, 25.0, 25.0]),
    )
    return Timeline(record, areas)


def test_period_runs_day_by_day_from_baseline_to_last_change(timeline):
    assert timeline.dates[0] == D(2024, 11, 26)
    assert timeline.dates[-1] == D(2024, 12, 2)
    assert len(timeline.dates) == 7


def test_state_is_the_end_of_the_day(timeline):
    def alpha(day):
        return timeline.town_state("alpha", timeline.day_index(day))

    assert alpha(D(2024, 11, 28)) == "government"
    assert alpha(D(2024, 11, 29)) == "contested"
    assert alpha(D(2024, 11, 30)) == "hts_led"
    assert alpha(D(2024, 12, 2)) == "hts_led"


def test_areas_follow_their_town(timeline):
    states = timeline.area_states(timeline.day_index(D(2024, 12, 2)))
    assert states == {
        "X-alpha": "hts_led",
        "X-beta": "hts_led",
        "Y-alpha": "hts_led",
        "Z-gamma": "sdf",
    }
    first = timeline.area_states(0)
    assert first["X-beta"] == "government"


def test_changed_areas_compare_with_the_previous_day(timeline):
    assert timeline.changed_areas(0).size == 0
    changed = timeline.changed_areas(timeline.day_index(D(2024, 11, 29)))
    assert [timeline.areas.area_ids[i] for i in changed] == ["X-alpha", "Y-alpha"]
    assert timeline.changed_areas(timeline.day_index(D(2024, 12, 1))).size == 0


def test_territory_sums_area_by_holder(timeline):
    assert timeline.territory(0) == {"government": 175.0, "sdf": 25.0}
    last = timeline.territory(timeline.day_index(D(2024, 12, 2)))
    assert last == {"hts_led": 175.0, "sdf": 25.0}
    assert timeline.territory(timeline.day_index(D(2024, 11, 29)))["contested"] == 125.0


def test_day_outside_period_is_an_error_not_clamped(timeline):
    with pytest.raises(ValueError, match="outside the record's period"):
        timeline.day_index(D(2024, 12, 3))
    with pytest.raises(ValueError):
        timeline.day_index(D(2024, 11, 25))


def test_history_lists_baseline_then_changes(timeline):
    assert [e.event_id for e in timeline.history("alpha")] == ["b-alpha", "c-1", "c-2"]
    assert [e.event_id for e in timeline.changes_on(timeline.day_index(D(2024, 11, 30)))] == ["c-2"]
