"""Reading a CSV file into rows, reporting structural problems with line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dashboard.problems import Problem
from dashboard.records.limits import MAX_ROWS


@dataclass(frozen=True)
class GivenFile:
    """A file a user gave in the browser: its name (shown in messages, never used as a
    path) and its bytes. Read like a file on disk, so uploads meet the same checks."""

    name: str
    data: bytes

    def read_bytes(self) -> bytes:
        return self.data

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Row:
    """One data row with its editor line number, so every later check can cite it."""

    file: str
    line: int
    values: dict[str, str]

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.file, self.line, column, message)


def read_rows(
    path: Path | GivenFile,
    required: tuple[str, ...],
    problems: list[Problem],
    known: tuple[str, ...] | None = None,
    max_rows: int = MAX_ROWS,
) -> list[Row]:
    """Rows of `path` (none if it cannot be read); see `read_table`."""
    return read_table(path, required, problems, known, max_rows) or []


def read_table(
    path: Path | GivenFile,
    required: tuple[str, ...],
    problems: list[Problem],
    known: tuple[str, ...] | None = None,
    max_rows: int = MAX_ROWS,
) -> list[Row] | None:
    """Rows of `path` with surrounding blanks stripped; structural faults go to `problems`.
    None if the file could not be read at all, so callers need not report every id
    that points into it as unknown.

    A row with the wrong number of fields is reported and skipped rather than
    guessed at, because a shifted column would put a value under the wrong name.
    A column outside `known` (when given) is refused: a misspelt `date_note` would
    otherwise be dropped without a word. A file over `max_rows` is refused whole.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, 0, "", "file not found"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(_encoding_problem(name, data, error))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _read_table(name, reader, required, known, problems, max_rows)
    except csv.Error as error:
        problems.append(
            Problem(
                name,
                reader.line_num,
                "",
                f"cannot be read as CSV near line {reader.line_num} ({error}); "
                "look for an unclosed quote",
            )
        )
        return None


def _read_table(
    name: str,
    reader: Iterator[list[str]],
    required: tuple[str, ...],
    known: tuple[str, ...] | None,
    problems: list[Problem],
    max_rows: int,
) -> list[Row] | None:
    header = next(reader, None)
    if header is None:
        expected = ", ".join(known or required)
        problems.append(Problem(name, 0, "", f"file is empty: expected a header row ({expected})"))
        return None
    header = [column.strip() for column in header]
    before = len(problems)
    problems += _header_problems(name, header, required, known)
    if any(problem.message in UNREADABLE_HEADER for problem in problems[before:]):
        return None
    before = len(problems)
    try:
        return list(_data_rows(name, header, reader, problems, max_rows))
    except _TooManyRows as error:
        del problems[before:]
        problems.append(
            Problem(
                name,
                error.line,
                "",
                f"too many rows: this file may hold at most {max_rows:,} data rows; "
                "this one has more, so none of it was read",
            )
        )
        return None


class _TooManyRows(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


REQUIRED_MISSING = "required column is missing"
REPEATED_COLUMN = "column appears twice in the header; which one holds the values is unclear"
UNREADABLE_HEADER = (REQUIRED_MISSING, REPEATED_COLUMN)


def _header_problems(
    name: str, header: list[str], required: tuple[str, ...], known: tuple[str, ...] | None
) -> list[Problem]:
    problems = [
        Problem(name, 1, column, REQUIRED_MISSING) for column in required if column not in header
    ]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem(name, 1, column, REPEATED_COLUMN))
        seen.add(column)
        if known is not None and column not in known:
            problems.append(
                Problem(
                    name,
                    1,
                    column,
                    f"unknown column {column!r}; the columns are {', '.join(known)}",
                )
            )
    return problems


def _encoding_problem(name: str, data: bytes, error: UnicodeDecodeError) -> Problem:
    """Where the first undecodable byte is: its line and, if the header says, its column."""
    bad = data[error.start : error.start + 1].hex()
    message = (
        f"not valid UTF-8 (byte 0x{bad}: {error.reason}); save the file as UTF-8 "
        "(Latin-1 or Windows-1252 text cannot be read)"
    )
    line = data.count(b"\n", 0, error.start) + 1
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _encoding_cell(name, reader, message) or Problem(name, line, "", message)
    except csv.Error:
        return Problem(name, line, "", message)


def _encoding_cell(name: str, reader: Iterator[list[str]], message: str) -> Problem | None:
    """The first cell holding an undecodable byte, if the file reads as CSV that far."""
    header = [column.strip() for column in next(reader, [])]
    if "\ufffd" in "".join(header):
        return Problem(name, 1, "", message)
    start = reader.line_num + 1
    for fields in reader:
        for column, field in zip(header, fields, strict=False):
            if "\ufffd" in field:
                return Problem(name, start, column, message)
        start = reader.line_num + 1
    return None


def _data_rows(
    name: str,
    header: list[str],
    reader: Iterator[list[str]],
    problems: list[Problem],
    max_rows: int,
) -> Iterator[Row]:
    line_number = reader.line_num + 1
    count = 0
    for fields in reader:
        start, line_number = line_number, reader.line_num + 1
        if not any(field.strip() for field in fields):
            continue
        count += 1
        if count > max_rows:
            raise _TooManyRows(start)
        if len(fields) != len(header):
            problems.append(
                Problem(
                    name,
                    start,
                    "",
                    f"malformed row: {len(fields)} fields, the header has {len(header)}",
                )
            )
            continue
        yield Row(name, start, {k: v.strip() for k, v in zip(header, fields, strict=True)})
