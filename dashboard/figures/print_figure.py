"""The map dressed for a report: title with the date, legend and attribution in the image."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.credits import credit_lines
from dashboard.figures.map_figure import GeometryRefs, MapView, format_day, map_figure
from dashboard.figures.text import plain
from dashboard.timeline import Timeline

PRINT_WIDTH = 1400
PRINT_HEIGHT = 1100
PRINT_MARGIN = {"l": 10, "r": 10, "t": 60, "b": 70}
PRINT_MAP_SIZE = (
    PRINT_WIDTH - PRINT_MARGIN["l"] - PRINT_MARGIN["r"],
    PRINT_HEIGHT - PRINT_MARGIN["t"] - PRINT_MARGIN["b"],
)


def print_figure(
    timeline: Timeline,
    day_index: int,
    geometry: GeometryRefs,
    view: MapView,
) -> go.Figure:
    """Same map as the app, with everything a reader needs when the image stands alone.

    `view` is the user's (or the home) view; it is rescaled to the print size so
    the image shows the same ground as the screen did.
    """
    config = timeline.record.config
    figure = map_figure(timeline, day_index, geometry, view.resized(*PRINT_MAP_SIZE), legend=True)
    day = format_day(timeline.dates[day_index])
    figure.update_layout(
        title={
            "text": plain(f"{config.title}: territorial control at the end of {day}"),
            "x": 0.02,
            "xanchor": "left",
            "font": {"size": 24},
        },
        margin=PRINT_MARGIN,
        width=PRINT_WIDTH,
        height=PRINT_HEIGHT,
        legend={"font": {"size": 14}},
        annotations=[
            {
                "text": "<br>".join(plain(line) for line in credit_lines(config)),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.01,
                "xanchor": "left",
                "yanchor": "top",
                "align": "left",
                "showarrow": False,
                "font": {"size": 11, "color": "#333333"},
            }
        ],
    )
    return figure
