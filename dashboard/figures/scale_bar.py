"""A scale bar for a Web-Mercator panel: a round distance and its length in pixels.

Web-Mercator stretches distances by 1/cos(latitude), so one pixel at zoom z covers
EARTH_CIRCUMFERENCE * cos(lat) / (TILE_PIXELS * 2**z) metres. The bar is true at the
latitude of the panel's centre; over one country the error stays within a few percent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dashboard.geo.view import TILE_PIXELS
from dashboard.i18n import Translator

EARTH_CIRCUMFERENCE = 40_075_016.686  # metres at the equator (WGS 84, as Web-Mercator)
NICE_STEPS = (1, 2, 5)


@dataclass(frozen=True)
class ScaleBar:
    metres: float
    pixels: float

    @property
    def label(self) -> str:
        return self.label_in(None)

    def label_in(self, tr: Translator | None) -> str:
        """ "200 km" ("200 كم" in Arabic), or metres below a kilometre."""
        kilometres = self.metres >= 1000
        value = f"{self.metres / 1000:g}" if kilometres else f"{self.metres:g}"
        if tr is None:
            return f"{value} km" if kilometres else f"{value} m"
        return (
            tr("{distance} km", distance=value)
            if kilometres
            else tr("{distance} m", distance=value)
        )


def metres_per_pixel(lat: float, zoom: float) -> float:
    return EARTH_CIRCUMFERENCE * math.cos(math.radians(lat)) / (TILE_PIXELS * 2.0**zoom)


def scale_bar(lat: float, zoom: float, max_pixels: float) -> ScaleBar:
    """The longest round distance (1, 2 or 5 times a power of ten metres) whose bar
    fits in `max_pixels`."""
    per_pixel = metres_per_pixel(lat, zoom)
    most = per_pixel * max_pixels
    power = 10 ** math.floor(math.log10(most))
    metres = max(step * power for step in NICE_STEPS if step * power <= most)
    return ScaleBar(metres=metres, pixels=metres / per_pixel)
