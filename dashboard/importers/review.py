"""`frontline review`: the pending rows of a draft, by front and date with their
evidence, and a person's verdicts on them. A confirmed or corrected row stays in the
events file with its verdict; a dropped row leaves it for `dropped.csv` beside it, so
nothing anyone gave is lost. Every decision is checked as a whole record before
anything is written."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.importers.draft import csv_bytes, write_rows
from dashboard.importers.units import Units
from dashboard.pack.config import ConflictConfig, load_config
from dashboard.pack.paths import PackPaths
from dashboard.problems import Problem, ProblemsError
from dashboard.records import load_record
from dashboard.records.load import DROPPED, EVENT_COLUMNS, EVENT_HEADER, town_header
from dashboard.records.models import PENDING, ControlEvent, Record
from dashboard.records.table import GivenFile, read_table

DROPPED_FILE = "dropped.csv"
DROPPED_TOWNS_FILE = "dropped_towns.csv"
# What a correction may change: the facts of the row, never its id.
CORRECTABLE = (
    "date",
    "kind",
    "from_side",
    "to_side",
    "description",
    "confidence",
    "basis",
    "source_ids",
    "date_note",
)


class ReviewRefused(ProblemsError):
    """Verdicts that cannot be applied; nothing was written."""

    what = "review"


@dataclass(frozen=True)
class PendingRow:
    front: str
    event: ControlEvent


@dataclass
class Verdicts:
    confirm: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    correct: dict[str, dict[str, str]] = field(default_factory=dict)
    note: str = ""

    @property
    def empty(self) -> bool:
        return not (self.confirm or self.drop or self.correct)


def pending_rows(paths: PackPaths, today: dt.date | None = None) -> tuple[Record, list[PendingRow]]:
    """The record and its pending rows, by front (the parent unit), then date, then line."""
    config = load_config(paths.config)
    record = load_record(paths.events, paths.towns, paths.sources, config, today)
    units = Units(paths, config)
    rows = []
    for event in record.events:
        if event.is_pending:
            town = record.towns[event.town_id]
            rows.append(PendingRow(units.parent_of(town.lat, town.lon) or "?", event))
    rows.sort(key=lambda r: (r.front, r.event.date, r.event.row))
    return record, rows


def pending_lines(record: Record, rows: list[PendingRow]) -> list[str]:
    """The listing `frontline review` prints: each row with its evidence."""
    config = record.config
    lines = []
    front = None
    for pending in rows:
        event = pending.event
        if pending.front != front:
            front = pending.front
            lines.append(f"{front}:")
        town = record.towns[event.town_id]
        move = (
            f"{config.label(event.to_side)}"
            if event.is_baseline
            else f"{config.label(event.from_side)} -> {config.label(event.to_side)}"
        )
        lines.append(
            f"  {event.date}  {event.event_id} (line {event.row})  {town.name} "
            f"[{event.town_id}]  {event.kind}: {move}  ({event.confidence}, {event.basis})"
        )
        lines.append(f"      {event.description}")
        if event.date_note:
            lines.append(f"      date: {event.date_note}")
        for source_id in event.source_ids:
            source = record.sources[source_id]
            extra = "".join(f", {v}" for v in (source.url, source.licence) if v)
            lines.append(
                f"      source {source_id}: {source.publisher}, {source.title}, "
                f"{source.published}{extra}"
            )
    return lines


def apply_verdicts(paths: PackPaths, verdicts: Verdicts, today: dt.date | None = None) -> dict:
    """Apply a person's verdicts to the pending rows of `paths.events`; return counts."""
    config = load_config(paths.config)
    file = str(paths.events)
    problems: list[Problem] = []
    rows = read_table(paths.events, EVENT_COLUMNS, problems, EVENT_HEADER) or []
    if problems:
        raise ReviewRefused(problems)
    by_id = {row.values["event_id"]: row for row in rows}
    named = [*verdicts.confirm, *verdicts.drop, *verdicts.correct]
    for event_id in named:
        row = by_id.get(event_id)
        if row is None:
            problems.append(Problem(file, 0, "event_id", f"no row {event_id!r}"))
        elif row.values.get("review") != PENDING:
            problems.append(
                row.problem("review", f"{event_id} is not pending (a verdict is given once)")
            )
    if len(set(named)) != len(named):
        problems.append(Problem(file, 0, "event_id", "a row is named in two verdicts"))
    if (verdicts.drop or verdicts.correct) and not verdicts.note:
        problems.append(
            Problem(
                "--note", 0, "", "say why (against which sources) a row is corrected or dropped"
            )
        )
    for event_id, changes in verdicts.correct.items():
        for column in changes:
            if column not in CORRECTABLE:
                problems.append(
                    Problem(
                        "--correct",
                        0,
                        column,
                        f"{event_id}: {column!r} cannot be corrected; "
                        f"the columns are {', '.join(CORRECTABLE)}",
                    )
                )
    if problems:
        raise ReviewRefused(problems)
    kept, dropped = [], []
    for row in rows:
        values = dict(row.values)
        event_id = values["event_id"]
        if event_id in verdicts.drop:
            dropped.append(values | {"review": DROPPED, "review_note": verdicts.note})
            continue
        if event_id in verdicts.confirm:
            values |= {"review": "confirmed", "review_note": verdicts.note}
        if event_id in verdicts.correct:
            values |= verdicts.correct[event_id] | {
                "review": "corrected",
                "review_note": verdicts.note,
            }
        kept.append(values)
    towns_kept, towns_dropped = _towns_left(paths, config, kept, dropped)
    _check(paths, config, kept, towns_kept, today)
    folder = paths.events.parent
    _replace(paths.events, EVENT_HEADER, kept)
    if dropped:
        _append(folder / DROPPED_FILE, EVENT_HEADER, dropped)
    if towns_dropped:
        header = town_header(tuple(language.code for language in config.languages))
        _replace(paths.towns, header, towns_kept)
        _append(folder / DROPPED_TOWNS_FILE, header, towns_dropped)
    return {
        "confirmed": len(verdicts.confirm),
        "corrected": len(verdicts.correct),
        "dropped": len(dropped),
        "places dropped": len(towns_dropped),
    }


