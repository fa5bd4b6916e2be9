"""Loading the three record files and checking them against each other."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dashboard.pack.config import ConflictConfig
from dashboard.problems import Problem
from dashboard.records.fields import (
    FieldError,
    check_length,
    parse_choice,
    parse_date,
    parse_float,
    parse_id,
    parse_text,
    parse_url,
    split_ids,
)
from dashboard.records.limits import MAX_ROWS, UserRecordLimits
from dashboard.records.models import (
    CAPITAL_LEVELS,
    PENDING,
    TOWN_KINDS,
    ControlEvent,
    Record,
    RecordError,
    Source,
    Town,
)
from dashboard.records.table import GivenFile, Row, read_rows, read_table

EVENT_KINDS = ("baseline", "change", "inferred")
CONFIDENCE_LEVELS = ("high", "medium", "low")
# What a row's sources state: control of the place itself, or only of its wider region
# (a governorate, a province, "all of the south"), from which the place's holder follows.
BASIS = ("place", "region")
# What the second, independent check of a row found (empty: not checked yet).
REVIEW_VERDICTS = ("confirmed", "corrected", "downgraded", "added")
# `PENDING` (models): a row written by `frontline import` that no person has decided on
# yet: valid, but `frontline validate` warns until `frontline review` gives it a verdict.
# The verdict of a row `frontline review` took out of a draft; such rows live only in
# the draft's `dropped.csv`, never in an events file.
DROPPED = "dropped"

# Required columns of each file; the documented column order adds the optional ones.
SOURCE_COLUMNS = ("source_id", "publisher", "title", "published")
EVENT_COLUMNS = (
    "event_id",
    "date",
    "town_id",
    "kind",
    "from_side",
    "to_side",
    "description",
    "confidence",
    "basis",
    "source_ids",
)
SOURCE_HEADER = (*SOURCE_COLUMNS, "url")
# `licence`: the terms the source is published under (optional; see `restricts_publication`).
SOURCE_FILE_COLUMNS = (*SOURCE_HEADER, "licence")
EVENT_HEADER = (*EVENT_COLUMNS, "date_note", "review", "review_note")
# Free text written by people: never allowed to start like a spreadsheet formula.
SOURCE_TEXT = ("publisher", "title", "licence")
EVENT_TEXT = ("description", "date_note", "review_note")
TOWN_TEXT = ("geonames_id", "coord_note")  # and every `name_<language>`


def town_header(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The gazetteer's columns: a name column per pack language (`name_en`, `name_ar`).
    `capital` and the last two are optional."""
    names = tuple(f"name_{code}" for code in languages)
    return ("town_id", *names, "kind", "capital", "lat", "lon", "geonames_id", "coord_note")


T = TypeVar("T")


def load_record(
    events_path: Path | GivenFile,
    towns_path: Path,
    sources_path: Path,
    config: ConflictConfig,
    today: dt.date | None = None,
    limits: UserRecordLimits | None = None,
) -> Record:
    """Read and cross-check the record against the pack's settings; raise `RecordError`
    listing every problem.

    All checks run before failing so a user fixes the whole file in one pass.
    `today` bounds dates from above (defaults to the real today). `limits`, for a
    user's own events file, bounds its size (checked before it is read), rows and dates.
    """
    today = today or dt.date.today()
    too_big = limits.size_problem(events_path) if limits else None
    if too_big:
        raise RecordError([too_big])
    problems: list[Problem] = []
    town_ids: dict[str, int] = {}
    source_ids: dict[str, int] = {}
    towns = _load_towns(towns_path, config, town_ids, problems)
    sources = _load_sources(sources_path, today, source_ids, problems)
    states = tuple(state.id for state in config.all_states)
    # An unreadable towns or sources file is reported once, not at every event naming it.
    events = _load_events(
        events_path,
        None if towns is None else town_ids,
        None if sources is None else source_ids,
        states,
        _event_day(today, limits),
        problems,
        limits.max_rows if limits else MAX_ROWS,
    )
    if not problems:
        _check_baselines(events, towns, str(events_path), str(towns_path), problems)
    if not problems:
        _check_chain(events, str(events_path), problems)
    if problems or towns is None or sources is None:
        raise RecordError(problems)
    return Record(
        towns=towns,
        sources=sources,
        events=tuple(events),
        events_path=events_path,
        towns_path=towns_path,
        config=config,
    )


