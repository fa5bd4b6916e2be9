"""Where a map looks: a centre, a zoom and the pixel size it was seen at, in MapLibre's
Web-Mercator terms, so an export shows the ground the reader's map showed."""

from __future__ import annotations

import math
from dataclasses import dataclass

TILE_PIXELS = 512  # MapLibre's world is 512 px wide at zoom 0


@dataclass(frozen=True)
class MapView:
    """Where the map looks: centre, zoom, and the pixel size it was seen at.

    The size lets an export of another size show the same ground.
    """

    lat: float
    lon: float
    zoom: float
    width: int = 900
    height: int = 640

    @classmethod
    def fitting(cls, bounds: tuple[float, float, float, float], width: int, height: int) -> MapView:
        """The view that shows `bounds` (lon/lat min, max) whole in a width x height map."""
        west, south, east, north = bounds
        x_span = (east - west) / 360
        y_span = abs(mercator_y(north) - mercator_y(south))
        zoom = math.log2(min(width / x_span, height / y_span) / TILE_PIXELS)
        centre_y = (mercator_y(north) + mercator_y(south)) / 2
        return cls(
            lat=latitude(centre_y),
            lon=(west + east) / 2,
            zoom=round(zoom - 0.15, 2),
            width=width,
            height=height,
        )

    def resized(self, width: int, height: int) -> MapView:
        """The same ground seen in a map of another size."""
        zoom = self.zoom + math.log2(min(width / self.width, height / self.height))
        return MapView(self.lat, self.lon, round(zoom, 2), width, height)


def mercator_y(lat: float) -> float:
    """Web-Mercator y of a latitude, 0 (north edge) to 1 (south edge), as MapLibre's."""
    radians = math.radians(lat)
    return (1 - math.log(math.tan(radians) + 1 / math.cos(radians)) / math.pi) / 2


def latitude(mercator_y: float) -> float:
    """The latitude of a Web-Mercator y (the inverse of `mercator_y`)."""
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * mercator_y))))
