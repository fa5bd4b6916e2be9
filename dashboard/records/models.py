"""Typed records of the control data, and the problem report used when they are wrong."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.problems import ProblemsError

if TYPE_CHECKING:
    from dashboard.pack.config import ConflictConfig
    from dashboard.records.table import GivenFile


# Kinds of place, most important first. Settlements (and zones: a held area with no town,
# such as a garrison's perimeter or a mountain post) hold the ground around them: the map
# divides boundary units among them. Facilities are points whose holder is shown on
# their marker, so a base never colours a district around it.
SETTLEMENT_KINDS = ("city", "town", "village", "zone")
FACILITY_KINDS = ("airbase", "airport", "base", "crossing", "dam", "camp", "other")
TOWN_KINDS = (*SETTLEMENT_KINDS, *FACILITY_KINDS)
# Seats of government a place may be: of the country, or of a first-level unit
# (governorate, state). Labels put them first.
CAPITAL_LEVELS = ("national", "regional")


class RecordError(ProblemsError):
    """Raised when the record cannot be trusted; carries every problem found."""

    what = "control record"


@dataclass(frozen=True)
class Town:
    """A tracked place; `names` has one entry per pack language that has a name for it.

    `capital`: "national" or "regional" (see `CAPITAL_LEVELS`) for a seat of
    government, None for any other place.
    """

    town_id: str
    names: dict[str, str]
    kind: str
    lat: float
    lon: float
    geonames_id: str
    coord_note: str
    row: int
    capital: str | None = None

    @property
    def holds_area(self) -> bool:
        """Settlements hold ground; facilities (bases, crossings, dams...) are points."""
        return self.kind in SETTLEMENT_KINDS

    @property
    def name(self) -> str:
        """The name in the pack's primary language (always present)."""
        return next(iter(self.names.values()))

    def name_in(self, language: str) -> str:
        """The name in `language`, or the primary name where that one is unknown."""
        return self.names.get(language) or self.name


# The review value of a row written by `frontline import` that no person has decided on.
PENDING = "pending"
# A source whose licence starts with this (any case) may not be passed on: a record
# citing it is for local use (ACLED's terms, for one), and `frontline validate` says so.
NO_REDISTRIBUTION = "no redistribution"


@dataclass(frozen=True)
class Source:
    source_id: str
    publisher: str
    title: str
    published: dt.date
    url: str
    licence: str = ""

    @property
    def restricts_publication(self) -> bool:
        """Its terms forbid passing its data on, so a record citing it stays local."""
        return self.licence.lower().startswith(NO_REDISTRIBUTION)


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
    review: str = ""
    review_note: str = ""
    basis: str = "place"

    @property
    def is_baseline(self) -> bool:
        return self.kind == "baseline"

    @property
    def rests_on_region(self) -> bool:
        """Its sources report the wider region's control, not the place's own."""
        return self.basis == "region"

    @property
    def is_pending(self) -> bool:
        """Written by an importer; no person has decided on it yet."""
        return self.review == PENDING

    @property
    def is_inferred(self) -> bool:
        """A change deduced from the wider situation, not reported for the place itself."""
        return self.kind == "inferred"


@dataclass(frozen=True)
class Record:
    """The whole checked record; events are sorted by date, then by file order."""

    towns: dict[str, Town]
    sources: dict[str, Source]
    events: tuple[ControlEvent, ...]
    events_path: Path | GivenFile
    towns_path: Path
    config: ConflictConfig

    @property
    def baseline_date(self) -> dt.date:
        return self.events[0].date

    @property
    def last_date(self) -> dt.date:
        """The period's last day: the last change, or a later `period_end` if one is set."""
        last_event = max(event.date for event in self.events)
        return max(last_event, self.config.period_end or last_event)

    @property
    def changes(self) -> tuple[ControlEvent, ...]:
        return tuple(event for event in self.events if not event.is_baseline)
