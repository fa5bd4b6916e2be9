"""A scale bar for a Web-Mercator panel: a round distance and its length in pixels.

Web-Mercator stretches distances by 1/cos(latitude), so one pixel at zoom z covers
EARTH_CIRCUMFERENCE * cos(lat) / (TILE_PIXELS * 2**z) metres. The bar is true at the
latitude of the panel's centre; over one country the error stays within a few percent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dashboard.figures.vector_map import Panel
from dashboard.geo.view import TILE_PIXELS

EARTH_CIRCUMFERENCE = 40_075_016.686  # metres at the equator (WGS 84, as Web-Mercator)
NICE_STEPS = (1, 2, 5)
HALO = "#ffffff"
INK = "#222222"


@dataclass(frozen=True)
class ScaleBar:
    metres: float
    pixels: float

    @property
    def label(self) -> str:
        if self.metres >= 1000:
            return f"{self.metres / 1000:g} km"
        return f"{self.metres:g} m"


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


def scale_bar_layout(panel: Panel, font_size: float) -> tuple[list[dict], dict]:
    """The bar's shapes (a dark line with end ticks on a white halo) and its label,
    in the panel's bottom-left corner."""
    view = panel.view
    bar = scale_bar(view.lat, view.zoom, max_pixels=view.width / 5)
    inset = font_size * 1.2
    x0, y = panel.to_world(inset, view.height - inset)
    x1, _ = panel.to_world(inset + bar.pixels, view.height - inset)
    tick = font_size * 0.5 / panel.pixels_per_unit
    path = f"M{x0},{y - tick}L{x0},{y}L{x1},{y}L{x1},{y - tick}"
    base = {"type": "path", "path": path, "xref": panel.xref, "yref": panel.yref}
    shapes = [
        {**base, "line": {"color": HALO, "width": 5}},
        {**base, "line": {"color": INK, "width": 2}},
    ]
    label = {
        "text": bar.label,
        "x": x0,
        "y": y - tick,
        "xref": panel.xref,
        "yref": panel.yref,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": font_size, "color": INK},
        "bgcolor": "rgba(255,255,255,0.7)",
    }
    return shapes, label
