"""Frontlines: the borders between neighbouring areas held by different sides.

The candidate borders (frontier edges) are built once by `geo.build`; on each
day the frontline is the subset whose two areas differ, so finding it is one
comparison per edge, cheap enough to run in the browser as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class FrontierTable:
    """Each frontier edge as the indices of its two areas and its line coordinates.

    `lon[i]`/`lat[i]` hold every part of edge i with `None` between parts, the
    form Plotly line traces take. `draws[code]` says whether a state's borders are
    frontlines at all (the pack's `frontline` flag).
    """

    area_a: np.ndarray
    area_b: np.ndarray
    lon: tuple[tuple[float | None, ...], ...]
    lat: tuple[tuple[float | None, ...], ...]
    draws: np.ndarray

    @classmethod
    def from_geojson(
        cls, edges: dict[str, Any], area_ids: tuple[str, ...], draws: np.ndarray
    ) -> FrontierTable:
        index = {area_id: i for i, area_id in enumerate(area_ids)}
        a, b, lons, lats = [], [], [], []
        for feature in edges["features"]:
            a.append(index[feature["properties"]["area_a"]])
            b.append(index[feature["properties"]["area_b"]])
            lon, lat = _line_coordinates(feature["geometry"])
            lons.append(lon)
            lats.append(lat)
        return cls(np.array(a, dtype=int), np.array(b, dtype=int), tuple(lons), tuple(lats), draws)

    def active(self, area_codes: np.ndarray) -> np.ndarray:
        """Indices of edges whose two areas have different holders that both draw fronts."""
        a, b = area_codes[self.area_a], area_codes[self.area_b]
        return np.flatnonzero((a != b) & self.draws[a] & self.draws[b])

    def lines(self, area_codes: np.ndarray) -> tuple[list[float | None], list[float | None]]:
        """Coordinates of the frontline for one day, as one trace's lon and lat lists."""
        lon: list[float | None] = []
        lat: list[float | None] = []
        for edge in self.active(area_codes):
            lon += [*self.lon[edge], None]
            lat += [*self.lat[edge], None]
        return lon, lat


def _line_coordinates(geometry: dict[str, Any]) -> tuple[tuple, tuple]:
    parts = geometry["coordinates"]
    if geometry["type"] == "LineString":
        parts = [parts]
    lon: list[float | None] = []
    lat: list[float | None] = []
    for number, part in enumerate(parts):
        if number:
            lon.append(None)
            lat.append(None)
        lon += [point[0] for point in part]
        lat += [point[1] for point in part]
    return tuple(lon), tuple(lat)
