"""A user's own events file is bounded wherever it enters (an upload, the page's stored
copy, `--events`): in bytes, rows and period, with the limits in one place
(`dashboard/records/limits.py`) and each refusal naming the file, row and column; the
server lists its problems up to a cap and keeps the projects built from such files
within a memory budget. The HTTP side of these attacks is in tests/test_attacks.py."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.i18n import translator
from dashboard.pack.paths import find_pack
from dashboard.problems import Problem
from dashboard.project import Project, load_project, with_events
from dashboard.records import GivenFile, RecordError
from dashboard.records.limits import USER_MAX_BYTES, USER_MAX_DAYS, USER_MAX_ROWS
from dashboard.records.load import EVENT_HEADER
from dashboard.web.user_record import UserProjects, footprint, problem_lines

SYRIA_EVENTS = find_pack("syria").events.read_text(encoding="utf-8")
BASELINE = dt.date(2024, 11, 26)


@pytest.fixture(scope="module")
def syria() -> Project:
    return load_project(find_pack("syria"))


def problems_of(project: Project, data: bytes, today: dt.date | None = None) -> list[Problem]:
    with pytest.raises(RecordError) as raised:
        with_events(project, GivenFile("mine.csv", data), today=today)
    return raised.value.problems


def late_change(project: Project, day: dt.date, event_id: str = "x-late") -> str:
    """A valid change of Aleppo on `day`, after the pack's own record."""
    holder = project.timeline.history("aleppo")[-1].to_side
    other = "government" if holder != "government" else "hts_led"
    source = next(iter(project.record.sources))
    return (
        f"{event_id},{day},aleppo,change,{holder},{other},"
        f"Aleppo changes hands in a test record,medium,place,{source},,,\n"
    )


def test_the_command_line_reads_an_events_file_within_the_same_limits(tmp_path: Path, capsys):
    mine = tmp_path / "mine.csv"
    mine.write_text(SYRIA_EVENTS.replace(",2024-11-26,", ",0001-11-26,"), encoding="utf-8")
    assert main(["validate", "--pack", "syria", "--events", str(mine)]) == 2
    err = capsys.readouterr().err
    assert f"{mine}:2 [date]: 0001-11-26 is before 2024-11-26, the pack's baseline day" in err
    assert "Traceback" not in err

    events = SYRIA_EVENTS.encode()
    mine.write_bytes(events + b"#" * (USER_MAX_BYTES - len(events) + 1))
    started = time.monotonic()
    assert main(["validate", "--pack", "syria", "--events", str(mine)]) == 2
    assert time.monotonic() - started < 5
    assert (
        f"{mine}: the file is 2,000,001 bytes; an events file of your own may be at most "
        "2,000,000 bytes" in capsys.readouterr().err
    )


def test_a_file_over_the_rows_limit_is_refused_whole(syria):
    rows = [",".join(EVENT_HEADER)] + [f"e{n},,,,,,,,,,,," for n in range(USER_MAX_ROWS + 1)]
    data = ("\n".join(rows) + "\n").encode()
    assert len(data) < USER_MAX_BYTES
    started = time.monotonic()
    problems = problems_of(syria, data)
    assert time.monotonic() - started < 2
    assert [(p.file, p.row, p.column) for p in problems] == [("mine.csv", USER_MAX_ROWS + 2, "")]
    assert "this file may hold at most 20,000 data rows" in problems[0].message


def test_a_record_may_run_five_years_from_the_packs_baseline_day(syria):
    last = BASELINE + dt.timedelta(days=USER_MAX_DAYS)
    assert last == dt.date(2029, 11, 26)
    later = dt.date(2031, 1, 1)  # "today", so that no date is in the future
    kept = with_events(
        syria, GivenFile("mine.csv", (SYRIA_EVENTS + late_change(syria, last)).encode()), later
    )
    assert kept.timeline.dates[-1] == last
    assert len(kept.timeline.dates) == USER_MAX_DAYS + 1

    too_late = SYRIA_EVENTS + late_change(syria, last + dt.timedelta(days=1))
    problems = problems_of(syria, too_late.encode(), later)
    row = too_late.count("\n")
    assert [(p.row, p.column) for p in problems] == [(row, "date")]
    assert problems[0].message.startswith("2029-11-27 is after 2029-11-26: a record of your own")


def test_a_change_dated_before_the_packs_baseline_is_refused_too(syria):
    before = SYRIA_EVENTS + late_change(syria, dt.date(2020, 1, 1))
    problems = problems_of(syria, before.encode())
    assert [(p.row, p.column) for p in problems] == [(before.count("\n"), "date")]
    assert "before 2024-11-26, the pack's baseline day" in problems[0].message


def test_problem_lists_show_the_first_problems_and_count_the_rest():
    problems = [Problem("mine.csv", n + 2, "date", "not a date") for n in range(1000)]
    lines = problem_lines(problems)
    assert len(lines) == 201
    assert lines[0] == "row 2, column date: not a date"
    assert lines[-1] == "and 800 more problems"
    assert problem_lines(problems, translator("ar"))[-1] == "ومشكلات أخرى عددها 800"
    assert problem_lines(problems[:200]) == lines[:200]


def variant(n: int) -> bytes:
    """Syria's record with one description changed: another file, as valid."""
    return SYRIA_EVENTS.replace("Government-held,", f"Government-held (copy {n}),", 1).encode()


def test_the_cache_of_user_projects_is_bounded_by_memory(syria):
    first = GivenFile("0.csv", variant(0))
    one = footprint(with_events(syria, first), first)  # every variant is as large
    projects = UserProjects(syria, max_projects=8, max_bytes=int(3.5 * one))
    users = [{"name": f"{n}.csv", "csv": variant(n).decode()} for n in range(8)]
    for user in users:
        key, project = projects.keyed(user)
        assert key and project is not syria
        assert projects.cached_bytes <= 3.5 * one
    assert projects.cached_bytes == 3 * one  # three kept, not eight
    started = time.monotonic()
    assert projects.keyed(users[-1])[0]  # the newest is kept: no second check
    assert time.monotonic() - started < 0.05


def test_the_memory_estimate_of_a_user_project_is_not_too_low(syria):
    """3,000 rows: Aleppo and Hama change hands every day for four years."""
    lines = [SYRIA_EVENTS.rstrip("\n")]
    source = next(iter(syria.record.sources))
    for town in ("aleppo", "hama"):
        holder = syria.timeline.history(town)[-1].to_side
        for n in range(1500):
            other = "government" if holder != "government" else "hts_led"
            day = dt.date(2024, 12, 13) + dt.timedelta(days=n)
            lines.append(
                f"x-{town}-{n},{day},{town},change,{holder},{other},"
                f"A test change,low,place,{source},,,"
            )
            holder = other
    given = GivenFile("big.csv", ("\n".join(lines) + "\n").encode())
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        built = with_events(syria, given, today=dt.date(2031, 1, 1))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(built.record.changes) > 3000
    assert held <= footprint(built, given) <= 3 * held
