"""Territory in numbers: km² per side on each day, and gains and losses between two days.

Pure functions of the `Timeline`. `frontline state`, `frontline territory`, the chart
and the data exports all read these, so a number is the same wherever it is shown.

Two ways to count land (`CONVENTIONS`): "all" gives every area to its place's holder,
deserts included, as the published figures we compare with do; "held" counts only land
within its place's reach and puts the rest in one bucket, `BEYOND_REACH`. Each side's
km² that rests on a low-confidence or region-based report (`km2_low`) or on an inference
(`km2_inferred`) is given beside it.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from dashboard.i18n import N_
from dashboard.timeline import CERTAINTY, CONVENTIONS, Timeline

BEYOND_REACH = "beyond_reach"
BEYOND_REACH_LABEL = N_("No clear holder (beyond any tracked place's reach)")
SERIES_COLUMNS = ("date", "side", "km2", "share", "km2_low", "km2_inferred")
COMPARE_COLUMNS = (
    "kind",
    "id",
    "town",
    "district",
    "from_side",
    "to_side",
    "km2",
    "gained_km2",
    "lost_km2",
    "net_km2",
)
_STEP = re.compile(r"\s*([1-9][0-9]*)\s*([dwm]?)\s*")


@dataclass(frozen=True)
class Step:
    """Time between two days of a series: `count` days, weeks or calendar months."""

    count: int
    unit: str  # "d", "w" or "m"


def parse_step(text: str) -> Step:
    """`1d`, `3d`, `2w`, `1m` or a bare number of days."""
    match = _STEP.fullmatch(text.lower())
    if not match:
        raise ValueError(f"{text!r} is not a step such as 1d, 3d, 1w or 1m")
    return Step(int(match[1]), match[2] or "d")


def step_days(timeline: Timeline, start: dt.date, end: dt.date, step: Step) -> tuple[int, ...]:
    """Day indices from `start` to `end` (both in the period), `step` apart; the last
    day is always included, so a series ends where it was asked to. A month step keeps
    the day of the month (the 31st becomes the month's last day where it has none)."""
    first, last = timeline.day_index(start), timeline.day_index(end)
    if last < first:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    if step.unit == "m":
        days, months = [], 0
        while (day := _months_after(start, months)) <= end:
            days.append(timeline.day_index(day))
            months += step.count
    else:
        days = list(range(first, last + 1, step.count * (7 if step.unit == "w" else 1)))
    if days[-1] != last:
        days.append(last)
    return tuple(days)


def _months_after(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Total:
    """One side's land on one day (km² to 0.1, share of the mapped area to 4 places)."""

    side: str
    km2: float
    share: float
    km2_low: float
    km2_inferred: float


def day_totals(timeline: Timeline, day_index: int, convention: str = "all") -> list[Total]:
    """Every side and state that holds land on the day (in the pack's order), then,
    counting held land, the land beyond every place's reach. Shares of one day sum to 1."""
    _check(convention)
    table = timeline.km2_by_certainty[convention][day_index]
    total_km2 = float(timeline.share_km2[day_index].sum())
    low, inferred = CERTAINTY.index("low"), CERTAINTY.index("inferred")
    totals = [
        _total(side, float(km2.sum()), float(km2[low]), float(km2[inferred]), total_km2)
        for side, km2, everywhere in zip(
            timeline.state_ids, table, timeline.share_km2[day_index], strict=True
        )
        if everywhere > 0
    ]
    if convention == "held":
        totals.append(_total(BEYOND_REACH, timeline.beyond_km2, 0.0, 0.0, total_km2))
    return totals


def _total(side: str, km2: float, low: float, inferred: float, total_km2: float) -> Total:
    return Total(side, round(km2, 1), round(km2 / total_km2, 4), round(low, 1), round(inferred, 1))


def series(timeline: Timeline, days: tuple[int, ...], convention: str = "all") -> list[dict]:
    """`day_totals` of each day, as rows of `SERIES_COLUMNS`."""
    return [
        {"date": timeline.dates[day].isoformat(), **asdict(total)}
        for day in days
        for total in day_totals(timeline, day, convention)
    ]


def compare(timeline: Timeline, first: int, last: int, convention: str = "all") -> dict[str, Any]:
    """What each side gained and lost between the ends of two days, and the areas that
    changed hands: `{"from", "to", "sides": [{"side", "gained_km2", "lost_km2",
    "net_km2"}], "areas": [{"id", "town", "district", "from_side", "to_side", "km2"}]}`.

    Counted in hundredths of a km² (the areas' own precision), so the nets sum to
    exactly zero. Sides: every side and state holding land on either day.
    """
    _check(convention)
    areas = timeline.areas
    weights = areas.km2 if convention == "all" else areas.held
    cents = np.round(weights * 100).astype(np.int64)
    before, after = timeline.area_codes[first], timeline.area_codes[last]
    moved = np.flatnonzero(before != after)
    states = len(timeline.state_ids)
    gained = np.bincount(after[moved], weights=cents[moved], minlength=states).astype(np.int64)
    lost = np.bincount(before[moved], weights=cents[moved], minlength=states).astype(np.int64)
    present = (timeline.share_km2[first] > 0) | (timeline.share_km2[last] > 0)
    return {
        "from": timeline.dates[first].isoformat(),
        "to": timeline.dates[last].isoformat(),
        "sides": [
            {
                "side": side,
                "gained_km2": gained[code] / 100,
                "lost_km2": lost[code] / 100,
                "net_km2": (gained[code] - lost[code]) / 100,
            }
            for code, side in enumerate(timeline.state_ids)
            if present[code]
        ],
        "areas": [
            {
                "id": areas.area_ids[index],
                "town": areas.town_ids[index],
                "district": areas.unit_names[index],
                "from_side": timeline.state_ids[before[index]],
                "to_side": timeline.state_ids[after[index]],
                "km2": cents[index] / 100,
            }
            for index in moved.tolist()
        ],
    }


def series_csv(rows: list[dict]) -> str:
    """The series as CSV, one row per day and side."""
    return _csv(SERIES_COLUMNS, rows)


def compare_csv(document: dict[str, Any]) -> str:
    """A comparison as one table: a row per side (gains, losses, net), then a row per
    area that changed hands (`kind` says which), so a spreadsheet takes both."""
    period = {"from": document["from"], "to": document["to"]}
    rows = [{**period, "kind": "side", "id": side["side"], **side} for side in document["sides"]]
    rows += [{**period, "kind": "area", **area} for area in document["areas"]]
    return _csv(("from", "to", *COMPARE_COLUMNS), rows)


def _csv(columns: tuple[str, ...], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def _check(convention: str) -> None:
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; choose {' or '.join(CONVENTIONS)}")