def load_towns(towns_path: Path, config: ConflictConfig) -> dict[str, Town]:
    """Only the gazetteer, checked: what `frontline build-geo` needs."""
    problems: list[Problem] = []
    towns = _load_towns(towns_path, config, {}, problems)
    if problems or towns is None:
        raise RecordError(problems)
    return towns


def load_sources(sources_path: Path, today: dt.date | None = None) -> dict[str, Source]:
    """Only the sources, checked: what `frontline import` merges its own into, and what
    `frontline build-geo` checks a zone's sources against."""
    problems: list[Problem] = []
    sources = _load_sources(sources_path, today or dt.date.today(), {}, problems)
    if problems or sources is None:
        raise RecordError(problems)
    return sources


def _field(row: Row, column: str, parse: Callable[[str], T], problems: list[Problem]) -> T | None:
    try:
        return parse(row.values.get(column, ""))
    except FieldError as error:
        problems.append(row.problem(column, str(error)))
        return None


def _check_cells(row: Row, text_columns: tuple[str, ...], problems: list[Problem]) -> None:
    """Every cell within `MAX_FIELD_LENGTH`; free text never a spreadsheet formula."""
    for column in row.values:
        if column in text_columns:
            _field(row, column, lambda v: parse_text(check_length(v)), problems)
        else:
            _field(row, column, check_length, problems)


def _required_text(value: str) -> str:
    if not value:
        raise FieldError("required value is empty")
    return value


def _capital(value: str) -> str | None:
    """A seat of government's level; empty for every other place."""
    if not value:
        return None
    try:
        return parse_choice(value, CAPITAL_LEVELS, "capital")
    except FieldError as error:
        raise FieldError(f"{error}, or empty for a place that is no seat of government") from None


def _unique_id(row: Row, column: str, seen: dict[str, int], problems: list[Problem]) -> str | None:
    value = _field(row, column, parse_id, problems)
    if value is not None and value in seen:
        problems.append(
            row.problem(column, f"duplicate id {value!r} (first on line {seen[value]})")
        )
        return None
    if value is not None:
        seen[value] = row.line
    return value


def _load_towns(
    path: Path, config: ConflictConfig, seen: dict[str, int], problems: list[Problem]
) -> dict[str, Town] | None:
    """Valid towns (None if the file cannot be read); `seen` collects every id defined,
    valid or not, so that a broken town row is reported once, not again at every event
    that names it."""
    towns: dict[str, Town] = {}
    languages = [language.code for language in config.languages]
    primary = f"name_{languages[0]}"
    header = town_header(tuple(languages))
    text = (*TOWN_TEXT, *(column for column in header if column.startswith("name_")))
    rows = read_table(path, ("town_id", primary, "kind", "lat", "lon"), problems, header)
    if rows is None:
        return None
    for row in rows:
        before = len(problems)
        _check_cells(row, text, problems)
        town_id = _unique_id(row, "town_id", seen, problems)
        _field(row, primary, _required_text, problems)
        kind = _field(row, "kind", lambda v: parse_choice(v, TOWN_KINDS, "kind"), problems)
        capital = _field(row, "capital", _capital, problems)
        lat = _field(row, "lat", lambda v: parse_float(v, -90, 90, "latitude"), problems)
        lon = _field(row, "lon", lambda v: parse_float(v, -180, 180, "longitude"), problems)
        if len(problems) == before:
            towns[town_id] = Town(
                town_id=town_id,
                names={
                    code: row.values[f"name_{code}"]
                    for code in languages
                    if row.values.get(f"name_{code}")
                },
                kind=kind,
                lat=lat,
                lon=lon,
                geonames_id=row.values.get("geonames_id", ""),
                coord_note=row.values.get("coord_note", ""),
                row=row.line,
                capital=capital,
            )
    return towns


