"""The control map: areas coloured by holder, changes outlined, towns on top.

The app draws the map with MapLibre layers of its own (assets/map_layers.js),
recoloured in place on every day; the Plotly figure made here gives it the map, the
parent borders and the view, and keeps these traces hidden as the fallback when
Plotly's map internals are not reachable. Exports draw vectors (vector_map.py) with the
same colours, the view maths and the labels defined here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from dashboard.figures.palette import code_range, discrete_colourscale
from dashboard.figures.text import plain
from dashboard.geo.frontiers import FrontierTable
from dashboard.pack.config import State
from dashboard.records import Town
from dashboard.timeline import Timeline

AREAS, CHANGED, FRONTLINE, TOWNS = range(4)
TOWN_DARKEN = 0.45
TRANSPARENT = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
CHANGED_COLOUR = "#d6006f"
FRONTLINE_COLOUR = "#111111"
CHANGED_LABEL = "Magenta outline: changed hands since the previous day"
FRONTLINE_LABEL = "Frontline: border between areas held by different sides"
# Area fill opacity by certainty (timeline.CERTAINTY): a holder that rests on a
# low-confidence report or an inference is drawn lighter than a reported one.
AREA_OPACITY = (0.85, 0.55, 0.3)
UNCERTAIN_LABEL = "Lighter fill: holder rests on a low-confidence report or is inferred"
DISPUTED_COLOUR = "#e4ddd0"
DISPUTED_LABEL = "Disputed zone (not assigned to any side; see the credits)"


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


@dataclass(frozen=True)
class GeometryRefs:
    """The map's geometry: polygons inline (exports) or as URLs the browser fetches
    once (app), and the frontier edges the frontline is drawn from."""

    areas: dict | str
    parents: dict | str
    frontiers: FrontierTable
    disputed: dict | str | None = None
    frontier_edges: dict | str | None = None  # for the app's frontline layer


def format_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def map_figure(
    timeline: Timeline,
    day_index: int,
    geometry: GeometryRefs,
    view: MapView,
    hidden: bool = False,
) -> go.Figure:
    """The map on one day; trace order is fixed (AREAS, CHANGED, FRONTLINE, TOWNS).

    `hidden` (the app) keeps the four traces hidden until the browser needs them, with an
    empty trace so Plotly still makes the map.
    """
    figure = go.Figure()
    figure.add_trace(_areas_trace(timeline, day_index, geometry.areas))
    figure.add_trace(_changed_trace(timeline, day_index, geometry.areas))
    figure.add_trace(_frontline_trace(geometry.frontiers, timeline.area_codes[day_index]))
    figure.add_trace(_towns_trace(timeline, day_index))
    if hidden:
        figure.update_traces(visible=False)
        figure.add_trace(go.Scattermap(lat=[], lon=[], hoverinfo="skip", showlegend=False))
    figure.update_layout(
        map={
            "style": "white-bg",
            "center": {"lat": view.lat, "lon": view.lon},
            "zoom": view.zoom,
            "layers": _background_layers(geometry),
        },
        uirevision="keep-view",
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="#ffffff",
    )
    return figure


def _background_layers(geometry: GeometryRefs) -> list[dict]:
    """Parent-unit borders, and disputed zones hatched in grey under them."""
    layers = []
    if geometry.disputed is not None:
        layers.append(
            {
                "source": geometry.disputed,
                "type": "fill",
                "color": DISPUTED_COLOUR,
                "opacity": 0.6,
                "below": "",
            }
        )
    layers.append(
        {
            "source": geometry.parents,
            "type": "line",
            "color": "#444444",
            "line": {"width": 1.2},
            "below": "",
        }
    )
    return layers


def states_in_period(timeline: Timeline) -> list[State]:
    """States held somewhere at some point: the legend stays the same on every day."""
    used = set(np.unique(timeline.town_codes).tolist())
    states = timeline.record.config.all_states
    return [state for code, state in enumerate(states) if code in used]


def _areas_trace(timeline: Timeline, day_index: int, geojson: dict | str) -> go.Choroplethmap:
    codes = timeline.area_codes[day_index]
    return go.Choroplethmap(
        geojson=geojson,
        featureidkey="properties.area_id",
        locations=list(timeline.areas.area_ids),
        z=codes.tolist(),
        text=_area_texts(timeline, codes, np.arange(len(codes))),
        customdata=list(timeline.areas.town_ids),
        hovertemplate="%{text}<extra></extra>",
        colorscale=discrete_colourscale(timeline.record.config),
        showscale=False,
        marker={
            "line": {"width": 0.6, "color": "#ffffff"},
            "opacity": _opacities(timeline.area_certainty[day_index]),
        },
        showlegend=False,
        **code_range(timeline.record.config, "z"),
    )


def _changed_trace(timeline: Timeline, day_index: int, geojson: dict | str) -> go.Choroplethmap:
    changed = timeline.changed_areas(day_index)
    return go.Choroplethmap(
        geojson=geojson,
        featureidkey="properties.area_id",
        locations=[timeline.areas.area_ids[i] for i in changed],
        z=[0] * len(changed),
        colorscale=TRANSPARENT,
        showscale=False,
        marker={"line": {"width": 3, "color": CHANGED_COLOUR}},
        hoverinfo="skip",
        showlegend=False,
    )


def _frontline_trace(frontiers: FrontierTable, area_codes: np.ndarray) -> go.Scattermap:
    lon, lat = frontiers.lines(area_codes)
    return go.Scattermap(
        lon=lon,
        lat=lat,
        mode="lines",
        line={"width": 2.2, "color": FRONTLINE_COLOUR},
        hoverinfo="skip",
        showlegend=False,
    )


def _towns_trace(timeline: Timeline, day_index: int) -> go.Scattermap:
    towns = [timeline.record.towns[town_id] for town_id in timeline.town_ids]
    codes = timeline.town_codes[day_index]
    return go.Scattermap(
        lat=[town.lat for town in towns],
        lon=[town.lon for town in towns],
        mode="markers",
        marker={
            "size": [2 * town_radius(town) for town in towns],
            "color": codes.tolist(),
            "colorscale": discrete_colourscale(timeline.record.config, darken=TOWN_DARKEN),
            **code_range(timeline.record.config, "c"),
        },
        text=_town_texts(timeline, codes, np.arange(len(codes))),
        customdata=list(timeline.town_ids),
        hovertemplate="%{text}<extra></extra>",
        showlegend=False,
        name="Towns",
    )


def town_radius(town: Town) -> float:
    """Dot radius in pixels: cities stand out."""
    return 5 if town.kind == "city" else 3.5


def _opacities(certainty: np.ndarray) -> list[float]:
    return [AREA_OPACITY[level] for level in certainty.tolist()]


def _area_texts(timeline: Timeline, codes: np.ndarray, indices: np.ndarray) -> list[str]:
    """Hover texts of the areas at `indices` (all of them for a new figure)."""
    towns = timeline.record.towns
    areas = timeline.areas
    config = timeline.record.config
    unit = config.text(config.boundaries.unit)
    return [
        _label(
            timeline,
            f"{towns[areas.town_ids[i]].name} area, {areas.unit_names[i]} {unit}",
            codes[i],
        )
        for i in indices
    ]


def _town_texts(timeline: Timeline, codes: np.ndarray, indices: np.ndarray) -> list[str]:
    towns = timeline.record.towns
    return [_label(timeline, towns[timeline.town_ids[i]].name, codes[i]) for i in indices]


def _label(timeline: Timeline, place: str, code: int) -> str:
    """Hover text; data is escaped because Plotly renders some HTML in hover labels."""
    label = timeline.record.config.label(timeline.state_ids[code])
    return f"{plain(place)}: {plain(label)}"
