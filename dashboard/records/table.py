"""Reading a CSV file into rows, reporting structural problems with line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dashboard.problems import Problem


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
    path: Path | GivenFile, required: tuple[str, ...], problems: list[Problem]
) -> list[Row]:
    """Rows of `path` with surrounding blanks stripped; structural faults go to `problems`.

    A row with the wrong number of fields is reported and skipped rather than
    guessed at, because a shifted column would put a value under the wrong name.
    """
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        problems.append(Problem(name, 0, "", "file not found"))
        return []
    except UnicodeDecodeError as error:
        problems.append(Problem(name, 0, "", f"not valid UTF-8 ({error.reason})"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        problems.append(Problem(name, 0, "", "file is empty: expected a header row"))
        return []
    header = [column.strip() for column in header]
    missing = [column for column in required if column not in header]
    for column in missing:
        problems.append(Problem(name, 1, column, "required column is missing"))
    if missing:
        return []
    return list(_data_rows(name, header, reader, problems))


def _data_rows(
    name: str, header: list[str], reader: Iterator[list[str]], problems: list[Problem]
) -> Iterator[Row]:
    line_number = reader.line_num + 1
    for fields in reader:
        start, line_number = line_number, reader.line_num + 1
        if not any(field.strip() for field in fields):
            continue
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
