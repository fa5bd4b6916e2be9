"""Typed records of the control data, and the problem report used when they are wrong."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located precisely enough to fix it.

    `row` is the line number in the file as an editor shows it (the header is
    line 1); 0 means the file as a whole.
    """

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        column = f" [{self.column}]" if self.column else ""
        return f"{where}{column}: {self.message}"


class RecordError(ValueError):
    """Raised when the record cannot be trusted; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the control record:\n{lines}")


@dataclass(frozen=True)
class Town:
    town_id: str
    name_en: str
    name_ar: str
    kind: str
    lat: float
    lon: float
    geonames_id: str
    coord_note: str
    row: int


@dataclass(frozen=True)
class Source:
    source_id: str
    publisher: str
    title: str
    published: dt.date
    url: str


@dataclass(frozen=True)
class ControlEvent:
    """A baseline statement or a change of control of one town on one day."""

    event_id: str
    date: dt.date
    town_id: str
    kind: str
    from_side: str
    to_side: str
    description: str
    confidence: str
    source_ids: tuple[str, ...]
    date_note: str
    row: int

    @property
    def is_baseline(self) -> bool:
        return self.kind == "baseline"


@dataclass(frozen=True)
class RecordMeta:
    """What the record covers (see `conflict.toml`)."""

    title: str = "Frontline Map"
    region: str = ""
    period_end: dt.date | None = None


@dataclass(frozen=True)
class Record:
    """The whole checked record; events are sorted by date, then by file order."""

    towns: dict[str, Town]
    sources: dict[str, Source]
    events: tuple[ControlEvent, ...]
    events_path: Path
    towns_path: Path
    meta: RecordMeta = RecordMeta()

    @property
    def baseline_date(self) -> dt.date:
        return self.events[0].date

    @property
    def last_date(self) -> dt.date:
        """The period's last day: the last change, or a later `period_end` if one is set."""
        last_event = max(event.date for event in self.events)
        return max(last_event, self.meta.period_end or last_event)

    @property
    def changes(self) -> tuple[ControlEvent, ...]:
        return tuple(event for event in self.events if not event.is_baseline)
