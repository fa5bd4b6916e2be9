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
import shapely
from shapely.geometry import shape

from dashboard.geo.frontiers import FrontierTable
from dashboard.geo.schema import LAKES, LAND, RIVERS, ROADS
from dashboard.geo.view import TILE_PIXELS, MapView, mercator_y
from dashboard.style import (
    AREA_OPACITY,
    CHANGED_COLOUR,
    CHANGED_WIDTH,
    CONTESTED_STATE,
    COUNTRY_COLOUR,
    COUNTRY_WIDTH,
    DISPUTED_COLOUR,
    FRONTLINE_COLOUR,
    FRONTLINE_WIDTH,
    HATCH,
    HATCHED_CERTAINTY,
    LAND_COLOUR,
    OCCUPIED,
    PARENT_COLOUR,
    PARENT_WIDTH,
    RIVER_WIDTH,
    ROAD_COLOUR,
    ROAD_WIDTH,
    SEA_COLOUR,
    STRIPES,
    TOWN_FILL,
    TOWN_STROKE,
    WATER_LINE_COLOUR,
    town_radius,
    town_symbol,
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
    basemap: dict | None = None  # file name -> collection (`geo.layers.load_basemap`)
    zones: dict | None = None  # the zones as built (`zones.geojson`): labels, patterns


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
        # The areas of zones drawn as occupied on every day (zones.geojson `pattern`).
        index = {f["properties"]["area_id"]: i for i, f in enumerate(geometry.areas["features"])}
        self.occupied = [
            index[area]
            for zone in (geometry.zones or {}).get("features", [])
            if zone["properties"].get("pattern") == "occupied"
            for area in zone["properties"]["area_ids"]
        ]
        self.frontiers = geometry.frontiers
        self.edges = [
            _line_path(lon, lat)
            for lon, lat in zip(self.frontiers.lon, self.frontiers.lat, strict=True)
        ]
        # The country in world units: where a legend inside the frame would cover land.
        self.footprint = shapely.transform(
            shapely.union_all([shape(f["geometry"]) for f in geometry.parents["features"]]),
            _to_world,
        )
        self.country = "".join(
            _points(*np.asarray(ring.coords).T) + "Z"
            for polygon in getattr(self.footprint, "geoms", [self.footprint])
            for ring in (polygon.exterior,)
        )
        basemap = geometry.basemap or {}
        self.land = _collection_path(basemap[LAND]) if LAND in basemap else ""
        self.lakes = _collection_path(basemap[LAKES]) if LAKES in basemap else ""
        self.rivers = _ranked_lines(basemap.get(RIVERS))
        self.roads = _ranked_lines(basemap.get(ROADS))

    def frontline(self, area_codes: np.ndarray) -> str:
        return "".join(self.edges[edge] for edge in self.frontiers.active(area_codes))


_projected: dict[tuple[int, int], tuple[GeometryRefs, ProjectedLayers]] = {}
CACHED_PACKS = 8


def projected(geometry: GeometryRefs) -> ProjectedLayers:
    """The projected geometry of a pack, kept for the few packs a process serves (keyed
    by its areas and basemap collections, which a loaded pack never replaces)."""
    key = (id(geometry.areas), id(geometry.basemap))
    entry = _projected.get(key)
    if (
        entry is None
        or entry[0].areas is not geometry.areas
        or (entry[0].basemap is not geometry.basemap)
    ):
        if len(_projected) >= CACHED_PACKS:
            _projected.pop(next(iter(_projected)))
        entry = (geometry, ProjectedLayers(geometry))
        _projected[key] = entry
    return entry[1]


def basemap_shapes(geometry: ProjectedLayers, panel: Panel) -> list[dict]:
    """The ground under the areas: the sea over the whole panel and the land of the
    neighbours on it, then lakes (nothing when the pack has no basemap)."""
    if not geometry.land:
        return []
    base = {"xref": panel.xref, "yref": panel.yref, "layer": "below", "line": {"width": 0}}
    x0, y0 = panel.corner
    x1, y1 = panel.to_world(panel.view.width, panel.view.height)
    shapes = [
        {**base, "type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1, "fillcolor": SEA_COLOUR},
        {**base, "type": "path", "path": geometry.land, "fillcolor": LAND_COLOUR},
    ]
    if geometry.lakes:
        shapes.append({**base, "type": "path", "path": geometry.lakes, "fillcolor": SEA_COLOUR})
    return shapes


def last_holders(timeline: Timeline, day_index: int) -> np.ndarray:
    """Each area's holder code on the day, where a contested area gets the side that held
    it last before (its own code where none did): the colour under its stripes."""
    config = timeline.record.config
    codes = timeline.town_codes[: day_index + 1]
    if CONTESTED_STATE not in config.state_ids:
        return timeline.area_codes[day_index]
    contested = config.state_ids.index(CONTESTED_STATE)
    town_codes = codes[-1].copy()
    for town in np.flatnonzero(town_codes == contested).tolist():
        held = np.flatnonzero(codes[:, town] != contested)
        if len(held):
            town_codes[town] = codes[held[-1], town]
    area_town = np.array(
        [timeline.town_ids.index(town_id) for town_id in timeline.areas.town_ids], dtype=int
    )
    return town_codes[area_town]


def map_shapes(
    timeline: Timeline,
    day_index: int,
    geometry: ProjectedLayers,
    panel: Panel,
    outlined: np.ndarray,
    line_scale: float = 1.0,
    outline_gains: bool = False,
) -> list[dict]:
    """The shapes of one panel, bottom to top: areas by holder (one shape per holder,
    outlined in its own colour, so no seam shows inside a side's land; contested land in
    the colour of its last holder, striped by `pattern_traces`), disputed zones, rivers,
    roads, parent-unit and country borders, the `outlined` areas and the frontline.

    `outline_gains`: outline each area in a dark shade of the side that gained it (a
    comparison's "after" map) instead of the style's change colour."""
    codes = last_holders(timeline, day_index)
    states = timeline.record.config.all_states
    base = {"type": "path", "xref": panel.xref, "yref": panel.yref, "layer": "below"}
    shapes = basemap_shapes(geometry, panel)
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
        *((path, WATER_LINE_COLOUR, RIVER_WIDTH.get(rank, 0.6)) for path, rank in geometry.rivers),
        *((path, ROAD_COLOUR, ROAD_WIDTH.get(rank, 0.5)) for path, rank in geometry.roads),
        (geometry.parents, PARENT_COLOUR, PARENT_WIDTH),
    ]
    if geometry.land:  # the country stands out from its neighbours
        lines.append((geometry.country, COUNTRY_COLOUR, COUNTRY_WIDTH))
    if outline_gains:
        after = timeline.area_codes[day_index]
        for code in sorted(set(after[outlined].tolist())):
            members = outlined[after[outlined] == code]
            path = "".join(geometry.areas[i] for i in members)
            lines.append((path, _darker(states[code].colour), CHANGED_WIDTH))
    else:
        lines.append(("".join(geometry.areas[i] for i in outlined), CHANGED_COLOUR, CHANGED_WIDTH))
    lines.append(
        (geometry.frontline(timeline.area_codes[day_index]), FRONTLINE_COLOUR, FRONTLINE_WIDTH)
    )
    shapes += [
        {**base, "path": path, "line": {"color": colour, "width": width * line_scale}}
        for path, colour, width in lines
        if path
    ]
    return shapes


def gain_colour(hex_colour: str) -> str:
    """The shade a comparison outlines an area in: its new holder's colour, darker."""
    return _darker(hex_colour)


def pattern_traces(
    timeline: Timeline, day_index: int, geometry: ProjectedLayers, panel: Panel, scale: float = 1
) -> list[dict]:
    """The patterns over the fills: the hatch over areas whose holder rests on a
    low-confidence or regional report or an inference, as the reader hatches them, the
    stripes of contested land and the lines of an occupied zone. Traces, since shapes
    take no pattern."""
    config = timeline.record.config
    codes = timeline.area_codes[day_index]
    contested = np.zeros(len(codes), dtype=bool)
    if CONTESTED_STATE in config.state_ids:
        contested = codes == config.state_ids.index(CONTESTED_STATE)
    hatched = np.isin(timeline.area_certainty[day_index], HATCHED_CERTAINTY) & ~contested
    traces = []
    for areas, pattern in (
        (np.flatnonzero(hatched), hatch_pattern(scale)),
        (
            np.flatnonzero(contested),
            stripes_pattern(config.state(CONTESTED_STATE).colour, scale)
            if contested.any()
            else None,
        ),
        (np.array(geometry.occupied, dtype=int), occupied_pattern(scale)),
    ):
        if not len(areas):
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for area in areas.tolist():
            for ring_x, ring_y in geometry.rings[area]:
                xs += [*ring_x, None]
                ys += [*ring_y, None]
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "xaxis": panel.xref,
                "yaxis": panel.yref,
                "mode": "none",
                "fill": "toself",
                "fillcolor": "rgba(0,0,0,0)",
                "fillpattern": pattern,
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    return traces


def hatch_pattern(scale: float = 1) -> dict:
    """The hatch as Plotly draws it: the style's stripes over the fill underneath."""
    return _line_pattern("/", HATCH, scale)


def occupied_pattern(scale: float = 1) -> dict:
    """The level lines of a zone held under an occupation older than the record."""
    return _line_pattern("-", OCCUPIED, scale)


def _line_pattern(shape: str, style: dict, scale: float) -> dict:
    """Plotly's fill pattern of one of the style's line patterns (colour, opacity, width
    and spacing), over the fill underneath."""
    return {
        "shape": shape,
        "fgcolor": style["colour"],
        "fgopacity": style["opacity"],
        "size": style["spacing"] * scale,
        "solidity": style["width"] / style["spacing"],
        "bgcolor": "rgba(0,0,0,0)",
    }


def stripes_pattern(colour: str, scale: float = 1) -> dict:
    """Contested land's stripes: the contested colour, across the hatch's direction."""
    return _line_pattern("\\", {**STRIPES, "colour": colour}, scale)


def dotted_towns(timeline: Timeline) -> list:
    """The places drawn as a marker: every tracked place but zones (an area with no
    town of its own has no point to mark)."""
    towns = [timeline.record.towns[town_id] for town_id in timeline.town_ids]
    return [town for town in towns if town.kind != "zone"]


def towns_trace(timeline: Timeline, panel: Panel, dot_scale: float = 1.0) -> dict:
    """The tracked places as neutral markers (the area carries the holder's colour):
    settlements light dots, facilities dark symbols of their kind, the capital a star."""
    towns = dotted_towns(timeline)
    light = [town.holds_area for town in towns]
    return {
        "type": "scatter",
        "x": world_x([town.lon for town in towns]).tolist(),
        "y": world_y([town.lat for town in towns]).tolist(),
        "xaxis": panel.xref,
        "yaxis": panel.yref,
        "mode": "markers",
        "marker": {
            "size": [2 * town_radius(town) * dot_scale for town in towns],
            "symbol": [town_symbol(town) for town in towns],
            "color": [TOWN_FILL if fill else TOWN_STROKE for fill in light],
            "line": {
                "color": [TOWN_STROKE if fill else TOWN_FILL for fill in light],
                "width": 1.0 * dot_scale,
            },
        },
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _collection_path(collection: dict) -> str:
    return "".join(_geometry_path(feature["geometry"]) for feature in collection["features"])


def _ranked_lines(collection: dict | None) -> list[tuple[str, int]]:
    """(path, rank) of each line of a basemap layer, least important first (drawn under)."""
    if not collection:
        return []
    lines = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        parts = (
            [geometry["coordinates"]]
            if geometry["type"] == "LineString"
            else geometry["coordinates"]
        )
        path = "".join(_open_path(part) for part in parts)
        lines.append((path, int(feature["properties"].get("rank") or 3)))
    return sorted(lines, key=lambda line: -line[1])


def _open_path(part: list) -> str:
    coords = np.asarray(part, dtype=float)
    return _points(world_x(coords[:, 0]), world_y(coords[:, 1]))


def _to_world(coords: np.ndarray) -> np.ndarray:
    return np.column_stack([world_x(coords[:, 0]), world_y(coords[:, 1])])


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


def _darker(hex_colour: str, factor: float = 0.55) -> str:
    red, green, blue = (round(int(hex_colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return f"#{red:02x}{green:02x}{blue:02x}"


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
