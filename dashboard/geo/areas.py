"""Dividing each district among the tracked towns inside it (nearest-town cells).

Control is recorded per town, but the map colours surfaces; giving every point of a
district to its nearest tracked town is the simplest rule that needs no other data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from dashboard.geo.projection import to_lonlat, to_plane


def partition_districts(
    pcodes: np.ndarray, districts: np.ndarray, placed_towns: pd.DataFrame
) -> pd.DataFrame:
    """Return one row per town: area_id, town_id, adm2_pcode and the area's geometry.

    `placed_towns` comes from `place_towns`; the areas of a district cover it exactly, up
    to floating-point noise that the caller removes by snapping to the grid.
    """
    frames = []
    for pcode, district in zip(pcodes, districts, strict=True):
        towns = placed_towns[placed_towns["adm2_pcode"] == pcode]
        frames.append(
            pd.DataFrame(
                {
                    "area_id": [f"{pcode}-{town_id}" for town_id in towns["town_id"]],
                    "town_id": towns["town_id"].to_numpy(),
                    "adm2_pcode": pcode,
                    "geometry": _nearest_town_cells(district, towns),
                }
            )
        )
    return pd.concat(frames).sort_values("area_id", kind="stable").reset_index(drop=True)


def _nearest_town_cells(district: shapely.Geometry, towns: pd.DataFrame) -> np.ndarray:
    """Voronoi cells of the towns, made in the equal-area plane, clipped to the district."""
    if len(towns) == 1:
        return np.array([district], dtype=object)
    points = shapely.points(towns["lon"].to_numpy(float), towns["lat"].to_numpy(float))
    plane_points = to_plane(points)
    # Extend the diagram well past the district so the cells cover all of it.
    frame = shapely.buffer(shapely.envelope(to_plane(np.array([district]))[0]), 10_000)
    cells = shapely.voronoi_polygons(
        shapely.multipoints(plane_points), extend_to=frame, ordered=True
    )
    return shapely.intersection(to_lonlat(shapely.get_parts(cells)), district)
