"""How far each place's hold reaches: the held part of each area and the land beyond.

Under the held-land convention, land farther from its place than the place's reach
(by kind of place, `[reach]` in conflict.toml) has no clear holder: a desert does not
follow the one town that happens to be nearest. A zone drawn with its own polygon holds
all of it. Distances are measured in the pack's equal-area plane, like the areas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from dashboard.geo.coverage import polygonal_part
from dashboard.geo.projection import EqualArea
from dashboard.pack.config import Reach

# Vertices per quarter circle of a reach: about 2 % short of the true circle's area at
# most, far below what the radius itself can claim.
QUAD_SEGMENTS = 16
# Land beyond reach smaller than this (km²) is rounding, not land: none is written.
LEAST_KM2 = 0.01


def reach_km(kind: str, reach: Reach) -> float:
    """The radius of a place of `kind` (a settlement kind: city, town, village, zone)."""
    return float(getattr(reach, kind))


def reach_circles(areas: pd.DataFrame, towns: pd.DataFrame, plane: EqualArea) -> np.ndarray:
    """Per area, the land within its town's reach as a lon/lat polygon, or None where
    the whole area is within reach (a zone with its own polygon).

    `towns` has town_id, lon, lat and reach_km (NaN for a zone with a polygon).
    """
    by_id = towns.set_index("town_id")
    radius = areas["town_id"].map(by_id["reach_km"]).to_numpy(float)
    points = shapely.points(
        areas["town_id"].map(by_id["lon"]).to_numpy(float),
        areas["town_id"].map(by_id["lat"]).to_numpy(float),
    )
    bounded = ~np.isnan(radius)
    circles = np.full(len(areas), None, dtype=object)
    plane_points = plane.to_plane(points[bounded])
    discs = shapely.buffer(plane_points, radius[bounded] * 1000, quad_segs=QUAD_SEGMENTS)
    circles[bounded] = plane.to_lonlat(discs)
    return circles


def beyond_reach(
    areas: pd.DataFrame, circles: np.ndarray, plane: EqualArea, grid_size: float
) -> tuple[np.ndarray, pd.DataFrame]:
    """Each area's km² within reach, and the land beyond it: area_id, km2, geometry
    (on the grid, one row per area that has any).

    An area's held and beyond km² add up to its `area_km2` exactly.
    """
    geoms = areas["geometry"].to_numpy()
    bounded = np.array([circle is not None for circle in circles])
    beyond = np.full(len(areas), shapely.Polygon(), dtype=object)
    outside = shapely.difference(geoms[bounded], np.array(list(circles[bounded]), dtype=object))
    beyond[bounded] = shapely.set_precision([polygonal_part(g) for g in outside], grid_size)
    km2 = np.where(shapely.is_empty(beyond), 0.0, plane.area_km2(beyond))
    kept = km2 >= LEAST_KM2
    km2 = np.where(kept, km2, 0.0)
    held = np.round(areas["area_km2"].to_numpy(float) - km2, 2)
    table = pd.DataFrame(
        {"area_id": areas["area_id"].to_numpy()[kept], "km2": km2[kept], "geometry": beyond[kept]}
    )
    return held, table.reset_index(drop=True)
