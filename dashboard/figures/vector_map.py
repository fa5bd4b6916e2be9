"""The control map for exports: vector paths on a Web-Mercator plane.

The app draws with MapLibre (WebGL); a picture of that costs Chromium 2-3 s per image
and ends up as a raster inside an SVG or PDF. Exports draw the same map as Plotly
shapes on plain axes instead, in Web-Mercator "world units" (the world is
`TILE_PIXELS` wide, as at zoom 0), so the axes of a panel show exactly what a MapLibre
map of the same `MapView` shows; a render takes a fraction of a second and SVG and PDF
stay vector. Colours, widths, the hatch and the labels are the reader's: both paint from
`dashboard.style`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from dashboard.geo.frontiers import FrontierTable
from dashboard.geo.view import TILE_PIXELS, MapView, mercator_y
from dashboard.style import (
    AREA_OPACITY,
    CHANGED_COLOUR,
    CHANGED_WIDTH,
    DISPUTED_COLOUR,
    FRONTLINE_COLOUR,
    FRONTLINE_WIDTH,
    HATCH,
    HATCHED_CERTAINTY,
    PARENT_COLOUR,
    PARENT_WIDTH,
    TOWN_FILL,
    TOWN_STROKE,
    town_radius,
)
from dashboard.timeline import Timeline

_mercator = np.vectorize(mercator_y, otypes=[float])


def world_x(lon: np.ndarray | float) -> np.ndarray:
    """Longitude in world units (0 at 180° W, `TILE_PIXELS` at 180° E)."""
    return (np.asarray(lon, dtype=float) + 180) / 360 * TILE_PIXELS


def world_y(lat: np.ndarray | float) -> np.ndarray:
    """Latitude in world units, downwards from the top of the Web-Mercator square."""
    return _mercator(np.asarray(lat, dtype=float)) * TILE_PIXELS


@dataclass(frozen=True)
class GeometryRefs:
    """A pack's geometry as exports draw it: the polygons inline, and the frontier
    edges the frontline is drawn from."""

    areas: dict
    parents: dict
    frontiers: FrontierTable
    disputed: dict | None = None


@dataclass(frozen=True)
class Panel:
    """One map on the page: what it shows (`view`, sized to the panel in CSS pixels)
    and the axes it is drawn on ("" for the first, "2", "3"... for the others)."""

    view: MapView
    axes: str = ""

    @property
    def pixels_per_unit(self) -> float:
        return 2.0**self.view.zoom

    @cached_property
    def centre(self) -> tuple[float, float]:
        return float(world_x(self.view.lon)), float(world_y(self.view.lat))

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        """Where a place falls in the panel, in pixels from its top-left corner."""
        x0, y0 = self.corner
        return (
            (float(world_x(lon)) - x0) * self.pixels_per_unit,
            (float(world_y(lat)) - y0) * self.pixels_per_unit,
        )

    @property
    def corner(self) -> tuple[float, float]:
        """The panel's top-left corner in world units."""
        x, y = self.centre
        return (
            x - self.view.width / 2 / self.pixels_per_unit,
            y - self.view.height / 2 / self.pixels_per_unit,
        )

    def to_world(self, px: float, py: float) -> tuple[float, float]:
        """A pixel of the panel (from its top-left corner) in world units."""
        x0, y0 = self.corner
        return x0 + px / self.pixels_per_unit, y0 + py / self.pixels_per_unit

    @property
    def xref(self) -> str:
        return f"x{self.axes}"

    @property
    def yref(self) -> str:
        return f"y{self.axes}"

    def axes_layout(self, domain_x: tuple[float, float], domain_y: tuple[float, float]) -> dict:
        """Layout entries of the panel's two axes: the view's ground, nothing drawn."""
        x0, y0 = self.corner
        x1, y1 = self.to_world(self.view.width, self.view.height)
        hidden = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
        return {
            f"xaxis{self.axes}": {**hidden, "range": [x0, x1], "domain": list(domain_x)},
            f"yaxis{self.axes}": {**hidden, "range": [y1, y0], "domain": list(domain_y)},
        }


class ProjectedLayers:
    """A pack's geometry as SVG path pieces in world units, made once per pack."""

    def __init__(self, geometry: GeometryRefs):
        self.areas = [_geometry_path(f["geometry"]) for f in geometry.areas["features"]]
        self.rings = [_geometry_rings(f["geometry"]) for f in geometry.areas["features"]]
        self.parents = _collection_path(geometry.parents)
        self.disputed = _collection_path(geometry.disputed) if geometry.disputed else ""
        self.frontiers = geometry.frontiers
        self.edges = [
            _line_path(lon, lat)
            for lon, lat in zip(self.frontiers.lon, self.frontiers.lat, strict=True)
        ]

    def frontline(self, area_codes: np.ndarray) -> str:
        return "".join(self.edges[edge] for edge in self.frontiers.active(area_codes))


_projected: dict[int, tuple[dict, ProjectedLayers]] = {}
CACHED_PACKS = 8


def projected(geometry: GeometryRefs) -> ProjectedLayers:
    """The projected geometry of a pack, kept for the few packs a process serves (keyed
    by its areas collection, which a loaded pack never replaces)."""
    entry = _projected.get(id(geometry.areas))
    if entry is None or entry[0] is not geometry.areas:
        if len(_projected) >= CACHED_PACKS:
            _projected.pop(next(iter(_projected)))
        entry = (geometry.areas, ProjectedLayers(geometry))
        _projected[id(geometry.areas)] = entry
    return entry[1]


