"""Building every map layer from the district boundaries and the towns table.

Run offline (`frontline build-geo`) whenever towns are added; the app only loads the
result. All layers come from one grid-snapped coverage of town areas, so districts,
governorates, the country outline and the frontier edges agree to the last vertex.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from dashboard.geo.areas import partition_districts
from dashboard.geo.coverage import dissolve_coverage, snap_coverage
from dashboard.geo.edges import frontier_edges
from dashboard.geo.errors import GeoBuildError
from dashboard.geo.geojson_io import feature_collection, write_geojson
from dashboard.geo.projection import area_km2
from dashboard.geo.schema import BROWSER_FILES, LAYERS
from dashboard.geo.source import read_districts
from dashboard.geo.towns import place_towns

# Precision grid in degrees (about 11 m); written coordinates have 4 decimals to match.
GRID_SIZE = 1e-4
COORD_DECIMALS = 4
# Coverage simplification tolerance in degrees (about 400 m): keeps the browser payload
# small while borders still look right at country and governorate zoom.
SIMPLIFY_TOLERANCE = 0.004


def build_geo(source_dir: Path, towns: pd.DataFrame, out_dir: Path) -> dict[str, Any]:
    """Write the five GeoJSON layers to `out_dir` and return a summary of what was written.

    `towns` needs town_id, name_en, lat, lon. The summary holds feature counts and file
    sizes in bytes (plus the browser payload) so callers can print and check them.
    Raises GeoBuildError if a town is outside every district or a district has no town.
    """
    districts = read_districts(source_dir)
    areas = _areas(districts, towns)
    layers = {
        "districts.geojson": _dissolved(areas, districts, "adm2_pcode", "name"),
        "governorates.geojson": _dissolved(areas, districts, "adm1_pcode", "adm1_name"),
        "country.geojson": _dissolved(areas, districts, "adm0_pcode", "adm0_name"),
        "areas.geojson": areas,
        "frontier_edges.geojson": frontier_edges(
            areas["area_id"].to_numpy(), areas["geometry"].to_numpy()
        ),
    }
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, table in layers.items():
        _check_valid(name, table)
        collection = feature_collection(table, LAYERS[name][1], COORD_DECIMALS)
        sizes[name] = write_geojson(out_dir / name, collection)
    return {
        "features": {name: len(table) for name, table in layers.items()},
        "bytes": sizes,
        "browser_bytes": sum(sizes[name] for name in BROWSER_FILES),
    }


def _areas(districts: pd.DataFrame, towns: pd.DataFrame) -> pd.DataFrame:
    """Simplify the districts as a coverage, then split each among its towns, on the grid."""
    pcodes = districts["adm2_pcode"].to_numpy()
    simplified = shapely.coverage_simplify(districts.geometry.to_numpy(), SIMPLIFY_TOLERANCE)
    simplified = _kept(pcodes, snap_coverage(simplified, GRID_SIZE), "district")
    areas = partition_districts(pcodes, simplified, place_towns(towns, pcodes, simplified))
    snapped = snap_coverage(areas["geometry"].to_numpy(), GRID_SIZE)
    areas["geometry"] = _kept(areas["area_id"].to_numpy(), snapped, "area")
    names = districts.set_index("adm2_pcode")
    areas["district_en"] = areas["adm2_pcode"].map(names["name_en"])
    areas["district_ar"] = areas["adm2_pcode"].map(names["name_ar"])
    areas["adm1_pcode"] = areas["adm2_pcode"].map(names["adm1_pcode"])
    areas["governorate_en"] = areas["adm2_pcode"].map(names["adm1_name_en"])
    areas["adm0_pcode"] = areas["adm2_pcode"].map(names["adm0_pcode"])
    areas["area_km2"] = area_km2(snapped)
    return areas


def _dissolved(areas: pd.DataFrame, districts: pd.DataFrame, key: str, name: str) -> pd.DataFrame:
    """Merge areas by an admin p-code column and attach that level's English/Arabic names."""
    merged = dissolve_coverage(areas[key].to_numpy(), areas["geometry"].to_numpy())
    names = districts.drop_duplicates(key).set_index(key)
    layer = pd.DataFrame(
        {
            key: merged["key"],
            "name_en": merged["key"].map(names[f"{name}_en"]),
            "name_ar": merged["key"].map(names[f"{name}_ar"]),
            "geometry": merged["geometry"],
        }
    )
    if key == "adm2_pcode":
        layer.insert(3, "adm1_pcode", merged["key"].map(names["adm1_pcode"]))
    return layer


def _kept(ids: np.ndarray, geoms: np.ndarray, what: str) -> np.ndarray:
    """Fail clearly if snapping or simplifying made a polygon vanish."""
    lost = ids[shapely.is_empty(geoms)]
    if len(lost):
        raise GeoBuildError(f"{what}s lost when put on the grid: {', '.join(map(str, lost))}")
    return geoms


def _check_valid(name: str, table: pd.DataFrame) -> None:
    """Never write a layer the app would reject: every geometry must be valid."""
    reasons = shapely.is_valid_reason(table["geometry"].to_numpy())
    broken = [
        f"feature {i}: {reason}" for i, reason in enumerate(reasons) if reason != "Valid Geometry"
    ]
    if broken:
        raise GeoBuildError(f"{name}: invalid geometry built:\n" + "\n".join(broken))
