"""Loading the built layers at app start-up, refusing broken ones with a full problem list.

The app never runs the builder; it trusts only files that pass these checks, so a bad
rebuild shows up as one clear error at start-up rather than as a blank or wrong map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import shape

from dashboard.geo.errors import GeoLayerError
from dashboard.geo.schema import (
    APP_FILES,
    AREAS,
    BASEMAP_DIR,
    BASEMAP_LAYERS,
    BEYOND,
    DISPUTED,
    FRONTIER_EDGES,
    LABEL_KINDS,
    LABELS,
    LAYERS,
    OPTIONAL_APP_FILES,
    PARENTS,
    ZONE_PATTERNS,
    ZONES,
)

# How far (km²) an area's held and beyond-reach land may miss its size: rounding.
KM2_SLACK = 0.05


@dataclass(frozen=True)
class GeoLayers:
    """The parsed GeoJSON the browser draws, plus the areas' shapes (in file order) and
    a spatial index of them for server-side joins. Serving needs only Shapely; the
    GeoDataFrame (`areas_gdf`) is made on demand, for the builder and the tests.

    `beyond`: per area, its land beyond its place's reach (None if there is none);
    `zones`: the zones drawn with their own polygons, as built, with their labels.
    """

    areas: dict[str, Any]
    parents: dict[str, Any]
    frontier_edges: dict[str, Any]
    disputed: dict[str, Any] | None
    area_shapes: np.ndarray
    # File name (schema.BASEMAP_LAYERS) -> collection, for the basemap files present.
    basemap: dict[str, dict[str, Any]] = field(default_factory=dict)
    beyond: dict[str, Any] | None = None
    zones: dict[str, Any] | None = None

    @cached_property
    def area_index(self) -> shapely.STRtree:
        """The areas' spatial index: `query(points, predicate=...)` gives (point, area)
        row pairs."""
        return shapely.STRtree(self.area_shapes)

    @property
    def area_bounds(self) -> tuple[float, float, float, float]:
        """West, south, east, north of every area."""
        west, south, east, north = shapely.total_bounds(self.area_shapes)
        return float(west), float(south), float(east), float(north)

    def area_column(self, name: str) -> np.ndarray:
        """One property of every area, in file order."""
        return np.array([feature["properties"][name] for feature in self.areas["features"]])

    @cached_property
    def areas_gdf(self) -> Any:
        """The areas as a GeoDataFrame (needs geopandas: the `build` extra)."""
        import geopandas as gpd

        return gpd.GeoDataFrame.from_features(self.areas["features"], crs="EPSG:4326")


def load_layers(geo_dir: Path) -> GeoLayers:
    """Read and check the built layers in `geo_dir`.

    Raises GeoLayerError listing every problem as `path: feature N: column: message`, N
    counting from 0 as in the file's `features` array (file-level problems: `path: message`).
    """
    problems: list[str] = []
    geo_dir = Path(geo_dir)
    present = [name for name in OPTIONAL_APP_FILES if (geo_dir / name).exists()]
    # No frontier edge at all is possible: places far apart reach no common border.
    collections = {
        name: _read_checked(geo_dir / name, *LAYERS[name], problems, name == FRONTIER_EDGES)
        for name in (*APP_FILES, *present)
    }
    if not problems:
        _check_edge_ids(geo_dir / FRONTIER_EDGES, collections, problems)
        _check_reach(geo_dir, collections, problems)
    basemap = load_basemap(geo_dir / BASEMAP_DIR, problems)
    if problems:
        raise GeoLayerError(problems)
    areas = collections[AREAS]
    return GeoLayers(
        areas=areas,
        parents=collections[PARENTS],
        frontier_edges=collections[FRONTIER_EDGES],
        disputed=collections.get(DISPUTED),
        area_shapes=np.array([shape(f["geometry"]) for f in areas["features"]], dtype=object),
        basemap=basemap,
        beyond=collections.get(BEYOND),
        zones=collections.get(ZONES),
    )


def load_basemap(folder: Path, problems: list[str]) -> dict[str, dict[str, Any]]:
    """The basemap layers present in `folder` (none: an empty dict), each checked like
    the pack's own layers; a label of an unknown kind is a problem too."""
    if not folder.is_dir():
        return {}
    found = {
        name: _read_checked(folder / name, *BASEMAP_LAYERS[name], problems)
        for name in BASEMAP_LAYERS
        if (folder / name).exists()
    }
    for index, feature in enumerate(found.get(LABELS, {}).get("features", [])):
        kind = (feature.get("properties") or {}).get("kind")
        if kind is not None and kind not in LABEL_KINDS:
            problems.append(
                f"{folder / LABELS}: feature {index}: kind: {kind!r} is not one of "
                f"{', '.join(LABEL_KINDS)}"
            )
    return found


