"""The naive peer: the map as a Dash developer would write it first.

One Dash page (a heading, a `dcc.Slider`, the map and a territory chart as
`dcc.Graph`s) and one callback that, on every slider step, builds the whole Plotly
figure again on the server (a `choroplethmap` with every polygon inline, the changed
areas, the frontline and the towns) and sends it, with the chart and the heading. It
reads the same pack through the project's `Timeline` and layers and paints with the
colours of `dashboard.style`, so it shows the same map; it knows nothing of the reader.
Dash's defaults otherwise: the full plotly.js that `dcc.Graph` loads, responses
compressed (flask-compress), no assets of ours.

Usage: python benchmarks/naive_app.py --data-dir PACK --port N
"""

from __future__ import annotations

import argparse
from pathlib import Path

import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

from dashboard import style
from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project

AREAS = 0  # trace index of the areas in the map figure (the benchmark reads its `z`)


def heading(project: Project, day: int) -> str:
    """The heading the page shows for a day (the benchmark waits for it)."""
    date = project.timeline.dates[day]
    return f"End of {date.day} {date:%B %Y}"


def colourscale(project: Project) -> list[list]:
    """State code -> the state's colour, as steps of a Plotly colour scale over
    [-0.5, n - 0.5]."""
    colours = [state.colour for state in project.config.all_states]
    n = len(colours)
    scale = []
    for code, colour in enumerate(colours):
        scale += [[code / n, colour], [(code + 1) / n, colour]]
    return scale


def map_figure(project: Project, day: int) -> go.Figure:
    """The whole map of one day, geometry inline."""
    timeline, layers, config = project.timeline, project.layers, project.config
    codes = timeline.area_codes[day]
    names = {state.id: config.label(state.id) for state in config.all_states}
    towns = [timeline.record.towns[town_id] for town_id in timeline.town_ids]
    town_codes = timeline.town_codes[day]
    changed = timeline.changed_areas(day)
    front_lon, front_lat = project.frontiers.lines(codes)
    view = project.home_view
    n = len(config.all_states)
    figure = go.Figure(
        [
            go.Choroplethmap(
                geojson=layers.areas,
                featureidkey="properties.area_id",
                locations=list(timeline.areas.area_ids),
                z=codes.tolist(),
                zmin=-0.5,
                zmax=n - 0.5,
                colorscale=colourscale(project),
                showscale=False,
                marker={"opacity": style.AREA_OPACITY, "line": {"width": 0}},
                text=[names[timeline.state_ids[c]] for c in codes],
                hovertemplate="%{text}<extra></extra>",
            ),
            go.Choroplethmap(
                geojson=layers.areas,
                featureidkey="properties.area_id",
                locations=[timeline.areas.area_ids[i] for i in changed],
                z=[0] * len(changed),
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker={"line": {"width": style.CHANGED_WIDTH, "color": style.CHANGED_COLOUR}},
                hoverinfo="skip",
            ),
            go.Scattermap(
                lon=front_lon,
                lat=front_lat,
                mode="lines",
                line={"width": style.FRONTLINE_WIDTH, "color": style.FRONTLINE_COLOUR},
                hoverinfo="skip",
            ),
            go.Scattermap(
                lon=[town.lon for town in towns],
                lat=[town.lat for town in towns],
                mode="markers",
                marker={"size": [2 * style.town_radius(town) for town in towns], "color": "#222"},
                text=[
                    f"{town.name}: {names[timeline.state_ids[c]]}"
                    for town, c in zip(towns, town_codes, strict=True)
                ],
                hovertemplate="%{text}<extra></extra>",
            ),
        ]
    )
    figure.update_layout(
        map={
            "style": "white-bg",
            "center": {"lat": view.lat, "lon": view.lon},
            "zoom": view.zoom,
            "layers": [
                {
                    "source": layers.parents,
                    "type": "line",
                    "color": style.PARENT_COLOUR,
                    "line": {"width": style.PARENT_WIDTH},
                }
            ],
        },
        showlegend=False,
        uirevision="map",
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=640,
    )
    return figure


def territory_figure(project: Project, day: int) -> go.Figure:
    """km² held by each side on the day, as bars."""
    config = project.config
    held = project.timeline.territory(day)
    states = [state for state in config.all_states if state.id in held]
    figure = go.Figure(
        go.Bar(
            x=[held[state.id] for state in states],
            y=[config.label(state.id) for state in states],
            orientation="h",
            marker={"color": [state.colour for state in states]},
        )
    )
    figure.update_layout(height=260, margin={"l": 160, "r": 10, "t": 10, "b": 30})
    return figure


def create_naive_app(project: Project) -> Dash:
    timeline = project.timeline
    last = len(timeline.dates) - 1
    every = max(1, last // 10)
    app = Dash(__name__, title="Frontline Map (naive)", compress=True, update_title=None)
    app.layout = html.Div(
        [
            html.H1(project.config.title_in()),
            html.H2(id="date-heading"),
            dcc.Slider(
                id="date-slider",
                min=0,
                max=last,
                step=1,
                value=last,
                marks={day: timeline.dates[day].isoformat() for day in range(0, last + 1, every)},
            ),
            dcc.Graph(id="map", config={"scrollZoom": True}),
            dcc.Graph(id="territory"),
        ]
    )

    @app.callback(
        Output("map", "figure"),
        Output("territory", "figure"),
        Output("date-heading", "children"),
        Input("date-slider", "value"),
    )
    def show_day(value: object) -> tuple[go.Figure, go.Figure, str]:
        day = value if isinstance(value, int) and 0 <= value <= last else last
        return map_figure(project, day), territory_figure(project, day), heading(project, day)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the naive whole-figure peer.")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    app = create_naive_app(load_project(find_pack(str(args.data_dir))))
    app.run(host="127.0.0.1", port=args.port, debug=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
