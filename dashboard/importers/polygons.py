"""Control polygons per day: DeepState's GeoJSON (3-D coordinates, `UA /// EN` names,
a `fill` colour per status, also wrapped as `{"map": {...}}`), KML/KMZ with styles,
and whatever else GDAL reads (shapefiles, GeoPackage, ISW/CTP layers). One file per
day, its day given with `--date`.

A polygon says who holds the land inside it; a pack place whose point lies inside gets
that holder (basis `place`). `outside = "SIDE"` in the mapping's `[sides]` gives the
holder of places outside every polygon (DeepState draws only occupied land), with basis
`region`, since the source does not state those places. Point features are places of
their own, matched by name and distance like any other source's.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import shape

from dashboard.importers.errors import ImportRefused
from dashboard.importers.inputs import dated_inputs, file_source, read_bytes
from dashboard.importers.kml import kml_text, placemarks
from dashboard.importers.mapping import OUTSIDE, Mapping
from dashboard.importers.matching import Place
from dashboard.importers.model import DraftSource, Findings, Sighting, Snapshot
from dashboard.problems import Problem
from dashboard.records.fields import FieldError

LONLAT = "EPSG:4326"


@dataclass(frozen=True)
class Shape:
    geometry: shapely.Geometry
    value: str
    ref: str


@dataclass(frozen=True)
class PolygonDay:
    """One file: its day, its source, its polygons and its point features."""

    date: dt.date
    source: DraftSource
    shapes: tuple[Shape, ...]
    points: tuple[Sighting, ...]


def read_polygon_files(
    inputs: list[Path], dates: list[dt.date], mapping: Mapping
) -> list[PolygonDay]:
    problems: list[Problem] = []
    days = []
    for path, day in dated_inputs(inputs, dates, "polygon"):
        try:
            features = _features(path)
        except FieldError as error:
            problems.append(Problem(str(path), 0, "", str(error)))
            continue
        shapes, points = [], []
        for number, geometry, properties in features:
            ref = f"{path.name}: feature {number}"
            value = str(properties.get(mapping.columns["side"]) or "")
            if geometry is None or geometry.is_empty:
                continue
            if geometry.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
                shapes.append(Shape(shapely.force_2d(geometry), value, ref))
            elif geometry.geom_type == "Point":
                points.append(
                    Sighting(
                        name=str(properties.get(mapping.columns["place"]) or ""),
                        value=value,
                        ref=ref,
                        lat=geometry.y,
                        lon=geometry.x,
                        kind=str(properties.get(mapping.columns["kind"]) or ""),
                        how=f"its marker is drawn as {value!r}",
                    )
                )
        days.append(PolygonDay(day, file_source(mapping, path, day), tuple(shapes), tuple(points)))
    if problems:
        raise ImportRefused(problems)
    return days


def _features(path: Path) -> list[tuple[int, shapely.Geometry | None, dict]]:
    suffix = path.suffix.lower()
    if suffix in (".kml", ".kmz"):
        data = kml_text(path, read_bytes(path))
        return [(p.number, p.geometry, p.properties) for p in placemarks(data)]
    if suffix in (".geojson", ".json"):
        return _geojson(read_bytes(path))
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several types for unreadable files
        raise FieldError(f"cannot read it as a GIS layer: {error}") from None
    if frame.crs is not None:
        frame = frame.to_crs(LONLAT)
    records = frame.drop(columns="geometry").to_dict("records")
    return [(n, g, r) for n, (g, r) in enumerate(zip(frame.geometry, records, strict=True), 1)]


def _geojson(data: bytes) -> list[tuple[int, shapely.Geometry | None, dict]]:
    """GeoJSON read directly, so that DeepState's wrapper and 3-D rings are accepted."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FieldError(f"not readable as JSON: {error}") from None
    if isinstance(document, dict) and isinstance(document.get("map"), dict):
        document = document["map"]  # DeepState's history API: {"id", "datetime", "map"}
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise FieldError("not a GeoJSON FeatureCollection")
    features = []
    for number, feature in enumerate(document.get("features") or [], start=1):
        try:
            geometry = shape(feature["geometry"]) if feature.get("geometry") else None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise FieldError(f"feature {number}: unreadable geometry ({error})") from None
        if geometry is not None and not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        features.append((number, geometry, feature.get("properties") or {}))
    return features


def polygon_snapshot(
    day: PolygonDay,
    places: list[Place],
    points: dict[str, Sighting],
    mapping: Mapping,
    findings: Findings,
) -> Snapshot:
    """Each place's holder on the day: its own marker if the file has one (`points`,
    town id -> sighting), else the mapped polygons its point lies in, else `outside`."""
    mapped, unmapped = [], []
    for polygon in day.shapes:
        side = mapping.side(polygon.value)
        if side is None:
            findings.unmapped_value(polygon.value, polygon.ref)
            unmapped.append(polygon)
        else:
            mapped.append((polygon, side))
    tree = shapely.STRtree([p.geometry for p, _ in mapped] + [p.geometry for p in unmapped])
    sightings = list(points.values())
    for place in places:
        if place.town_id in points:
            continue
        hits = tree.query(shapely.Point(place.lon, place.lat), predicate="intersects")
        inside = [mapped[i] for i in hits if i < len(mapped)]
        if any(i >= len(mapped) for i in hits):
            findings.unplaced.append(
                f"{day.source.label}: {place.town_id} lies in a polygon whose value is not "
                "mapped; not imported for that day"
            )
            continue
        sides = {side for _, side in inside}
        if len(sides) > 1:
            refs = ", ".join(p.ref for p, _ in inside)
            findings.doubtful.append(
                f"{day.source.label}: {place.town_id} lies in polygons of different holders "
                f"({refs}); not imported for that day"
            )
            continue
        if inside:
            polygon, _ = inside[0]
            sightings.append(
                Sighting(
                    name=place.name,
                    value=polygon.value,
                    ref=polygon.ref,
                    place_id=place.town_id,
                    how=f"its point lies inside a polygon drawn as {polygon.value!r}",
                )
            )
        elif mapping.outside is not None:
            sightings.append(
                Sighting(
                    name=place.name,
                    value=OUTSIDE,
                    ref=f"{day.source.label}: outside every polygon",
                    place_id=place.town_id,
                    basis="region",
                    how="its point lies outside every polygon drawn, and the mapping gives "
                    "such places to this holder",
                )
            )
    return Snapshot(day.date, day.source, tuple(sightings))
