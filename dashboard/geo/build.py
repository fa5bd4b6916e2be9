"""Building every map layer from the pack's boundary file and its towns table.

Run offline (`frontline build-geo`) whenever towns are added; the app only loads the
result and never imports this module. All layers come from one grid-snapped coverage,
so units, parents and the frontier edges agree to the last vertex.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.geo.areas import partition_units
from dashboard.geo.coverage import dissolve_coverage, snap_coverage
from dashboard.geo.edges import clip_edges, frontier_edges
from dashboard.geo.errors import GeoBuildError
from dashboard.geo.geojson_io import feature_collection, write_geojson
from dashboard.geo.projection import EqualArea
from dashboard.geo.reach import beyond_reach, reach_circles, reach_km
from dashboard.geo.schema import (
    AREAS,
    BEYOND,
    DISPUTED,
    FRONTIER_EDGES,
    LAYERS,
    OPTIONAL_APP_FILES,
    OPTIONAL_PROPERTIES,
    PARENTS,
    UNITS,
    ZONES,
)
from dashboard.geo.source import read_units
from dashboard.geo.towns import place_towns
from dashboard.geo.zones import Zone, carve_zones, read_zones
from dashboard.pack.config import Boundaries, Reach, load_config
from dashboard.pack.paths import PackPaths
from dashboard.records.load import load_sources, load_towns

# Precision grid in degrees (about 11 m); written coordinates have 4 decimals to match.
GRID_SIZE = 1e-4
COORD_DECIMALS = 4


def build_pack_layers(paths: PackPaths, out_dir: Path | None = None) -> dict[str, Any]:
    """Build a pack's layers from its own files: its settings, settlements, zones and
    boundary file.

    Only settlements divide the land; facilities are points and take no area. A zone
    without its own name to show is labelled with its place's names.
    """
    config = load_config(paths.config)
    towns = load_towns(paths.towns, config)
    languages = tuple(language.code for language in config.languages)
    sources = load_sources(paths.sources) if paths.zones.exists() else {}
    zones = tuple(
        replace(zone, labels=zone.labels or towns[zone.town_id].names)
        for zone in read_zones(paths.zones, towns, sources, languages)
    )
    settlements = [town for town in towns.values() if town.holds_area]
    table = pd.DataFrame(
        {
            "town_id": [town.town_id for town in settlements],
            "name": [town.name for town in settlements],
            "kind": [town.kind for town in settlements],
            "lat": [town.lat for town in settlements],
            "lon": [town.lon for town in settlements],
        }
    )
    out = out_dir or paths.geo_dir
    return build_geo(paths.source_dir, config.boundaries, table, out, config.reach, zones)


def build_geo(
    source_dir: Path,
    boundaries: Boundaries,
    towns: pd.DataFrame,
    out_dir: Path,
    reach: Reach | None = None,
    zones: Sequence[Zone] = (),
) -> dict[str, Any]:
    """Write the layers to `out_dir` and return a summary of what was written.

    `towns` needs town_id, name, kind, lat, lon; `reach` defaults to the defaults of
    `[reach]`. The summary holds feature counts and file sizes in bytes (plus what the
    browser downloads) so callers can print and check them. Raises GeoBuildError if the
    boundaries are unusable or a town is outside every unit, `ZoneError` if a zone is.
    """
    units = read_units(source_dir, boundaries)
    plane = EqualArea.centred_on(tuple(units.total_bounds))
    units, disputed = _cut_disputed(units, boundaries)
    units, disputed = _simplified(units, disputed, boundaries.simplify_degrees)
    towns = _with_reach(towns, reach or Reach(), zones)
    areas = _areas(units, towns, zones, plane)
    circles = reach_circles(areas, towns, plane)
    areas["km2_held"], beyond = beyond_reach(areas, circles, plane, GRID_SIZE)
    edges = frontier_edges(areas["area_id"].to_numpy(), areas["geometry"].to_numpy())
    layers = {
        UNITS: _unit_layer(areas, units),
        PARENTS: _parent_layer(areas, units, disputed),
        AREAS: areas,
        FRONTIER_EDGES: clip_edges(edges, dict(zip(areas["area_id"], circles, strict=True))),
    }
    if len(disputed):
        layers[DISPUTED] = disputed
    if len(beyond):
        layers[BEYOND] = beyond
    if zones:
        layers[ZONES] = _zone_layer(areas, zones)
    return _write(layers, Path(out_dir))


def _with_reach(towns: pd.DataFrame, reach: Reach, zones: Sequence[Zone]) -> pd.DataFrame:
    """The towns with the radius of their hold in km; none (NaN) for a zone drawn with
    its own polygon, which holds all of it and nothing else."""
    zoned = {zone.town_id for zone in zones}
    radius = [
        np.nan if town_id in zoned else reach_km(kind, reach)
        for town_id, kind in zip(towns["town_id"], towns["kind"], strict=True)
    ]
    return towns.assign(reach_km=radius)


def _cut_disputed(
    units: gpd.GeoDataFrame, boundaries: Boundaries
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Take each disputed zone out of its unit, so no side's area ever covers it."""
    rows = []
    units = units.copy()
    for zone in boundaries.disputed:
        match = units.index[units["unit_id"] == zone.unit]
        if len(match) == 0:
            raise GeoBuildError(
                f"conflict.toml [boundaries.disputed] {zone.id}: unit {zone.unit!r} "
                "is not in the boundary file"
            )
        unit = units.loc[match[0], "geometry"]
        part = unit if zone.bbox is None else shapely.intersection(unit, shapely.box(*zone.bbox))
        if shapely.is_empty(part):
            raise GeoBuildError(
                f"conflict.toml [boundaries.disputed] {zone.id}: bbox does not overlap unit "
                f"{zone.unit}"
            )
        rest = shapely.difference(unit, part)
        units.loc[match[0], "geometry"] = rest
        rows.append(
            {
                "disputed_id": zone.id,
                "unit_id": zone.unit,
                "parent_id": units.loc[match[0], "parent_id"],
                "parent_names": _names(units.loc[match[0]], "parent_name_"),
                "labels": dict(zone.label),
                "geometry": part,
            }
        )
    units = units[~shapely.is_empty(units.geometry.to_numpy())].reset_index(drop=True)
    columns = ["disputed_id", "unit_id", "parent_id", "parent_names", "labels", "geometry"]
    return units, pd.DataFrame(rows, columns=columns)