def _past_date(today: dt.date) -> Callable[[str], dt.date]:
    def parse(value: str) -> dt.date:
        day = parse_date(value)
        if day > today:
            raise FieldError(f"{value} is in the future")
        return day

    return parse


def _event_day(today: dt.date, limits: UserRecordLimits | None) -> Callable[[str], dt.date]:
    """An event's date: a past day, and within a user's record's period if `limits`."""
    past = _past_date(today)
    return (lambda value: limits.check_day(past(value))) if limits else past


def _load_sources(
    path: Path, today: dt.date, seen: dict[str, int], problems: list[Problem]
) -> dict[str, Source] | None:
    """Valid sources (None if the file cannot be read); `seen` collects every id defined
    (see `_load_towns`)."""
    sources: dict[str, Source] = {}
    rows = read_table(path, SOURCE_COLUMNS, problems, SOURCE_FILE_COLUMNS)
    if rows is None:
        return None
    for row in rows:
        before = len(problems)
        _check_cells(row, SOURCE_TEXT, problems)
        source_id = _unique_id(row, "source_id", seen, problems)
        publisher = _field(row, "publisher", _required_text, problems)
        title = _field(row, "title", _required_text, problems)
        published = _field(row, "published", _past_date(today), problems)
        url = _field(row, "url", parse_url, problems)
        if len(problems) == before:
            licence = row.values.get("licence", "")
            sources[source_id] = Source(source_id, publisher, title, published, url, licence)
    return sources


def _load_events(
    path: Path | GivenFile,
    towns: dict[str, int] | None,
    sources: dict[str, int] | None,
    states: tuple[str, ...],
    parse_day: Callable[[str], dt.date],
    problems: list[Problem],
    max_rows: int,
) -> list[ControlEvent]:
    def _side(value: str) -> str:
        try:
            return parse_choice(value, states, "side")
        except FieldError as error:
            raise FieldError(f"{error} (sides are declared in conflict.toml)") from None

    events: list[ControlEvent] = []
    seen: dict[str, int] = {}
    for row in read_rows(path, EVENT_COLUMNS, problems, EVENT_HEADER, max_rows):
        before = len(problems)
        _check_cells(row, EVENT_TEXT, problems)
        event_id = _unique_id(row, "event_id", seen, problems)
        date = _field(row, "date", parse_day, problems)
        town_id = _field(row, "town_id", parse_id, problems)
        if town_id is not None and towns is not None and town_id not in towns:
            problems.append(row.problem("town_id", f"unknown town {town_id!r} (not in towns.csv)"))
        kind = _field(row, "kind", lambda v: parse_choice(v, EVENT_KINDS, "kind"), problems)
        to_side = _field(row, "to_side", _side, problems)
        from_side = _check_from_side(row, kind, to_side, _side, problems)
        description = _field(row, "description", _required_text, problems)
        confidence = _field(
            row,
            "confidence",
            lambda v: parse_choice(v, CONFIDENCE_LEVELS, "confidence"),
            problems,
        )
        basis = _field(row, "basis", lambda v: parse_choice(v, BASIS, "basis"), problems)
        review = _field(
            row,
            "review",
            lambda v: v and parse_choice(v, (*REVIEW_VERDICTS, PENDING), "review verdict"),
            problems,
        )
        source_ids = split_ids(row.values["source_ids"])
        if not source_ids:
            problems.append(row.problem("source_ids", "at least one source is required"))
        elif confidence == "high" and len(set(source_ids)) < 2:
            problems.append(
                row.problem("confidence", "high confidence needs two independent sources")
            )
        for source_id in source_ids if sources is not None else ():
            if source_id not in sources:
                problems.append(row.problem("source_ids", f"unknown source {source_id!r}"))
        if len(problems) == before:
            events.append(
                ControlEvent(
                    event_id=event_id,
                    date=date,
                    town_id=town_id,
                    kind=kind,
                    from_side=from_side,
                    to_side=to_side,
                    description=description,
                    confidence=confidence,
                    basis=basis,
                    source_ids=source_ids,
                    date_note=row.values.get("date_note", ""),
                    row=row.line,
                    review=review or "",
                    review_note=row.values.get("review_note", ""),
                )
            )
    events.sort(key=lambda event: (event.date, not event.is_baseline, event.row))
    _check_duplicate_changes(events, str(path), problems)
    return events


