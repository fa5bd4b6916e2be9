"""A pack's own zone polygons (`zones.geojson` in its root): held land drawn by hand.

Some held land has no town to follow: an occupied plateau, a garrison's exclusion zone,
a mountain massif. A place of kind `zone` in towns.csv with a polygon here holds exactly
that land: the builder carves the polygon out of the boundary units it overlaps before
dividing the rest among the towns, so no other place's area covers it and the zone holds
nothing outside it. The file is the pack's data, cited like the record.

Every feature: `town_id` (a `zone` place of towns.csv, whose point lies inside),
`source_ids` (`;`-separated sources.csv ids), optional `labels` (a name per language to
write on the map), `note` and `pattern` (`occupied`: land held under an occupation older
than the record, such as the Golan since 1967, drawn with its own lines over the
holder's colour and named in the legend, so a day's advance beside it reads apart).
Zones may not overlap, nor contain another settlement.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import shape

from dashboard.geo.projection import EqualArea
from dashboard.geo.schema import ZONE_PATTERNS
from dashboard.problems import Problem, ProblemsError
from dashboard.records.fields import split_ids
from dashboard.records.models import Town

if TYPE_CHECKING:  # the builder's tables: pandas comes with the build extra
    import pandas as pd

ZONES_FILE = "zones.geojson"
PROPERTIES = ("town_id", "source_ids", "labels", "note", "pattern")
LABEL_CHARS = 200
NOTE_CHARS = 1_000
# Two zones may share a border; an overlap larger than this (km²) is an error.
OVERLAP_KM2 = 0.01
# A zone's piece of a boundary unit smaller than this (km²) is a drawing's spill over
# the unit's border: it stays with the unit. A unit left with less than this after the
# zones are carved goes wholly to its largest zone piece.
SLIVER_KM2 = 1.0


@dataclass(frozen=True)
class Zone:
    """One feature of `zones.geojson`; `feature` is its index in `file`."""

    file: str
    feature: int
    town_id: str
    source_ids: tuple[str, ...]
    labels: dict[str, str]
    note: str
    geometry: shapely.Geometry
    pattern: str = ""  # one of ZONE_PATTERNS, or "" for none


class ZoneError(ProblemsError):
    """`zones.geojson` cannot be used; carries every problem found."""

    what = "zones file"


def read_zones(
    path: Path,
    towns: Mapping[str, Town],
    source_ids: Collection[str],
    languages: Sequence[str],
) -> tuple[Zone, ...]:
    """The zones of `path` (none when the file does not exist), checked against the
    pack's places, sources and languages. Raises `ZoneError` listing every problem as
    `file [feature N: property]: message`."""
    if not path.exists():
        return ()
    problems: list[Problem] = []
    features = _features(path, problems)
    zones = []
    for index, feature in enumerate(features):
        zone = _zone(path, index, feature, towns, source_ids, languages, problems)
        if zone is not None:
            zones.append(zone)
    if not problems:
        problems += _overlaps(path, zones) + _settlements_inside(path, zones, towns)
    if problems:
        raise ZoneError(problems)
    return tuple(zones)


def zone_problems(
    path: Path,
    towns: Mapping[str, Town],
    source_ids: Collection[str],
    languages: Sequence[str],
    built: Collection[str],
    build: str,
) -> list[Problem]:
    """Everything wrong with `path` (see `read_zones`), and whether the built layers
    hold exactly its zones (`built`: the town ids of geo/zones.geojson; `build`: the
    command that rebuilds them)."""
    try:
        zones = read_zones(path, towns, source_ids, languages)
    except ZoneError as error:
        return list(error.problems)
    drawn = {zone.town_id for zone in zones}
    if drawn == set(built):
        return []
    differ = ", ".join(sorted(drawn ^ set(built)))
    message = f"the map's layers do not match this file (zones: {differ}); run `{build}`"
    return [Problem(str(path), 0, "", message)]


def _problem(path: Path, index: int, key: str, message: str) -> Problem:
    return Problem(str(path), 0, f"feature {index}: {key}", message)


def _features(path: Path, problems: list[Problem]) -> list[Any]:
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        problems.append(Problem(str(path), 0, "", f"cannot read GeoJSON: {error}"))
        return []
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        collection = {}
    features = collection.get("features")
    if not isinstance(features, list):
        problems.append(Problem(str(path), 0, "", "not a GeoJSON FeatureCollection"))
        return []
    return features


def _zone(
    path: Path,
    index: int,
    feature: Any,
    towns: Mapping[str, Town],
    source_ids: Collection[str],
    languages: Sequence[str],
    problems: list[Problem],
) -> Zone | None:
    """One feature as a `Zone`, or None after adding its problems."""
    before = len(problems)

    def fault(key: str, message: str) -> None:
        problems.append(_problem(path, index, key, message))

    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        fault("type", "not a GeoJSON Feature")
        return None
    properties = feature.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    for key in properties:
        if key not in PROPERTIES:
            fault(key, f"unknown property; the properties are {', '.join(PROPERTIES)}")
    town_id = properties.get("town_id")
    town = towns.get(town_id) if isinstance(town_id, str) else None
    if town is None:
        fault("town_id", f"{town_id!r} is not a place of towns.csv")
    elif town.kind != "zone":
        fault("town_id", f"{town_id} is a {town.kind}; a zone's place has kind zone")
    cited = properties.get("source_ids")
    cited = split_ids(cited) if isinstance(cited, str) else ()
    if not cited:
        fault("source_ids", "at least one source id is required (separated by ';')")
    for source_id in cited:
        if source_id not in source_ids:
            fault("source_ids", f"unknown source {source_id!r} (not in sources.csv)")
    labels = _labels(properties.get("labels", {}), languages, fault)
    note = properties.get("note", "")
    if not isinstance(note, str) or len(note) > NOTE_CHARS:
        fault("note", f"a text of at most {NOTE_CHARS} characters")
    pattern = properties.get("pattern", "")
    if pattern != "" and pattern not in ZONE_PATTERNS:
        fault("pattern", f"{pattern!r} is not a zone pattern ({', '.join(ZONE_PATTERNS)})")
    geometry = _geometry(feature.get("geometry"), fault)
    point = shapely.Point(town.lon, town.lat) if town and town.kind == "zone" else None
    if geometry is not None and point is not None and not shapely.covers(geometry, point):
        fault("geometry", f"does not contain its place {town_id} (lat {town.lat}, lon {town.lon})")
    if len(problems) > before:
        return None
    return Zone(str(path), index, town_id, cited, labels, note, geometry, pattern)


def _labels(value: Any, languages: Sequence[str], fault) -> dict[str, str]:
    """`{"en": "...", "ar": "..."}`: texts in the pack's languages, the first included."""
    if not isinstance(value, dict):
        fault("labels", 'an object of texts per language, e.g. {"en": "..."}')
        return {}
    for code, text in value.items():
        if code not in languages:
            fault("labels", f"{code!r} is not a language of the pack ({', '.join(languages)})")
        elif not isinstance(text, str) or not text.strip() or len(text) > LABEL_CHARS:
            fault("labels", f"{code}: a text of 1 to {LABEL_CHARS} characters")
    if value and languages[0] not in value:
        fault("labels", f"needs a text in the primary language {languages[0]!r}")
    return {code: text for code, text in value.items() if isinstance(text, str)}


