"""Snapshot tables: CSV rows of `date, place, side` (a newsroom's spreadsheet, a
"control of cities" table), optionally with `lat`, `lon` and `kind`. A file without a
date column takes its day from `--date`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard.importers.errors import ImportRefused
from dashboard.importers.inputs import coordinate, dated_inputs, file_source, read_bytes
from dashboard.importers.mapping import Mapping
from dashboard.importers.model import Sighting, Snapshot
from dashboard.problems import Problem
from dashboard.records.fields import FieldError, parse_date
from dashboard.records.table import GivenFile, read_table


def read_snapshots(inputs: list[Path], dates: list[dt.date], mapping: Mapping) -> list[Snapshot]:
    problems: list[Problem] = []
    snapshots = []
    for path, given in dated_inputs(inputs, dates, "snapshot", required=False):
        snapshots += _read_file(path, given, mapping, problems)
    if problems:
        raise ImportRefused(problems)
    return snapshots


def _read_file(
    path: Path, given: dt.date | None, mapping: Mapping, problems: list[Problem]
) -> list[Snapshot]:
    columns = mapping.columns
    required = (columns["place"], columns["side"]) + (() if given else (columns["date"],))
    rows = read_table(GivenFile(str(path), read_bytes(path)), required, problems)
    if rows is None:
        return []
    by_day: dict[dt.date, list[Sighting]] = {}
    before = len(problems)
    cells = {
        "date": (lambda v: given or parse_date(v)),
        "lat": (lambda v: coordinate(v, "latitude", -90, 90)),
        "lon": (lambda v: coordinate(v, "longitude", -180, 180)),
    }
    for row in rows:
        parsed = {}
        for field, parse in cells.items():
            column = columns[field]
            try:
                parsed[field] = parse(row.values.get(column, ""))
            except FieldError as error:
                problems.append(row.problem(column, str(error)))
        if len(parsed) < len(cells):
            continue
        day, lat, lon = parsed["date"], parsed["lat"], parsed["lon"]
        value = row.values[columns["side"]]
        by_day.setdefault(day, []).append(
            Sighting(
                name=row.values[columns["place"]],
                value=value,
                ref=f"{path.name}:{row.line}",
                lat=lat,
                lon=lon,
                kind=row.values.get(columns["kind"], ""),
                how=f"listed as {value!r}",
            )
        )
    if len(problems) > before or not by_day:
        return []
    source = file_source(mapping, path, max(by_day))
    return [Snapshot(day, source, tuple(by_day[day])) for day in sorted(by_day)]
