"""Matching a source's places to the pack's towns: by id, by name in any of the pack's
languages (or a name a person settled in the mapping's `[places]`), by distance; what
matches nothing becomes a new place. Doubtful matches are never guessed."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from dashboard.importers.mapping import NEW_PLACE, Mapping
from dashboard.importers.model import Sighting
from dashboard.importers.units import Units
from dashboard.records.models import TOWN_KINDS, Town

EARTH_KM = 6371.0088
# Articles that sources write or leave out ("El Fasher", "Fasher"; "Al-Qusayr").
_ARTICLES = ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "en", "es", "er")


def normalise_name(name: str) -> str:
    """Names compare without accents, case, apostrophes, hyphens or a leading article."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub("\\[\\[|\\]\\]|['`\u02bf\u02be\u2018\u2019]", "", text)
    words = re.findall(r"\w+", text)
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def slug(name: str) -> str:
    """An ASCII id from a name ("Wad Madani" -> "wad_madani"); empty for a name with
    no Latin letters."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:60]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Place:
    town_id: str
    name: str
    lat: float
    lon: float
    names: frozenset[str]


@dataclass(frozen=True)
class NewPlace:
    town_id: str
    name: str
    kind: str
    lat: float
    lon: float
    ref: str


@dataclass(frozen=True)
class Match:
    """The town a sighting is about; None with a `doubt` (for a person) when unsure."""

    town_id: str | None
    how: str = ""
    doubt: str = ""


class Gazetteer:
    """The pack's towns plus the places this import adds."""

    def __init__(self, towns: dict[str, Town], mapping: Mapping, units: Units):
        self._mapping = mapping
        self._units = units
        self._places = {
            town.town_id: Place(
                town.town_id,
                town.name,
                town.lat,
                town.lon,
                frozenset(normalise_name(n) for n in town.names.values()),
            )
            for town in towns.values()
        }
        self._settled = {normalise_name(k): v for k, v in mapping.places.items()}
        self.new_places: list[NewPlace] = []

    @property
    def places(self) -> list[Place]:
        return list(self._places.values())

    def match(self, sighting: Sighting, create: bool = True) -> Match:
        """The town `sighting` is about; with `create`, a new place when nothing matches
        (a source of events such as ACLED cannot say who held a new place before)."""
        if sighting.place_id:
            return Match(sighting.place_id, "inside")
        if sighting.name in self._places:
            return Match(sighting.name, "id")
        names = {normalise_name(n) for n in (sighting.name, sighting.alias) if n}
        names.discard("")
        settled = [self._settled[n] for n in names if n in self._settled]
        if settled:
            return self._settled_match(sighting, settled[0], create)
        candidates = [p for p in self._places.values() if p.names & names]
        if candidates:
            return self._by_name(sighting, candidates)
        if sighting.lat is None or sighting.lon is None:
            return Match(None, doubt=f"{_said(sighting)}: not in the pack, and no coordinates")
        return self._by_distance(sighting, create)

    def _settled_match(self, sighting: Sighting, town_id: str, create: bool) -> Match:
        if town_id == NEW_PLACE:
            return self._new(sighting, create)
        if town_id not in self._places:
            return Match(
                None,
                doubt=f"{_said(sighting)}: [places] in {self._mapping.path} names "
                f"{town_id!r}, which is not a town of the pack",
            )
        return Match(town_id, "settled")

    def _by_name(self, sighting: Sighting, candidates: list[Place]) -> Match:
        if sighting.lat is None or sighting.lon is None:
            if len(candidates) == 1:
                return Match(candidates[0].town_id, "name")
            return Match(None, doubt=f"{_said(sighting)}: {_candidates(candidates)}")
        near = [(distance_km(sighting.lat, sighting.lon, p.lat, p.lon), p) for p in candidates]
        close = [(d, p) for d, p in near if d <= self._mapping.far_km]
        if len(close) == 1:
            return Match(close[0][1].town_id, "name")
        if len(close) > 1:
            return Match(None, doubt=f"{_said(sighting)}: {_candidates([p for _, p in close])}")
        d, place = min(near, key=lambda pair: pair[0])
        return Match(
            None,
            doubt=f"{_said(sighting)}: the name matches {place.town_id} but it lies {d:.0f} km "
            f"away (more than far_km = {self._mapping.far_km:g}); settle it in [places] "
            f'("{sighting.name}" = "{place.town_id}" or "{NEW_PLACE}")',
        )

    def _by_distance(self, sighting: Sighting, create: bool) -> Match:
        near = sorted(
            (distance_km(sighting.lat, sighting.lon, p.lat, p.lon), p.town_id)
            for p in self._places.values()
        )
        close = [(d, town_id) for d, town_id in near if d <= self._mapping.near_km]
        if len(close) == 1:
            d, town_id = close[0]
            return Match(town_id, f"distance ({d:.1f} km)")
        if len(close) > 1:
            listed = ", ".join(f"{t} ({d:.1f} km)" for d, t in close)
            return Match(None, doubt=f"{_said(sighting)}: several places nearby: {listed}")
        return self._new(sighting, create)

    def _new(self, sighting: Sighting, create: bool) -> Match:
        if not create:
            return Match(
                None,
                doubt=f"{_said(sighting)}: not a place of the pack, and this source cannot "
                "say who held it before; add it (towns.csv and a baseline) or import a "
                "snapshot that shows it first",
            )
        if not sighting.name or sighting.lat is None or sighting.lon is None:
            return Match(None, doubt=f"{_said(sighting)}: a new place needs a name and coordinates")
        if not self._units.contains(sighting.lat, sighting.lon):
            return Match(
                None,
                doubt=f"{_said(sighting)}: at lat {sighting.lat}, lon {sighting.lon}, outside "
                "the pack's boundary units",
            )
        town_id = self._new_id(sighting.name)
        kind = sighting.kind.lower() if sighting.kind.lower() in TOWN_KINDS else "town"
        self.new_places.append(
            NewPlace(town_id, sighting.name, kind, sighting.lat, sighting.lon, sighting.ref)
        )
        names = {normalise_name(n) for n in (sighting.name, sighting.alias) if n}
        self._places[town_id] = Place(
            town_id, sighting.name, sighting.lat, sighting.lon, frozenset(names)
        )
        return Match(town_id, "new")

    def _new_id(self, name: str) -> str:
        base = slug(name) or "place"
        if base[0].isdigit():
            base = f"place_{base}"
        town_id, n = base, 1
        while town_id in self._places:
            n += 1
            town_id = f"{base}_{n}"
        return town_id


def _said(sighting: Sighting) -> str:
    name = sighting.name or "(no name)"
    return f"{sighting.ref}: {name!r}"


def _candidates(places: list[Place]) -> str:
    listed = ", ".join(f"{p.town_id} ({p.name})" for p in places)
    return f"several candidates: {listed}; settle it in [places]"