def _geometry(value: Any, fault) -> shapely.Geometry | None:
    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        kind = value.get("type") if isinstance(value, dict) else value
        fault("geometry", f"expected Polygon or MultiPolygon, found {kind}")
        return None
    try:
        geometry = shape(value)
    except (ValueError, TypeError, IndexError, AttributeError, GEOSException) as error:
        fault("geometry", f"unreadable coordinates ({error})")
        return None
    if geometry.is_empty:
        fault("geometry", "empty")
        return None
    reason = shapely.is_valid_reason(geometry)
    if reason != "Valid Geometry":
        fault("geometry", f"invalid ({reason})")
        return None
    west, south, east, north = geometry.bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        fault("geometry", "coordinates are not longitude, latitude (WGS 84)")
        return None
    return geometry


def _overlaps(path: Path, zones: list[Zone]) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for zone in zones:
        if zone.town_id in seen:
            problems.append(
                _problem(
                    path,
                    zone.feature,
                    "town_id",
                    f"{zone.town_id} already has a polygon (feature {seen[zone.town_id]}); "
                    "give a zone of several parts one MultiPolygon",
                )
            )
        seen.setdefault(zone.town_id, zone.feature)
    if len(zones) < 2:
        return problems
    geoms = np.array([zone.geometry for zone in zones], dtype=object)
    plane = EqualArea.centred_on(tuple(shapely.total_bounds(geoms)))
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    for a, b in zip(left[keep].tolist(), right[keep].tolist(), strict=True):
        overlap = plane.area_km2(np.array([shapely.intersection(geoms[a], geoms[b])]))[0]
        if overlap > OVERLAP_KM2:
            problems.append(
                _problem(
                    path,
                    zones[b].feature,
                    "geometry",
                    f"overlaps feature {zones[a].feature} ({zones[a].town_id}) by "
                    f"{overlap:,.2f} km²; zones may share a border but not overlap",
                )
            )
    return problems