def _check_from_side(
    row: Row,
    kind: str | None,
    to_side: str | None,
    parse_side: Callable[[str], str],
    problems: list[Problem],
) -> str:
    value = row.values["from_side"]
    if kind == "baseline":
        if value:
            problems.append(row.problem("from_side", "a baseline row has no from_side"))
        return ""
    if kind is not None:
        side = _field(row, "from_side", parse_side, problems)
        if side is not None and side == to_side:
            problems.append(row.problem("to_side", f"from_side and to_side are both {side!r}"))
        return side or ""
    return value


def _check_duplicate_changes(
    events: list[ControlEvent], file: str, problems: list[Problem]
) -> None:
    first: dict[tuple, int] = {}
    for event in events:
        key = (event.town_id, event.date, event.kind, event.to_side)
        if key in first:
            problems.append(
                Problem(
                    file,
                    event.row,
                    "town_id",
                    f"duplicate {event.kind}: {event.town_id} to {event.to_side} on "
                    f"{event.date} is already stated on line {first[key]}",
                )
            )
        else:
            first[key] = event.row


def _check_baselines(
    events: list[ControlEvent],
    towns: dict[str, Town],
    file: str,
    towns_file: str,
    problems: list[Problem],
) -> None:
    """Every town needs one baseline, all on the same first day, and no change on or before it."""
    baselines = [event for event in events if event.is_baseline]
    if not baselines:
        problems.append(Problem(file, 0, "kind", "no baseline rows"))
        return
    start, _ = Counter(event.date for event in baselines).most_common(1)[0]
    stated: dict[str, ControlEvent] = {}
    for event in baselines:
        if event.date != start:
            problems.append(
                Problem(
                    file,
                    event.row,
                    "date",
                    f"baseline must be dated {start}, like the rest",
                )
            )
        if event.town_id in stated:
            problems.append(
                Problem(
                    file,
                    event.row,
                    "town_id",
                    f"second baseline for {event.town_id} "
                    f"(first on line {stated[event.town_id].row})",
                )
            )
        stated.setdefault(event.town_id, event)
    for event in events:
        if not event.is_baseline and event.date <= start:
            problems.append(
                Problem(
                    file,
                    event.row,
                    "date",
                    f"impossible date {event.date}: changes start after the baseline day {start}",
                )
            )
    for town in towns.values():
        if town.town_id not in stated:
            problems.append(
                Problem(
                    towns_file,
                    town.row,
                    "town_id",
                    f"{town.town_id} has no baseline row",
                )
            )


def _check_chain(events: list[ControlEvent], file: str, problems: list[Problem]) -> None:
    """Each change must start from the side that held the town at that moment."""
    holder: dict[str, ControlEvent] = {}
    for event in events:
        previous = holder.get(event.town_id)
        if not event.is_baseline and previous is not None and event.from_side != previous.to_side:
            problems.append(
                Problem(
                    file,
                    event.row,
                    "from_side",
                    f"from_side is {event.from_side!r} but {event.town_id} was held by "
                    f"{previous.to_side!r} then (line {previous.row}, {previous.date})",
                )
            )
        holder[event.town_id] = event