def _towns_left(
    paths: PackPaths, config: ConflictConfig, kept: list[dict], dropped: list[dict]
) -> tuple[list[dict], list[dict]]:
    """A place the draft added whose every row was dropped leaves the draft's towns.csv
    too (into `dropped_towns.csv`); the pack's own places are never removed."""
    languages = tuple(language.code for language in config.languages)
    rows = read_table(paths.towns, ("town_id",), [], town_header(languages)) or []
    towns = [row.values for row in rows]
    if paths.draft_dir is None or paths.towns.parent != paths.draft_dir:
        return towns, []
    own = read_table(paths.root / "towns.csv", ("town_id",), [], town_header(languages)) or []
    pack_ids = {row.values["town_id"] for row in own}
    still = {values["town_id"] for values in kept}
    gone = {values["town_id"] for values in dropped} - still - pack_ids
    return (
        [t for t in towns if t["town_id"] not in gone],
        [t for t in towns if t["town_id"] in gone],
    )


def _check(
    paths: PackPaths,
    config: ConflictConfig,
    kept: list[dict],
    towns: list[dict],
    today: dt.date | None,
) -> None:
    """The events and towns as they would be written must still make a valid record."""
    languages = tuple(language.code for language in config.languages)
    events = GivenFile(str(paths.events), csv_bytes(EVENT_HEADER, kept))
    scratch = paths.events.parent / f".{paths.towns.name}.review"
    scratch.write_bytes(csv_bytes(town_header(languages), towns))
    try:
        load_record(events, scratch, paths.sources, config, today)
    except ProblemsError as error:
        problems = [
            Problem(str(paths.towns), p.row, p.column, p.message) if p.file == str(scratch) else p
            for p in error.problems
        ]
        problems.append(
            Problem(
                "frontline review",
                0,
                "",
                "nothing was written: drop or correct the rows that depend on these in the "
                "same command (a later change of the same place starts from its holder)",
            )
        )
        raise ReviewRefused(problems) from None
    finally:
        scratch.unlink(missing_ok=True)


def _replace(path: Path, header: tuple[str, ...], rows: list[dict]) -> None:
    """Write beside, then swap in: a crash never leaves half a file."""
    scratch = path.with_name(f".{path.name}.new")
    write_rows(scratch, header, rows)
    os.replace(scratch, path)


def _append(path: Path, header: tuple[str, ...], rows: list[dict]) -> None:
    earlier = []
    if path.exists():
        earlier = [
            row.values
            for row in read_table(
                path, ("event_id",) if "event_id" in header else ("town_id",), [], header
            )
            or []
        ]
    _replace(path, header, earlier + rows)
