"""Shared helpers of the readers: input files, their dates, the sources they become."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dashboard.importers.errors import ImportRefused
from dashboard.importers.mapping import Mapping
from dashboard.importers.matching import slug
from dashboard.importers.model import DraftSource
from dashboard.problems import Problem
from dashboard.records.fields import FieldError, parse_float

# The largest input file read, in bytes: far above a day's DeepState file (about 5 MB)
# or a detailed-map module (about 1 MB), low enough that a wrong file is refused fast.
MAX_INPUT_BYTES = 200_000_000


def read_bytes(path: Path) -> bytes:
    """An input file's bytes; a missing, unreadable or oversized file is refused by name."""
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ImportRefused(
                [Problem(str(path), 0, "", f"{size:,} bytes: over the {MAX_INPUT_BYTES:,} limit")]
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused([Problem(str(path), 0, "", "file not found")]) from None
    except IsADirectoryError:
        raise ImportRefused([Problem(str(path), 0, "", "is a folder, not a file")]) from None


def read_text(path: Path) -> str:
    try:
        return read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            [Problem(str(path), 0, "", f"not valid UTF-8 ({error.reason}); save it as UTF-8")]
        ) from None


def dated_inputs(
    inputs: list[Path], dates: list[dt.date], kind: str, required: bool = True
) -> list[tuple[Path, dt.date | None]]:
    """Each input with the `--date` given for it, in order."""
    if dates and len(dates) != len(inputs):
        raise ImportRefused(
            [
                Problem(
                    "--date",
                    0,
                    "",
                    f"{len(dates)} date(s) for {len(inputs)} input file(s): give one date per "
                    "file, in the same order",
                )
            ]
        )
    if required and not dates:
        raise ImportRefused(
            [
                Problem(
                    "--date",
                    0,
                    "",
                    f"a {kind} file does not say its day: give --date for each file, in order",
                )
            ]
        )
    return list(zip(inputs, dates or [None] * len(inputs), strict=True))


def file_source(
    mapping: Mapping, path: Path, published: dt.date, title: str | None = None
) -> DraftSource:
    """The source one input file becomes: the mapping's `[source]` with the file's name
    and day in the title, so each file or revision is cited on its own."""
    described = title or f"[{path.name}, {published}]"
    given = mapping.source.get("title")
    return DraftSource(
        key=f"{mapping.kind}_{slug(path.stem) or 'input'}_{published:%Y%m%d}",
        publisher=mapping.source.get("publisher") or path.name,
        title=f"{given} [{path.name}, {published}]" if given else described,
        published=published,
        url=mapping.source.get("url", ""),
        licence=mapping.source["licence"],
        label=given or path.name,
    )


def coordinate(value: str, what: str, low: float, high: float) -> float | None:
    """A latitude or longitude cell: None when empty; FieldError when not a number."""
    if value is None or str(value).strip() == "":
        return None
    return parse_float(str(value).strip(), low, high, what)


__all__ = ["FieldError", "coordinate", "dated_inputs", "file_source", "read_bytes", "read_text"]