def _read_checked(
    path: Path,
    kinds: frozenset[str],
    columns: tuple[str, ...],
    problems: list[str],
    may_be_empty: bool = False,
) -> dict[str, Any]:
    """Parse one file and append a line to `problems` for every defect found."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        problems.append(f"{path}: cannot read GeoJSON: {_json_problem(error)}")
        return {}
    except (OSError, ValueError) as error:
        problems.append(f"{path}: cannot read GeoJSON: {error}")
        return {}
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list) or not (features or may_be_empty):
        problems.append(f"{path}: not a FeatureCollection with features")
        return {}
    for index, feature in enumerate(features):
        where = f"{path}: feature {index}"
        if not isinstance(feature, dict):
            problems.append(f"{where}: -: not a GeoJSON Feature")
            continue
        properties = feature.get("properties") or {}
        for column in columns:
            if properties.get(column) in (None, "", {}):
                problems.append(f"{where}: {column}: missing")
        geometry_problem = _geometry_problem(feature.get("geometry"), kinds)
        if geometry_problem:
            problems.append(f"{where}: geometry: {geometry_problem}")
    return collection


def _json_problem(error: json.JSONDecodeError) -> str:
    """Where the text stops being JSON, as an editor counts lines and columns."""
    return f"not valid JSON at line {error.lineno}, column {error.colno} ({error.msg})"


def _geometry_problem(geometry: Any, kinds: frozenset[str]) -> str | None:
    """Why a GeoJSON geometry cannot be drawn, or None if it is fine."""
    if not isinstance(geometry, dict) or geometry.get("type") not in kinds:
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        return f"expected {' or '.join(sorted(kinds))}, found {kind}"
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, IndexError, AttributeError, GEOSException) as error:
        return f"unreadable coordinates ({error})"
    if geom.is_empty:
        return "empty"
    reason = shapely.is_valid_reason(geom)
    return None if reason == "Valid Geometry" else f"invalid ({reason})"


def _check_edge_ids(
    path: Path, collections: dict[str, dict[str, Any]], problems: list[str]
) -> None:
    """A frontier edge naming an unknown area would never be drawn: report it."""
    area_ids = {f["properties"]["area_id"] for f in collections[AREAS]["features"]}
    for index, feature in enumerate(collections[FRONTIER_EDGES]["features"]):
        for column in ("area_a", "area_b"):
            if feature["properties"][column] not in area_ids:
                problems.append(f"{path}: feature {index}: {column}: unknown area id")


def _check_reach(
    geo_dir: Path, collections: dict[str, dict[str, Any]], problems: list[str]
) -> None:
    """Land beyond reach belongs to a known area, and an area's held and beyond km²
    add up to its size; a zone's pieces are known areas."""
    size = {f["properties"]["area_id"]: f["properties"] for f in collections[AREAS]["features"]}
    beyond = dict.fromkeys(size, 0.0)
    for index, feature in enumerate(collections.get(BEYOND, {}).get("features", [])):
        area_id = feature["properties"]["area_id"]
        if area_id not in size:
            problems.append(f"{geo_dir / BEYOND}: feature {index}: area_id: unknown area id")
        else:
            beyond[area_id] += feature["properties"]["km2"]
    for index, (area_id, properties) in enumerate(size.items()):
        if abs(properties["km2_held"] + beyond[area_id] - properties["area_km2"]) > KM2_SLACK:
            problems.append(
                f"{geo_dir / AREAS}: feature {index}: km2_held: with the land beyond reach, "
                "does not add up to area_km2; run `frontline build-geo`"
            )
    for index, feature in enumerate(collections.get(ZONES, {}).get("features", [])):
        if not set(feature["properties"]["area_ids"]) <= set(size):
            problems.append(f"{geo_dir / ZONES}: feature {index}: area_ids: unknown area id")
        pattern = feature["properties"].get("pattern")
        if pattern is not None and pattern not in ZONE_PATTERNS:
            problems.append(
                f"{geo_dir / ZONES}: feature {index}: pattern: {pattern!r} is not one of "
                f"{', '.join(ZONE_PATTERNS)}"
            )
