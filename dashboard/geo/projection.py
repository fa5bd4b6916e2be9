"""The equal-area projection used for areas in km² and for nearest-town distances.

Lon/lat degrees are not equal in length at Syria's latitude (a degree of longitude is
about 20 % shorter than one of latitude), so both measurements are made in a Lambert
azimuthal equal-area projection centred on Syria, where distortion is negligible.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer

EQUAL_AREA_CRS = "+proj=laea +lat_0=35 +lon_0=38.5 +datum=WGS84 +units=m +no_defs"

_TO_PLANE = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)
_TO_LONLAT = Transformer.from_crs(EQUAL_AREA_CRS, "EPSG:4326", always_xy=True)


def _apply(transformer: Transformer, geoms: np.ndarray) -> np.ndarray:
    def move(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return shapely.transform(geoms, move)


def to_plane(geoms: np.ndarray) -> np.ndarray:
    """Project lon/lat geometries into the equal-area plane (metres)."""
    return _apply(_TO_PLANE, geoms)


def to_lonlat(geoms: np.ndarray) -> np.ndarray:
    """Project equal-area plane geometries back to lon/lat WGS 84."""
    return _apply(_TO_LONLAT, geoms)


def area_km2(geoms: np.ndarray) -> np.ndarray:
    """True surface area of lon/lat geometries in km², rounded to 2 decimals."""
    return np.round(shapely.area(to_plane(geoms)) / 1e6, 2)
