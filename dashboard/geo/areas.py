"""Dividing each boundary unit among the tracked towns inside it (nearest-town cells).

Control is recorded per town, but the map colours surfaces; giving every point of a
unit to its nearest tracked town is the simplest rule that needs no other data. A unit
with no tracked town follows the nearest town of its parent unit (or, if the parent
has none, the nearest town anywhere), and the area says so (`nearest`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from dashboard.geo.coverage import polygonal_part
from dashboard.geo.projection import EqualArea


def partition_units(
    units: pd.DataFrame, placed_towns: pd.DataFrame, plane: EqualArea
) -> pd.DataFrame:
    """One row per area: area_id, town_id, unit_id, nearest and the area's geometry.

    `units` has unit_id, parent_id and geometry (lon/lat); `placed_towns` comes from
    `place_towns`. The areas of a unit cover it exactly, up to floating-point noise
    that the caller removes by snapping to the grid.
    """
    frames = []
    by_unit = dict(tuple(placed_towns.groupby("unit_id", sort=False)))
    for unit in units.itertuples():
        towns = by_unit.get(unit.unit_id, placed_towns.iloc[:0])
        nearest = towns.empty
        if nearest:
            towns = _nearest_town(unit, units, placed_towns, plane)
        frames.append(
            pd.DataFrame(
                {
                    "area_id": [f"{unit.unit_id}-{town_id}" for town_id in towns["town_id"]],
                    "town_id": towns["town_id"].to_numpy(),
                    "unit_id": unit.unit_id,
                    "nearest": nearest,
                    "geometry": _nearest_town_cells(unit.geometry, towns, plane),
                }
            )
        )
    return pd.concat(frames).sort_values("area_id", kind="stable").reset_index(drop=True)


def _nearest_town(
    unit: tuple, units: pd.DataFrame, towns: pd.DataFrame, plane: EqualArea
) -> pd.DataFrame:
    """The town nearest to a point inside `unit`, among its parent's towns if any."""
    siblings = units.loc[units["parent_id"] == unit.parent_id, "unit_id"]
    candidates = towns[towns["unit_id"].isin(siblings)]
    candidates = candidates if len(candidates) else towns
    inside = plane.to_plane(np.array([shapely.point_on_surface(unit.geometry)]))[0]
    points = plane.to_plane(
        shapely.points(candidates["lon"].to_numpy(float), candidates["lat"].to_numpy(float))
    )
    distances = shapely.distance(points, inside)
    return candidates.iloc[[int(np.argmin(distances))]]


def _nearest_town_cells(
    unit: shapely.Geometry, towns: pd.DataFrame, plane: EqualArea
) -> np.ndarray:
    """Voronoi cells of the towns, made in the equal-area plane, clipped to the unit.

    A unit a zone was carved out of may come in several parts; a cell that only touches
    one of them keeps its polygons, not the shared line or point."""
    if len(towns) == 1:
        return np.array([unit], dtype=object)
    points = shapely.points(towns["lon"].to_numpy(float), towns["lat"].to_numpy(float))
    plane_points = plane.to_plane(points)
    # Extend the diagram well past the unit so the cells cover all of it.
    frame = shapely.buffer(shapely.envelope(plane.to_plane(np.array([unit]))[0]), 10_000)
    cells = shapely.voronoi_polygons(
        shapely.multipoints(plane_points), extend_to=frame, ordered=True
    )
    clipped = shapely.intersection(plane.to_lonlat(shapely.get_parts(cells)), unit)
    return np.array([polygonal_part(cell) for cell in clipped], dtype=object)