def _simplified(
    units: gpd.GeoDataFrame, disputed: pd.DataFrame, tolerance: float
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Simplify units and disputed zones as one coverage and put them on the grid."""
    geoms = np.concatenate([units.geometry.to_numpy(), disputed["geometry"].to_numpy()])
    ids = np.concatenate([units["unit_id"].to_numpy(), disputed["disputed_id"].to_numpy()])
    snapped = _kept(ids, snap_coverage(shapely.coverage_simplify(geoms, tolerance), GRID_SIZE))
    units = units.copy()
    units["geometry"] = snapped[: len(units)]
    disputed = disputed.assign(geometry=snapped[len(units) :])
    return units, disputed


def _areas(
    units: gpd.GeoDataFrame, towns: pd.DataFrame, zones: Sequence[Zone], plane: EqualArea
) -> pd.DataFrame:
    """Carve the zones out of the units, split the rest of each unit among its towns,
    and put it all back on the grid, with names and sizes attached."""
    free, pieces = carve_zones(units, zones, plane) if zones else (units, None)
    towns = towns[towns["reach_km"].notna()]  # a zone with a polygon holds only that
    placed = place_towns(towns, free["unit_id"].to_numpy(), free.geometry.to_numpy())
    areas = partition_units(free, placed, plane)
    if pieces is not None:
        zone_areas = pd.DataFrame(
            {
                "area_id": pieces["unit_id"] + "-" + pieces["town_id"],
                "town_id": pieces["town_id"],
                "unit_id": pieces["unit_id"],
                "nearest": False,
                "geometry": pieces["geometry"],
            }
        )
        areas = pd.concat([areas, zone_areas]).sort_values("area_id", kind="stable")
        areas = areas.reset_index(drop=True)
    snapped = _kept(
        areas["area_id"].to_numpy(), snap_coverage(areas["geometry"].to_numpy(), GRID_SIZE)
    )
    areas["geometry"] = snapped
    by_id = units.set_index("unit_id")
    areas["unit_names"] = areas["unit_id"].map(lambda unit_id: _names(by_id.loc[unit_id], "name_"))
    areas["parent_id"] = areas["unit_id"].map(by_id["parent_id"])
    areas["area_km2"] = plane.area_km2(snapped)
    return areas


def _unit_layer(areas: pd.DataFrame, units: gpd.GeoDataFrame) -> pd.DataFrame:
    """Units dissolved back from their areas, so unit and area borders are the same lines."""
    merged = dissolve_coverage(areas["unit_id"].to_numpy(), areas["geometry"].to_numpy())
    by_id = units.set_index("unit_id")
    return pd.DataFrame(
        {
            "unit_id": merged["key"],
            "names": [_names(by_id.loc[key], "name_") for key in merged["key"]],
            "parent_id": merged["key"].map(by_id["parent_id"]),
            "geometry": merged["geometry"],
        }
    )


def _parent_layer(
    areas: pd.DataFrame, units: gpd.GeoDataFrame, disputed: pd.DataFrame
) -> pd.DataFrame:
    """Parent units dissolved from the areas (and disputed zones) so borders coincide."""
    keys = np.concatenate([areas["parent_id"].to_numpy(), disputed["parent_id"].to_numpy()])
    geoms = np.concatenate([areas["geometry"].to_numpy(), disputed["geometry"].to_numpy()])
    merged = dissolve_coverage(keys, geoms)
    # A parent may survive only as a disputed zone (Abyei): its names come from there.
    names = dict(zip(disputed["parent_id"], disputed["parent_names"], strict=True))
    names |= {
        parent_id: _names(row, "parent_name_")
        for parent_id, row in units.drop_duplicates("parent_id").set_index("parent_id").iterrows()
    }
    return pd.DataFrame(
        {
            "parent_id": merged["key"],
            "names": [names[key] for key in merged["key"]],
            "geometry": merged["geometry"],
        }
    )


def _zone_layer(areas: pd.DataFrame, zones: Sequence[Zone]) -> pd.DataFrame:
    """Each zone as built (its pieces in every unit it covers, merged), with its label
    and pattern."""
    zoned = areas[areas["town_id"].isin({zone.town_id for zone in zones})]
    merged = dissolve_coverage(zoned["town_id"].to_numpy(), zoned["geometry"].to_numpy())
    labels = {zone.town_id: dict(zone.labels) for zone in zones}
    patterns = {zone.town_id: zone.pattern for zone in zones}
    pieces = zoned.groupby("town_id")["area_id"].apply(list)
    return merged.rename(columns={"key": "town_id"}).assign(
        labels=merged["key"].map(labels),
        area_ids=merged["key"].map(pieces),
        pattern=merged["key"].map(patterns),
    )


def _names(row: pd.Series, prefix: str) -> dict[str, str]:
    """{"en": ..., "ar": ...} from the `name_<lang>` (or `parent_name_<lang>`) columns."""
    return {
        column.removeprefix(prefix): " ".join(value.split())
        for column, value in row.items()
        if isinstance(column, str)
        and column.startswith(prefix)
        and isinstance(value, str)
        and value.strip()
    }


def _write(layers: dict[str, pd.DataFrame], out_dir: Path) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in OPTIONAL_APP_FILES:
        if name not in layers and (out_dir / name).exists():
            (out_dir / name).unlink()
    sizes = {}
    for name, table in layers.items():
        _check_valid(name, table)
        collection = feature_collection(
            table, LAYERS[name][1], COORD_DECIMALS, OPTIONAL_PROPERTIES.get(name, ())
        )
        sizes[name] = write_geojson(out_dir / name, collection)
    return {
        "features": {name: len(table) for name, table in layers.items()},
        "bytes": sizes,
        "browser_bytes": sum(size for name, size in sizes.items() if name != UNITS),
    }


def _kept(ids: np.ndarray, geoms: np.ndarray) -> np.ndarray:
    """Fail clearly if snapping or simplifying made a polygon vanish."""
    lost = ids[shapely.is_empty(geoms)]
    if len(lost):
        raise GeoBuildError(f"lost when put on the grid: {', '.join(map(str, lost))}")
    return geoms


def _check_valid(name: str, table: pd.DataFrame) -> None:
    """Never write a layer the app would reject: every geometry must be valid."""
    reasons = shapely.is_valid_reason(table["geometry"].to_numpy())
    broken = [
        f"feature {i}: {reason}" for i, reason in enumerate(reasons) if reason != "Valid Geometry"
    ]
    if broken:
        raise GeoBuildError(f"{name}: invalid geometry built:\n" + "\n".join(broken))
