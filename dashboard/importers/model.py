"""What every reader produces: sources, and dated statements of a place's holder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DraftSource:
    """A source the draft will cite; `key` is the id it asks for (made unique later)."""

    key: str
    publisher: str
    title: str
    published: dt.date
    url: str
    licence: str
    label: str  # a short name for descriptions and notes ("the file day1.geojson")


@dataclass(frozen=True)
class Sighting:
    """One statement of a source: the place it names (or the pack town it resolved to)
    shown with one of its values (a label, an icon, a colour, an actor)."""

    name: str
    value: str
    ref: str  # where in the input: "file.csv:12", "mod.lua: mark 3", "day.kml: placemark 4"
    lat: float | None = None
    lon: float | None = None
    place_id: str = ""  # a pack town the reader already resolved (polygons)
    kind: str = ""  # the kind of place the source gives, if any
    alias: str = ""  # a second name (a wiki link's target)
    basis: str = "place"
    how: str = ""  # how the source shows it, for the description
    date_note: str = ""
    detail: str = ""  # e.g. ACLED's sub-event type


@dataclass(frozen=True)
class Snapshot:
    """What one source shows on one day. `events` marks a source of dated events
    (ACLED), whose statements are changes on their day rather than states."""

    date: dt.date
    source: DraftSource
    sightings: tuple[Sighting, ...]
    events: bool = False


@dataclass
class Findings:
    """What needs a person: values with no mapping, doubtful or failed matches,
    statements that disagree with the record. Nothing listed here was imported."""

    unmapped: dict[str, list[str]] = field(default_factory=dict)  # value -> refs
    doubtful: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # imported, but worth a look

    def unmapped_value(self, value: str, ref: str) -> None:
        self.unmapped.setdefault(value, []).append(ref)
