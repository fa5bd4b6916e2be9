"""Territory in numbers: the series agrees with `frontline state` on every day of both
packs in both ways of counting land, gains and losses balance, and the km² resting on
uncertain reports is what the areas' certainty says."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import numpy as np
import pytest
from test_cli import run

from dashboard.cli import EXIT_INVALID
from dashboard.pack.paths import bundled_packs, find_pack
from dashboard.project import load_project
from dashboard.state_report import state_document
from dashboard.territory import (
    BEYOND_REACH,
    SERIES_COLUMNS,
    Step,
    compare,
    day_totals,
    parse_step,
    series,
    step_days,
)
from dashboard.timeline import CERTAINTY, CONVENTIONS


@pytest.fixture(scope="module", params=list(bundled_packs()))
def project(request):
    return load_project(find_pack(request.param))


def test_the_series_is_the_state_of_every_day_in_both_conventions(project):
    timeline = project.timeline
    days = tuple(range(len(timeline.dates)))
    for convention in CONVENTIONS:
        rows = series(timeline, days, convention)
        by_day: dict[str, list[dict]] = {}
        for row in rows:
            by_day.setdefault(row["date"], []).append(row)
        key = "territory" if convention == "all" else "territory_held"
        for day in days:
            stated = state_document(project, day, convention)[key]
            listed = by_day[timeline.dates[day].isoformat()]
            assert [{k: r[k] for k in ("side", "km2", "share")} for r in listed] == stated


def test_shares_of_a_day_sum_to_one_and_held_land_adds_up(project):
    timeline = project.timeline
    total = timeline.areas.km2.sum()
    beyond = (timeline.areas.km2 - timeline.areas.held).sum()
    assert 0 < beyond < total
    for day in range(0, len(timeline.dates), 7):
        for convention in CONVENTIONS:
            totals = day_totals(timeline, day, convention)
            assert sum(t.share for t in totals) == pytest.approx(1, abs=2e-3)
            assert sum(t.km2 for t in totals) == pytest.approx(total, abs=0.1 * len(totals))
        held = day_totals(timeline, day, "held")
        assert held[-1].side == BEYOND_REACH
        assert held[-1].km2 == pytest.approx(beyond, abs=0.1)
        # Both conventions list the same sides; held land is never more than all land.
        everywhere = day_totals(timeline, day, "all")
        assert [t.side for t in held[:-1]] == [t.side for t in everywhere]
        assert all(h.km2 <= a.km2 + 0.1 for h, a in zip(held, everywhere, strict=False))


def test_uncertain_km2_is_the_land_whose_holder_is_not_a_firm_report(project):
    timeline = project.timeline
    last = len(timeline.dates) - 1
    for convention, weights in (("all", timeline.areas.km2), ("held", timeline.areas.held)):
        for total in day_totals(timeline, last, convention):
            if total.side == BEYOND_REACH:
                continue
            code = timeline.state_ids.index(total.side)
            mine = timeline.area_codes[last] == code
            for level, column in ((1, total.km2_low), (2, total.km2_inferred)):
                assert CERTAINTY[level] in ("low", "inferred")
                expected = weights[mine & (timeline.area_certainty[last] == level)].sum()
                assert column == pytest.approx(expected, abs=0.06)
            assert total.km2_low + total.km2_inferred <= total.km2 + 0.1


def test_an_uncertain_holder_shows_in_the_numbers(project):
    timeline = project.timeline
    rows = series(timeline, tuple(range(len(timeline.dates))), "all")
    assert any(row["km2_low"] > 0 for row in rows)
    assert any(row["km2_inferred"] > 0 for row in rows)


def test_gains_and_losses_balance_and_name_the_areas(project):
    timeline = project.timeline
    last = len(timeline.dates) - 1
    for convention in CONVENTIONS:
        document = compare(timeline, 0, last, convention)
        assert set(document) == {"from", "to", "sides", "areas"}
        assert document["from"] == timeline.dates[0].isoformat()
        nets = [round(side["net_km2"] * 100) for side in document["sides"]]
        assert sum(nets) == 0  # exactly: counted in hundredths of a km²
        gained = {side["side"]: side["gained_km2"] for side in document["sides"]}
        lost = {side["side"]: side["lost_km2"] for side in document["sides"]}
        for side in gained:
            into = [a["km2"] for a in document["areas"] if a["to_side"] == side]
            out = [a["km2"] for a in document["areas"] if a["from_side"] == side]
            assert gained[side] == pytest.approx(sum(into), abs=1e-6)
            assert lost[side] == pytest.approx(sum(out), abs=1e-6)
        moved = timeline.area_codes[0] != timeline.area_codes[last]
        assert len(document["areas"]) == moved.sum() > 0
    # The all-land net of a side is its change in km² between the two days.
    document = compare(timeline, 0, last)
    for side in document["sides"]:
        code = timeline.state_ids.index(side["side"])
        change = timeline.share_km2[last, code] - timeline.share_km2[0, code]
        assert side["net_km2"] == pytest.approx(change, abs=0.05)


def test_a_day_compared_with_itself_changes_nothing(project):
    document = compare(project.timeline, 3, 3)
    assert document["areas"] == []
    assert all(side["gained_km2"] == side["lost_km2"] == 0 for side in document["sides"])


def test_steps_of_days_weeks_and_months_keep_the_last_day():
    timeline = load_project(find_pack("sudan")).timeline
    start, end = dt.date(2023, 4, 14), dt.date(2023, 7, 31)
    months = [timeline.dates[d] for d in step_days(timeline, start, end, parse_step("1m"))]
    assert months == [
        dt.date(2023, 4, 14),
        dt.date(2023, 5, 14),
        dt.date(2023, 6, 14),
        dt.date(2023, 7, 14),
        dt.date(2023, 7, 31),
    ]
    weeks = step_days(timeline, start, dt.date(2023, 5, 1), Step(1, "w"))
    assert [timeline.dates[d].day for d in weeks] == [14, 21, 28, 1]
    assert parse_step("3d") == Step(3, "d") and parse_step("2") == Step(2, "d")
    for bad in ("0d", "1y", "m", ""):
        with pytest.raises(ValueError, match="not a step"):
            parse_step(bad)


def test_a_month_step_from_the_31st_takes_each_month_s_last_day():
    timeline = load_project(find_pack("sudan")).timeline
    days = step_days(timeline, dt.date(2024, 1, 31), dt.date(2024, 4, 30), Step(1, "m"))
    assert [timeline.dates[d] for d in days] == [
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 31),
        dt.date(2024, 4, 30),
    ]


def test_the_command_prints_the_series_as_csv_and_json(capsys):
    code, out, err = run(
        capsys, "territory", "--from", "2024-11-26", "--to", "2024-12-12", "--every", "1w"
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == SERIES_COLUMNS
    assert sorted({row["date"] for row in rows}) == [
        "2024-11-26",
        "2024-12-03",
        "2024-12-10",
        "2024-12-12",
    ]
    code, out, _ = run(capsys, "territory", "--from", "2024-12-08", "--to", "2024-12-08",
                       "--format", "json", "--convention", "held")  # fmt: skip
    held = json.loads(out)
    code, out, _ = run(capsys, "state", "--date", "2024-12-08", "--convention", "held")
    state = json.loads(out)
    assert [{k: r[k] for k in ("side", "km2", "share")} for r in held] == state["territory_held"]
    assert all("km2_held" in area for area in state["areas"])
    code, out, _ = run(capsys, "state", "--date", "2024-12-08")
    assert "territory_held" not in json.loads(out)  # nothing added by default
    assert "km2_held" not in json.loads(out)["areas"][0]


def test_the_command_compares_two_days(capsys):
    code, out, err = run(
        capsys, "territory", "--compare", "2024-11-26", "2024-12-12", "--format", "json"
    )
    assert code == 0, err
    document = json.loads(out)
    assert list(document) == ["from", "to", "sides", "areas"]
    government = next(side for side in document["sides"] if side["side"] == "government")
    assert government["net_km2"] < 0 and government["gained_km2"] == 0
    code, out, _ = run(capsys, "territory", "--compare", "2024-11-26", "2024-12-12")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["kind"] for row in rows} == {"side", "area"}
    assert sum(float(row["net_km2"]) for row in rows if row["kind"] == "side") == pytest.approx(
        0, abs=1e-6
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--compare", "2024-11-26", "2024-12-12", "--from", "2024-11-26"], "--compare takes"),
        (["--from", "2024-12-12", "--to", "2024-12-01"], "ends (2024-12-01) before it starts"),
        (["--from", "2024-01-01"], "outside the record's period"),
        (["--every", "1y"], "not a step such as"),
        (["--convention", "some"], "invalid choice"),
    ],
)
def test_the_command_refuses_what_it_cannot_answer(capsys, argv, message):
    code, _, err = run(capsys, "territory", *argv)
    assert code == EXIT_INVALID
    assert message in err


def test_a_zone_holds_its_own_land_in_both_conventions(pack):
    """Arcadia's plateau zone: its land follows the zone's holder and is all held."""
    project = load_project(pack)
    timeline = project.timeline
    zone = np.array([town == "meseta" for town in timeline.areas.town_ids])
    assert zone.sum() == 2  # one piece in each of the two districts it spans
    assert np.array_equal(timeline.areas.held[zone], timeline.areas.km2[zone])
    rojo = timeline.state_ids.index("rojo")
    assert (timeline.area_codes[:, zone] == rojo).all()
    # The zone rests on a region-based report: its km² counts as low-confidence.
    low = next(t for t in day_totals(timeline, 0, "held") if t.side == "rojo").km2_low
    assert low == pytest.approx(timeline.areas.km2[zone].sum(), abs=0.1)


def test_the_state_csv_counting_held_land_is_one_table(capsys):
    code, out, _ = run(capsys, "state", "--date", "2024-12-08", "--format", "csv",
                       "--convention", "held")  # fmt: skip
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][-1] == "km2_held"
    assert {len(row) for row in rows} == {len(rows[0])}
    held = [row for row in rows if row[1] == "territory_held"]
    assert held[-1][2] == BEYOND_REACH
    areas = [row for row in rows if row[1] == "area"]
    assert all(float(row[-1]) <= float(row[6]) for row in areas)
