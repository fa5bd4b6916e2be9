"""Reading the pack's own files and writing a draft beside them, in `imports/NAME/`:
the pack's rows with the imported ones merged in. The pack's files are never touched,
and a draft folder that exists is never overwritten."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from dashboard.importers.errors import ImportRefused
from dashboard.pack.config import ConflictConfig
from dashboard.pack.paths import PackPaths
from dashboard.problems import Problem
from dashboard.records import load_record
from dashboard.records.fields import FORMULA_STARTS, FieldError, parse_id
from dashboard.records.load import (
    EVENT_COLUMNS,
    EVENT_HEADER,
    SOURCE_COLUMNS,
    SOURCE_FILE_COLUMNS,
    load_sources,
    load_towns,
    town_header,
)
from dashboard.records.models import ControlEvent, Source, Town
from dashboard.records.table import read_table

IMPORTS = "imports"
REPORT = "report.txt"


@dataclass(frozen=True)
class PackFiles:
    """The pack's own record: checked values, and the rows as written (kept as they are)."""

    towns: dict[str, Town]
    sources: dict[str, Source]
    events: tuple[ControlEvent, ...]
    town_rows: list[dict[str, str]]
    source_rows: list[dict[str, str]]
    event_rows: list[dict[str, str]]


def read_pack(paths: PackPaths, config: ConflictConfig, today: dt.date) -> PackFiles:
    """The pack's files, checked; a pack whose record is still empty (a new pack) has
    no events, and the import builds its baseline."""
    towns = load_towns(paths.towns, config)
    sources = load_sources(paths.sources, today)
    problems: list[Problem] = []
    event_rows = read_table(paths.events, EVENT_COLUMNS, problems, EVENT_HEADER)
    if problems:
        raise ImportRefused(problems)
    events: tuple[ControlEvent, ...] = ()
    if event_rows:
        events = load_record(paths.events, paths.towns, paths.sources, config, today).events
    languages = tuple(language.code for language in config.languages)
    town_rows = read_table(paths.towns, ("town_id",), problems, town_header(languages))
    source_rows = read_table(paths.sources, SOURCE_COLUMNS, problems, SOURCE_FILE_COLUMNS)
    return PackFiles(
        towns=towns,
        sources=sources,
        events=events,
        town_rows=[row.values for row in town_rows or []],
        source_rows=[row.values for row in source_rows or []],
        event_rows=[row.values for row in event_rows or []],
    )


def draft_folder(paths: PackPaths, name: str) -> Path:
    """`imports/NAME` in the pack; NAME is an id, so it can never point elsewhere."""
    try:
        parse_id(name)
    except FieldError as error:
        raise ImportRefused([Problem("--name", 0, "", str(error))]) from None
    folder = paths.root / IMPORTS / name
    if folder.exists():
        raise ImportRefused(
            [
                Problem(
                    str(folder),
                    0,
                    "",
                    "a draft of that name exists; it is never overwritten: give another "
                    "--name, or remove the folder yourself",
                )
            ]
        )
    return folder


def write_draft(
    folder: Path,
    config: ConflictConfig,
    tables: dict[str, list[dict[str, str]]],
    report: list[str],
    today: dt.date,
) -> None:
    """Write the three files and the report into a scratch folder, check them as a
    record, and only then move the folder into place."""
    languages = tuple(language.code for language in config.languages)
    headers = {
        "towns.csv": town_header(languages),
        "sources.csv": SOURCE_FILE_COLUMNS,
        "events.csv": EVENT_HEADER,
    }
    scratch = folder.with_name(f".{folder.name}.partial")
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    try:
        for file, header in headers.items():
            write_rows(scratch / file, header, tables[file])
        (scratch / REPORT).write_text("\n".join(report) + "\n", encoding="utf-8")
        load_record(
            scratch / "events.csv", scratch / "towns.csv", scratch / "sources.csv", config, today
        )
        scratch.rename(folder)
    finally:
        if scratch.exists():
            shutil.rmtree(scratch)


def csv_bytes(header: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    """Rows as UTF-8 CSV in the header's column order (a missing value is empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue().encode("utf-8")


def write_rows(path: Path, header: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    path.write_bytes(csv_bytes(header, rows))


def safe_text(text: str, limit: int = 1000) -> str:
    """A source's text made fit for a free-text cell: no formula start, within the limit."""
    text = " ".join(str(text).split())
    while text.startswith(FORMULA_STARTS):
        text = text[1:].lstrip()
    return text[:limit]
