"""Borders shared by pairs of areas, precomputed so the app can draw frontlines quickly.

At run time a frontline is just the set of these edges whose two areas have different
holders, so the app never has to run polygon operations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely


def frontier_edges(area_ids: np.ndarray, areas: np.ndarray) -> pd.DataFrame:
    """Return area_a, area_b (area_a < area_b) and the shared border of each adjacent pair.

    `areas` must be a coverage on a precision grid, so shared borders are identical on both
    sides. Pairs that touch only at a point are left out. The international border is
    never shared by two areas, so it never appears.
    """
    left, right = shapely.STRtree(areas).query(areas, predicate="intersects")
    keep = area_ids[left] < area_ids[right]
    left, right = left[keep], right[keep]
    shared = shapely.intersection(shapely.boundary(areas[left]), shapely.boundary(areas[right]))
    lines = np.array([_linear_part(geom) for geom in shared], dtype=object)
    edges = pd.DataFrame({"area_a": area_ids[left], "area_b": area_ids[right], "geometry": lines})
    edges = edges[~shapely.is_empty(edges["geometry"].to_numpy())]
    return edges.sort_values(["area_a", "area_b"], kind="stable").reset_index(drop=True)


def clip_edges(edges: pd.DataFrame, circles: dict[str, shapely.Geometry | None]) -> pd.DataFrame:
    """Keep of each edge only what lies within reach of both its areas' places
    (`circles`: area id -> land within its place's reach, None for all of it), so no
    frontline is drawn across land that neither side's place reaches."""
    lines = edges["geometry"].to_numpy().copy()
    for column in ("area_a", "area_b"):
        reach = np.array([circles[area_id] for area_id in edges[column]], dtype=object)
        bounded = np.array([circle is not None for circle in reach], dtype=bool)
        lines[bounded] = shapely.intersection(lines[bounded], np.array(list(reach[bounded])))
    clipped = edges.assign(geometry=[_linear_part(line) for line in lines])
    return clipped[shapely.length(clipped["geometry"].to_numpy()) > 0].reset_index(drop=True)


def _linear_part(geom: shapely.Geometry) -> shapely.Geometry:
    """The lines of an intersection (dropping corner points), merged into as few as possible."""
    parts = shapely.get_parts(shapely.get_parts(geom))  # a collection may hold multi-lines
    lines = parts[shapely.get_type_id(parts) == shapely.GeometryType.LINESTRING]
    if len(lines) == 0:
        return shapely.LineString()
    return shapely.line_merge(shapely.multilinestrings(lines))
