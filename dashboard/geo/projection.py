"""The equal-area plane used for areas in km² and for nearest-town distances.

Lon/lat degrees are not equal in length away from the equator (at 35° N a degree of
longitude is about 20 % shorter than one of latitude), so both measurements are made
in a Lambert azimuthal equal-area projection centred on the pack's own extent, where
distortion over one country is negligible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer

LONLAT_CRS = "EPSG:4326"


@dataclass(frozen=True)
class EqualArea:
    """A Lambert azimuthal equal-area plane centred on (lat_0, lon_0), in metres."""

    lat_0: float
    lon_0: float

    @classmethod
    def centred_on(cls, bounds: tuple[float, float, float, float]) -> EqualArea:
        """The plane centred on a lon/lat extent, rounded to half a degree so that a
        small change of the boundary file does not move every area's size."""
        west, south, east, north = bounds
        return cls(round(south + north) / 2, round(west + east) / 2)

    @property
    def crs(self) -> str:
        return f"+proj=laea +lat_0={self.lat_0} +lon_0={self.lon_0} +datum=WGS84 +units=m +no_defs"

    def to_plane(self, geoms: np.ndarray) -> np.ndarray:
        """Project lon/lat geometries into the plane."""
        return _apply(Transformer.from_crs(LONLAT_CRS, self.crs, always_xy=True), geoms)

    def to_lonlat(self, geoms: np.ndarray) -> np.ndarray:
        """Project plane geometries back to lon/lat WGS 84."""
        return _apply(Transformer.from_crs(self.crs, LONLAT_CRS, always_xy=True), geoms)

    def area_km2(self, geoms: np.ndarray) -> np.ndarray:
        """True surface area of lon/lat geometries in km², rounded to 2 decimals."""
        return np.round(shapely.area(self.to_plane(geoms)) / 1e6, 2)


def _apply(transformer: Transformer, geoms: np.ndarray) -> np.ndarray:
    def move(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return shapely.transform(geoms, move)
