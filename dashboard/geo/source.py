"""Reading the pack's boundary file, from which every map layer is derived.

Only the lowest level is read: the parent units and the outline are dissolved from it,
so every level shares exactly the same edges. Which columns hold the ids and names is
the pack's setting (`[boundaries]` in `conflict.toml`).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely

from dashboard.geo.errors import GeoBuildError
from dashboard.geo.projection import LONLAT_CRS
from dashboard.pack.config import Boundaries
from dashboard.problems import Problem


def source_columns(boundaries: Boundaries) -> dict[str, str]:
    """Source column -> the builder's column: `unit_id`, `parent_id`, `name_<lang>`,
    `parent_name_<lang>`; the `[boundaries]` key that names each, for error messages."""
    columns = {
        boundaries.id_column: "unit_id",
        boundaries.parent_id_column: "parent_id",
    }
    columns |= {column: f"name_{code}" for code, column in boundaries.name_columns.items()}
    columns |= {
        column: f"parent_name_{code}" for code, column in boundaries.parent_name_columns.items()
    }
    return columns


def read_units(source_dir: Path, boundaries: Boundaries) -> gpd.GeoDataFrame:
    """The boundary units in lon/lat WGS 84, sorted by id for deterministic output."""
    path = Path(source_dir) / boundaries.file
    if not path.is_file():
        raise GeoBuildError(f"{path}: boundary file not found (conflict.toml [boundaries] file)")
    try:
        units = gpd.read_file(path)
    except Exception as error:  # pyogrio raises several types for unreadable files
        raise GeoBuildError(f"{path}: cannot read boundaries: {error}") from None
    columns = source_columns(boundaries)
    missing = [column for column in columns if column not in units.columns]
    if missing:
        raise GeoBuildError(
            f"{path}: column(s) {', '.join(missing)} named in conflict.toml [boundaries] "
            f"are not in the file; it has {', '.join(c for c in units.columns if c != 'geometry')}"
        )
    units = units[[*columns, "geometry"]].rename(columns=columns)
    units = (units.set_crs(LONLAT_CRS) if units.crs is None else units).to_crs(LONLAT_CRS)
    _check_units(path, units, boundaries.id_column)
    return units.sort_values("unit_id", kind="stable").reset_index(drop=True)


def _check_units(path: Path, units: gpd.GeoDataFrame, id_column: str) -> None:
    """Refuse what would give a silently wrong map: no id, a repeated id, a broken shape.

    Each problem is a line `path: feature N: column: message`, N counting from 0 as in
    the file, like the problems of the built layers (`load_layers`).
    """
    problems = []
    ids = units["unit_id"].astype("string")
    for index in units.index[ids.isna() | (ids.str.strip() == "")]:
        problems.append(f"{path}: feature {index}: {id_column}: empty id")
    for unit_id in sorted(set(ids[ids.duplicated()].dropna())):
        for index in units.index[ids == unit_id][1:]:
            problems.append(
                f"{path}: feature {index}: {id_column}: id {unit_id} is used by more than one "
                "feature"
            )
    for index, geom in enumerate(units.geometry.to_numpy()):
        problem = _shape_problem(geom)
        if problem:
            problems.append(f"{path}: feature {index}: geometry: {problem} (unit {ids[index]})")
    if problems:
        raise GeoBuildError(f"{path}: boundaries cannot be used:\n" + "\n".join(problems))


def _shape_problem(geom: shapely.Geometry | None) -> str | None:
    """Why a boundary unit's shape cannot be divided among towns, or None."""
    if geom is None or shapely.is_empty(geom):
        return "empty geometry"
    if shapely.get_type_id(geom) not in (3, 6):
        return f"{geom.geom_type}, not a polygon"
    if not shapely.is_valid(geom):
        return f"invalid geometry ({shapely.is_valid_reason(geom)})"
    return None


def source_problems(source_dir: Path, boundaries: Boundaries, config_file: Path) -> list[Problem]:
    """Problems `build-geo` would meet, found cheaply from the file's header only."""
    import pyogrio

    path = Path(source_dir) / boundaries.file
    key = f"{config_file} [boundaries]"
    if not path.is_file():
        return [Problem(str(path), 0, "file", f"boundary file named in {key} not found")]
    try:
        fields = {str(field) for field in pyogrio.read_info(path)["fields"]}
    except Exception as error:  # pyogrio raises several types for unreadable files
        return [Problem(str(path), 0, "", f"cannot read boundaries: {error}")]
    return [
        Problem(str(path), 0, column, f"column named in {key} is not in the file")
        for column in source_columns(boundaries)
        if column not in fields
    ]
