"""Callbacks: each turns an input into one timeline lookup and a figure or panel update.

A day change sends only the values that differ from the day the browser shows
(a change list that assets/frontline.js applies); the geometry is never sent again.
Work that needs no data from the server (playback, permalinks, the frontline)
runs in the browser.
"""

from __future__ import annotations

import logging

from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, dcc, no_update

from dashboard.export import MEDIA_TYPES, export_filename, render_map
from dashboard.figures.map_figure import MapView, day_changes
from dashboard.figures.territory_chart import day_marker
from dashboard.project import Project
from dashboard.web.layout import day_changes_list, day_heading
from dashboard.web.town_panel import town_panel

logger = logging.getLogger(__name__)


def register_callbacks(app: Dash, project: Project) -> None:
    """Wire the page to the project; callbacks only read the immutable project."""
    timeline = project.timeline
    last_day = len(timeline.dates) - 1

    def valid_day(value: object) -> int:
        """Slider values come from the browser: anything odd falls back to the last day."""
        return value if isinstance(value, int) and 0 <= value <= last_day else last_day

    @app.callback(
        Output("day-update", "data"),
        Output("territory-chart", "figure"),
        Output("date-heading", "children"),
        Output("day-changes", "children"),
        Input("date-slider", "value"),
        Input("resync", "data"),
        State("shown-day", "data"),
        prevent_initial_call=True,
    )
    def show_day(value: object, _resync: object, shown: object):
        """Send only what differs from the day the browser shows.

        The browser applies these values and redraws the frontline in one map
        update (`frontline.applyDay` in assets/frontline.js). If the map moved
        on meanwhile (overlapping requests while dragging), the browser asks
        again through `resync` and gets whole arrays.
        """
        day_index = valid_day(value)
        known = isinstance(shown, int) and 0 <= shown <= last_day and ctx.triggered_id != "resync"
        shown_index = shown if known else None
        changes = day_changes(timeline, day_index, shown_index)
        chart_patch = Patch()
        chart_patch["layout"]["shapes"][0] = day_marker(timeline, day_index)
        return (
            {
                "day": day_index,
                "from": shown_index,
                "set": [[list(path), new_value] for path, new_value in changes],
            },
            chart_patch,
            day_heading(project, day_index),
            day_changes_list(project, day_index),
        )

    @app.callback(
        Output("town-select", "value", allow_duplicate=True),
        Input("map", "clickData"),
        prevent_initial_call=True,
    )
    def select_clicked_town(click_data: dict | None):
        points = (click_data or {}).get("points") or []
        town_id = points[0].get("customdata") if points else None
        if isinstance(town_id, str) and town_id in project.record.towns:
            return town_id
        return no_update

    @app.callback(
        Output("town-panel", "children"),
        Input("town-select", "value"),
        Input("date-slider", "value"),
    )
    def show_town(town_id: str | None, value: object):
        if town_id is None and ctx.triggered_id == "date-slider":
            return no_update  # the hint shown without a town does not depend on the day
        return town_panel(timeline, town_id, valid_day(value))

    register_browser_callbacks(app)

    @app.callback(
        Output("export-download", "data"),
        Output("export-status", "children"),
        Input("export-button", "n_clicks"),
        State("date-slider", "value"),
        State("export-format", "value"),
        State("map-view", "data"),
        prevent_initial_call=True,
    )
    def export_map(_clicks: int, value: object, fmt: str, view: dict | None):
        day_index = valid_day(value)
        fmt = fmt if fmt in MEDIA_TYPES else "png"
        try:
            data = render_map(project, day_index, fmt, _view_from(view, project.home_view))
        except Exception as error:  # the renderer is an external browser: say what failed
            logger.exception("export failed")
            return no_update, f"Export failed: {error}"
        name = export_filename(project, day_index, fmt)
        return dcc.send_bytes(data, name, type=MEDIA_TYPES[fmt]), f"Downloaded {name}"


def register_browser_callbacks(app: Dash) -> None:
    """Callbacks that run in the browser (assets/frontline.js): no server round trip."""
    app.clientside_callback(
        ClientsideFunction("frontline", "applyDay"),
        Output("map", "figure"),
        Output("shown-day", "data"),
        Input("day-update", "data"),
        State("frontier-edges", "data"),
        State("map", "figure"),
        State("shown-day", "data"),
        State("resync", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("frontline", "playback"),
        Output("date-slider", "value", allow_duplicate=True),
        Output("playback-clock", "disabled"),
        Output("play-button", "children"),
        Input("play-button", "n_clicks"),
        Input("playback-clock", "n_intervals"),
        Input("step-back", "n_clicks"),
        Input("step-forward", "n_clicks"),
        State("date-slider", "value"),
        State("date-slider", "max"),
        State("playback-clock", "disabled"),
        State("playback-speed", "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("frontline", "rememberView"),
        Output("map-view", "data"),
        Input("map", "relayoutData"),
        State("map-view", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("frontline", "speedInterval"),
        Output("playback-clock", "interval"),
        Input("playback-speed", "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("frontline", "goToDate"),
        Output("date-slider", "value", allow_duplicate=True),
        Input("date-picker", "date"),
        State("period", "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("frontline", "permalink"),
        Output("url", "search"),
        Output("date-slider", "value"),
        Output("town-select", "value"),
        Input("url", "search"),
        Input("date-slider", "value"),
        Input("town-select", "value"),
        State("period", "data"),
    )


def _view_from(view: object, home: MapView) -> MapView:
    """The user's current map view from the browser; anything malformed means home."""
    if not isinstance(view, dict):
        return home
    try:
        candidate = MapView(
            lat=float(view.get("lat", home.lat)),
            lon=float(view.get("lon", home.lon)),
            zoom=float(view.get("zoom", home.zoom)),
            width=int(view.get("width", home.width)),
            height=int(view.get("height", home.height)),
        )
    except (TypeError, ValueError):
        return home
    sane = -90 < candidate.lat < 90 and 0 <= candidate.zoom <= 22 and candidate.width > 0
    return candidate if sane and candidate.height > 0 else home