def map_shapes(
    timeline: Timeline,
    day_index: int,
    geometry: ProjectedLayers,
    panel: Panel,
    outlined: np.ndarray,
    line_scale: float = 1.0,
) -> list[dict]:
    """The shapes of one panel, bottom to top: areas by holder (one shape per holder,
    outlined in its own colour, so no seam shows inside a side's land), disputed zones,
    parent-unit borders, the `outlined` areas (changes) and the frontline. The hatch
    over weakly known holders is a trace (`hatch_trace`): shapes take no pattern."""
    codes = timeline.area_codes[day_index]
    states = timeline.record.config.all_states
    base = {"type": "path", "xref": panel.xref, "yref": panel.yref, "layer": "below"}
    shapes = []
    for code in sorted(set(codes.tolist())):
        members = np.flatnonzero(codes == code)
        colour = _rgba(states[code].colour, AREA_OPACITY)
        shapes.append(
            {
                **base,
                "path": "".join(geometry.areas[i] for i in members),
                "fillcolor": colour,
                "line": {"color": colour, "width": 0.5 * line_scale},
            }
        )
    if geometry.disputed:
        shapes.append(
            {
                **base,
                "path": geometry.disputed,
                "fillcolor": _rgba(DISPUTED_COLOUR, 0.6),
                "line": {"width": 0},
            }
        )
    lines = [
        (geometry.parents, PARENT_COLOUR, PARENT_WIDTH),
        ("".join(geometry.areas[i] for i in outlined), CHANGED_COLOUR, CHANGED_WIDTH),
        (geometry.frontline(timeline.area_codes[day_index]), FRONTLINE_COLOUR, FRONTLINE_WIDTH),
    ]
    shapes += [
        {**base, "path": path, "line": {"color": colour, "width": width * line_scale}}
        for path, colour, width in lines
        if path
    ]
    return shapes


def hatch_trace(
    timeline: Timeline, day_index: int, geometry: ProjectedLayers, panel: Panel
) -> dict | None:
    """Stripes over the areas whose holder rests on a low-confidence or regional report
    or an inference, as the reader hatches them (None when there are none)."""
    certainty = timeline.area_certainty[day_index]
    hatched = np.flatnonzero(np.isin(certainty, HATCHED_CERTAINTY))
    if not len(hatched):
        return None
    xs: list[float | None] = []
    ys: list[float | None] = []
    for area in hatched.tolist():
        for ring_x, ring_y in geometry.rings[area]:
            xs += [*ring_x, None]
            ys += [*ring_y, None]
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "xaxis": panel.xref,
        "yaxis": panel.yref,
        "mode": "none",
        "fill": "toself",
        "fillcolor": "rgba(0,0,0,0)",
        "fillpattern": hatch_pattern(),
        "hoverinfo": "skip",
        "showlegend": False,
    }


def hatch_pattern() -> dict:
    """The hatch as Plotly draws it: the style's stripes over the fill underneath."""
    return {
        "shape": "/",
        "fgcolor": HATCH["colour"],
        "fgopacity": HATCH["opacity"],
        "size": HATCH["spacing"],
        "solidity": HATCH["width"] / HATCH["spacing"],
        "bgcolor": "rgba(0,0,0,0)",
    }


def towns_trace(timeline: Timeline, day_index: int, panel: Panel, dot_scale: float = 1.0) -> dict:
    """The tracked places as neutral dots (the area carries the holder's colour);
    facilities dark, settlements light."""
    towns = [timeline.record.towns[town_id] for town_id in timeline.town_ids]
    return {
        "type": "scatter",
        "x": world_x([town.lon for town in towns]).tolist(),
        "y": world_y([town.lat for town in towns]).tolist(),
        "xaxis": panel.xref,
        "yaxis": panel.yref,
        "mode": "markers",
        "marker": {
            "size": [2 * town_radius(town) * dot_scale for town in towns],
            "color": [TOWN_FILL if town.holds_area else TOWN_STROKE for town in towns],
            "line": {
                "color": [TOWN_STROKE if town.holds_area else TOWN_FILL for town in towns],
                "width": 1.0 * dot_scale,
            },
        },
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _collection_path(collection: dict) -> str:
    return "".join(_geometry_path(feature["geometry"]) for feature in collection["features"])


def _geometry_path(geometry: dict) -> str:
    """An SVG path of a (Multi)Polygon: one closed subpath per ring."""
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    return "".join(_ring_path(ring) for polygon in polygons for ring in polygon)


def _geometry_rings(geometry: dict) -> list[tuple[list[float], list[float]]]:
    """World x and y of each ring of a (Multi)Polygon."""
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    rings = []
    for polygon in polygons:
        for ring in polygon:
            coords = np.asarray(ring, dtype=float)
            rings.append((world_x(coords[:, 0]).tolist(), world_y(coords[:, 1]).tolist()))
    return rings


def _ring_path(ring: list) -> str:
    coords = np.asarray(ring, dtype=float)
    return _points(world_x(coords[:, 0]), world_y(coords[:, 1])) + "Z"


def _line_path(lon: tuple, lat: tuple) -> str:
    """An SVG path of an edge whose parts are separated by None (`FrontierTable`)."""
    xs = world_x([np.nan if v is None else v for v in lon])
    ys = world_y([np.nan if v is None else v for v in lat])
    gaps = np.flatnonzero(np.isnan(xs))
    parts = []
    for x, y in zip(np.split(xs, gaps), np.split(ys, gaps), strict=True):
        drawn = ~np.isnan(x)
        if drawn.any():
            parts.append(_points(x[drawn], y[drawn]))
    return "".join(parts)


def _points(xs: np.ndarray, ys: np.ndarray) -> str:
    # Five decimals of a world unit are a few hundredths of a pixel up to zoom 12.
    pairs = [f"{x:.5f},{y:.5f}" for x, y in zip(xs.tolist(), ys.tolist(), strict=True)]
    return "M" + "L".join(pairs)


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
