"""ACLED event exports (CSV): the rows whose `sub_event_type` is a transfer of territory
become changes of their place's holder on `event_date`, to the side `actor1` maps to.

ACLED codes events, not control: each becomes an `inferred` change with `low`
confidence until a person reviews it, and its terms forbid redistribution, so the
draft's sources carry that licence and `frontline validate` warns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard.importers.errors import ImportRefused
from dashboard.importers.inputs import coordinate, dated_inputs, read_bytes
from dashboard.importers.mapping import Mapping
from dashboard.importers.matching import slug
from dashboard.importers.model import DraftSource, Findings, Sighting, Snapshot
from dashboard.problems import Problem
from dashboard.records.fields import FieldError, parse_date
from dashboard.records.table import GivenFile, Row, read_table

TRANSFERS = (
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
)
# ACLED's `time_precision`: 1 the day is known, 2 only the week, 3 only the month.
TIME_PRECISION = {"2": "the week", "3": "the month"}
# Its `geo_precision`: 1 the place itself; 2 and 3 a nearby place or the wider region.
PLACE_PRECISION = "1"


def read_acled(
    inputs: list[Path], dates: list[dt.date], mapping: Mapping, findings: Findings
) -> list[Snapshot]:
    dated_inputs(inputs, dates, "ACLED", required=False)
    if dates:
        raise ImportRefused([Problem("--date", 0, "", "ACLED rows carry their own dates")])
    problems: list[Problem] = []
    events = []
    columns = mapping.columns
    for path in inputs:
        required = tuple(columns[k] for k in ("id", "date", "side", "place", "lat", "lon", "type"))
        rows = read_table(GivenFile(str(path), read_bytes(path)), required, problems)
        for row in rows or []:
            kind = row.values[columns["type"]]
            if kind not in TRANSFERS:
                continue
            try:
                events.append(_event(path, row, mapping))
            except FieldError as error:
                problems.append(row.problem("", str(error)))
        other = sum(1 for row in rows or [] if row.values[columns["type"]] not in TRANSFERS)
        if other:
            findings.skipped.append(
                f"{path.name}: {other} rows of other event types (not transfers of territory)"
            )
    if problems:
        raise ImportRefused(problems)
    return sorted(events, key=lambda snapshot: snapshot.date)


def _event(path: Path, row: Row, mapping: Mapping) -> Snapshot:
    columns = mapping.columns
    values = row.values
    event_id = values[columns["id"]]
    day = acled_date(values[columns["date"]])
    lat = coordinate(values[columns["lat"]], "latitude", -90, 90)
    lon = coordinate(values[columns["lon"]], "longitude", -180, 180)
    kind = values[columns["type"]]
    reported_by = values.get(columns["reported_by"], "")
    published = _published(values.get(columns["timestamp"], ""), day)
    precision = values.get(columns["time_precision"], "")
    date_note = (
        f"ACLED knows only {TIME_PRECISION[precision]} of this event (time_precision "
        f"{precision}); {day} is the day it gives."
        if precision in TIME_PRECISION
        else ""
    )
    source = DraftSource(
        key=f"acled_{slug(event_id) or row.line}",
        publisher=mapping.source["publisher"],
        title=f"[ACLED event {event_id}: {kind}"
        + (f"; reported by {reported_by}]" if reported_by else "]"),
        published=published,
        url=mapping.source.get("url", ""),
        licence=mapping.source["licence"],
        label=f"ACLED event {event_id}",
    )
    exact = values.get(columns["precision"], PLACE_PRECISION) == PLACE_PRECISION
    sighting = Sighting(
        name=values[columns["place"]],
        value=values[columns["side"]],
        ref=f"{path.name}:{row.line} ({event_id})",
        lat=lat,
        lon=lon,
        basis="place" if exact else "region",
        how=f"ACLED codes a {kind!r} event here",
        date_note=date_note,
        detail=kind,
    )
    return Snapshot(day, source, (sighting,), events=True)


def acled_date(value: str) -> dt.date:
    """ACLED writes `2023-04-15` in its API and newer exports, `15 April 2023` in older ones."""
    try:
        return parse_date(value)
    except FieldError:
        try:
            return dt.datetime.strptime(value.strip(), "%d %B %Y").date()
        except ValueError:
            raise FieldError(
                f"event_date {value!r} is neither 2023-04-15 nor 15 April 2023"
            ) from None


def _published(timestamp: str, day: dt.date) -> dt.date:
    """The day ACLED uploaded the row (its `timestamp`, Unix seconds), else the event's day."""
    try:
        return max(day, dt.datetime.fromtimestamp(int(timestamp), dt.UTC).date())
    except (ValueError, OverflowError, OSError):
        return day