def _settlements_inside(path: Path, zones: list[Zone], towns: Mapping[str, Town]) -> list[Problem]:
    """A settlement inside a zone would hold no land: the zone holds all of it."""
    zoned = {zone.town_id for zone in zones}
    others = [t for t in towns.values() if t.holds_area and t.town_id not in zoned]
    if not others or not zones:
        return []
    points = shapely.points([(town.lon, town.lat) for town in others])
    geoms = np.array([zone.geometry for zone in zones], dtype=object)
    zone_at, town_at = shapely.STRtree(points).query(geoms, predicate="covers")
    return [
        _problem(
            path,
            zones[z].feature,
            "geometry",
            f"contains {others[t].town_id} (a {others[t].kind}), which would then hold no "
            "land: make it a facility (kind other) or draw the zone around it",
        )
        for z, t in zip(zone_at.tolist(), town_at.tolist(), strict=True)
    ]


def carve_zones(
    units: pd.DataFrame, zones: Sequence[Zone], plane: EqualArea
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cut each zone out of the units it overlaps.

    Returns the units left for the towns (a unit a zone covers wholly is gone) and the
    zones' pieces: town_id, unit_id, parent_id and geometry, one per zone and unit.
    Raises `ZoneError` for a zone that lies outside every unit.
    """
    import pandas as pd

    from dashboard.geo.coverage import polygonal_part

    units = units.reset_index(drop=True)
    geoms = np.array([zone.geometry for zone in zones], dtype=object)
    unit_at, zone_at = shapely.STRtree(geoms).query(units.geometry.to_numpy(), "intersects")
    pieces = pd.DataFrame(
        {
            "unit": unit_at,
            "zone": zone_at,
            "geometry": [
                polygonal_part(shapely.intersection(units.geometry.iloc[u], geoms[z]))
                for u, z in zip(unit_at.tolist(), zone_at.tolist(), strict=True)
            ],
        }
    )
    pieces["km2"] = plane.area_km2(pieces["geometry"].to_numpy()) if len(pieces) else []
    largest = pieces.sort_values("km2", ascending=False).drop_duplicates("zone").index
    pieces = pieces[(pieces["km2"] >= SLIVER_KM2) | pieces.index.isin(largest)]
    pieces = pieces[~shapely.is_empty(pieces["geometry"].to_numpy())].copy()
    outside = sorted(set(range(len(zones))) - set(pieces["zone"]))
    if outside:
        where = [(Path(zones[z].file), zones[z].feature) for z in outside]
        raise ZoneError([_problem(*at, "geometry", "outside every unit") for at in where])
    remaining = units.copy()
    for unit, group in pieces.groupby("unit"):
        rest = polygonal_part(
            shapely.difference(units.geometry.iloc[unit], shapely.union_all(group["geometry"]))
        )
        if plane.area_km2(np.array([rest]))[0] < SLIVER_KM2:
            biggest = group["km2"].idxmax()
            pieces.at[biggest, "geometry"] = shapely.union(pieces.at[biggest, "geometry"], rest)
            rest = shapely.Polygon()
        remaining.at[unit, "geometry"] = rest
    remaining = remaining[~shapely.is_empty(remaining.geometry.to_numpy())]
    carved = pd.DataFrame(
        {
            "town_id": [zones[z].town_id for z in pieces["zone"]],
            "unit_id": units["unit_id"].to_numpy()[pieces["unit"].to_numpy()],
            "parent_id": units["parent_id"].to_numpy()[pieces["unit"].to_numpy()],
            "geometry": pieces["geometry"].to_numpy(),
        }
    )
    return remaining.reset_index(drop=True), carved
