"""Putting a polygon coverage on a precision grid so that neighbours still fit exactly.

Rounding each polygon on its own can leave slivers and overlaps: snap rounding may add
or move a vertex on one side of a shared border but not on the other. Instead, all borders
are noded together on the grid, cut into faces, and every face goes back to the input
polygon it overlaps most. Neighbours are then rebuilt from the very same edges.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely


def snap_coverage(polygons: np.ndarray, grid_size: float) -> np.ndarray:
    """Return the polygons rebuilt on a grid, in input order; a lost polygon comes back empty.

    The input must be a coverage (no overlaps); gaps in it stay gaps.
    """
    borders = shapely.union_all(shapely.boundary(polygons), grid_size=grid_size)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(borders)))
    owners = _owners(faces, polygons)
    rebuilt = np.empty(len(polygons), dtype=object)
    for index in range(len(polygons)):
        rebuilt[index] = shapely.coverage_union_all(faces[owners == index])
    return rebuilt


def _owners(faces: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Index of the polygon each face overlaps most (ties: lowest index), or -1 for none."""
    face_idx, poly_idx = shapely.STRtree(polygons).query(faces, predicate="intersects")
    overlap = shapely.area(shapely.intersection(faces[face_idx], polygons[poly_idx]))
    pairs = pd.DataFrame({"face": face_idx, "poly": poly_idx, "overlap": overlap})
    pairs = pairs[pairs["overlap"] > 0].sort_values(
        ["face", "overlap", "poly"], ascending=[True, False, True], kind="stable"
    )
    best = pairs.drop_duplicates("face")
    owners = np.full(len(faces), -1)
    owners[best["face"].to_numpy()] = best["poly"].to_numpy()
    return owners


def dissolve_coverage(keys: np.ndarray, polygons: np.ndarray) -> pd.DataFrame:
    """Merge a grid-snapped coverage by key (sorted), keeping borders exactly where they were.

    Coverage union only drops the edges shared inside a group and never moves a vertex, so
    a governorate border is the very same line as the district borders it is made from.
    """
    table = pd.DataFrame({"key": keys, "geometry": polygons})
    merged = [
        (key, shapely.coverage_union_all(group["geometry"].to_numpy()))
        for key, group in table.groupby("key", sort=True)
    ]
    return pd.DataFrame(merged, columns=["key", "geometry"])


def polygonal_part(geometry: shapely.Geometry) -> shapely.Geometry:
    """The polygons of an overlay's result, its stray lines and points dropped (an
    intersection of two areas that share a border also returns that border)."""
    parts = shapely.get_parts(geometry)
    polygons = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
    return shapely.union_all(polygons) if len(polygons) else shapely.Polygon()
