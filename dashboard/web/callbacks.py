"""Callbacks: each turns an input into one timeline lookup and a figure or panel update.

A day change sends only the values that differ from the day the browser shows
(a change list that assets/frontline.js applies); the geometry is never sent again.
Work that needs no data from the server (playback, permalinks, the frontline)
runs in the browser.
"""

from __future__ import annotations

import logging

from dash import (
    ClientsideFunction,
    Dash,
    Input,
    Output,
    Patch,
    State,
    ctx,
    dcc,
    html,
    no_update,
)
from flask import Response

from dashboard.export import MEDIA_TYPES, export_filename, render_map
from dashboard.figures.map_figure import MapView, day_changes
from dashboard.figures.territory_chart import day_marker, territory_chart
from dashboard.project import Project
from dashboard.records import RecordError
from dashboard.web.layout import (
    day_changes_list,
    day_heading,
    map_legend,
    period_data,
    record_status,
    slider_marks,
)
from dashboard.web.town_panel import town_panel
from dashboard.web.user_record import (
    UploadRefused,
    UserProjects,
    given_file,
    problem_lines,
    stored,
    template_csv,
)

logger = logging.getLogger(__name__)


def register_callbacks(app: Dash, project: Project) -> None:
    """Wire the page to the project; callbacks only read immutable projects.

    A user's own events file travels with each request that needs it (`user-events`),
    so every callback answers from the page's state alone, on any worker.
    """
    projects = UserProjects(project)

    def valid_day(chosen: Project, value: object) -> int:
        """Slider values come from the browser: anything odd falls back to the last day."""
        last_day = len(chosen.timeline.dates) - 1
        return value if isinstance(value, int) and 0 <= value <= last_day else last_day

    @app.callback(
        Output("day-update", "data"),
        Output("territory-chart", "figure"),
        Output("date-heading", "children"),
        Output("day-changes", "children"),
        Input("date-slider", "value"),
        Input("resync", "data"),
        Input("user-events", "data"),
        State("shown-day", "data"),
        prevent_initial_call=True,
    )
    def show_day(value: object, _resync: object, user: object, shown: object):
        """Send only what differs from the day the browser shows.

        The browser applies these values and redraws the frontline in one map
        update (`frontline.applyDay` in assets/frontline.js). If the map moved
        on meanwhile (overlapping requests while dragging), the browser asks
        again through `resync` and gets whole arrays; so it does when the record
        itself changed (a file given or dropped).
        """
        record, chosen = projects.keyed(user)
        timeline = chosen.timeline
        day_index = valid_day(chosen, value)
        shown_index = _shown_day(shown, record, len(timeline.dates))
        if ctx.triggered_id == "resync":
            shown_index = None
        changes = day_changes(timeline, day_index, shown_index)
        if ctx.triggered_id == "user-events":
            chart = territory_chart(timeline, day_index)
        else:
            chart = Patch()
            chart["layout"]["shapes"][0] = day_marker(timeline, day_index)
        return (
            {
                "day": day_index,
                "shows": shown_token(record, day_index),
                "from": None if shown_index is None else shown,
                "set": [[list(path), new_value] for path, new_value in changes],
            },
            chart,
            day_heading(chosen, day_index),
            day_changes_list(chosen, day_index),
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
        Input("user-events", "data"),
    )
    def show_town(town_id: str | None, value: object, user: object):
        if town_id is None and ctx.triggered_id == "date-slider":
            return no_update  # the hint shown without a town does not depend on the day
        chosen = projects.for_page(user)
        return town_panel(chosen.timeline, town_id, valid_day(chosen, value))

    register_upload_callbacks(app, projects)
    register_browser_callbacks(app)

    @app.callback(
        Output("export-download", "data"),
        Output("export-status", "children"),
        Input("export-button", "n_clicks"),
        State("date-slider", "value"),
        State("export-format", "value"),
        State("map-view", "data"),
        State("user-events", "data"),
        prevent_initial_call=True,
    )
    def export_map(_clicks: int, value: object, fmt: str, view: dict | None, user: object):
        chosen = projects.for_page(user)
        day_index = valid_day(chosen, value)
        fmt = fmt if fmt in MEDIA_TYPES else "png"
        try:
            data = render_map(chosen, day_index, fmt, _view_from(view, chosen.home_view))
        except Exception as error:  # the renderer is an external browser: say what failed
            logger.exception("export failed")
            return no_update, f"Export failed: {error}"
        name = export_filename(chosen, day_index, fmt)
        return dcc.send_bytes(data, name, type=MEDIA_TYPES[fmt]), f"Downloaded {name}"


def register_upload_callbacks(app: Dash, projects: UserProjects) -> None:
    """A file given in the page replaces the record for that tab only, once it passes
    every check; a file with problems lists them and changes nothing."""

    @app.callback(
        Output("user-events", "data"),
        Output("upload-status", "children"),
        Output("upload-problems", "children"),
        Input("events-upload", "contents"),
        Input("use-bundled", "n_clicks"),
        State("events-upload", "filename"),
        prevent_initial_call=True,
    )
    def receive_file(contents: str | None, _bundled: int, filename: object):
        if ctx.triggered_id == "use-bundled":
            return None, "Showing the bundled record.", []
        try:
            given = given_file(contents or "", filename)
            built = projects.check(given)
        except UploadRefused as error:
            return no_update, f"Not used: {error}. The map is unchanged.", []
        except RecordError as error:
            lines = problem_lines(error.problems)
            status = (
                f"{given.name} was not used: {len(lines)} problem(s) to fix. The map is unchanged."
            )
            return no_update, status, [html.Li(line) for line in lines]
        return stored(given), record_status(built, given.name), []

    @app.callback(
        Output("date-slider", "max"),
        Output("date-slider", "marks"),
        Output("date-slider", "value", allow_duplicate=True),
        Output("period", "data"),
        Output("map-legend", "children"),
        Output("date-picker", "min_date_allowed"),
        Output("date-picker", "max_date_allowed"),
        Output("record-banner", "children"),
        Input("user-events", "data"),
        State("date-slider", "value"),
        prevent_initial_call=True,
    )
    def reshape_period(user: object, value: object):
        """The record's period, legend and banner follow the record being shown; the
        chosen day stays unless the new period ends before it."""
        chosen = projects.for_page(user)
        dates = chosen.timeline.dates
        name = user.get("name") if isinstance(user, dict) else None
        keep = isinstance(value, int) and 0 <= value < len(dates)
        return (
            len(dates) - 1,
            slider_marks(chosen),
            no_update if keep else len(dates) - 1,
            period_data(chosen),
            map_legend(chosen).children,
            dates[0],
            dates[-1],
            f"Showing your file {name} (this tab only)."
            if chosen is not projects.project and name
            else "",
        )

    template = f"{app.config.routes_pathname_prefix}template.csv"

    @app.server.route(template, endpoint=template)
    def events_template() -> Response:
        response = Response(template_csv(projects.project), mimetype="text/csv")
        response.headers["Content-Disposition"] = "attachment; filename=events-template.csv"
        return response


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


def shown_token(record: str, day_index: int) -> str:
    """What the map shows: which record (empty for the pack's own) and which day.

    The server diffs a step against it, so a change list is never applied to a map
    drawn from another record or another day.
    """
    return f"{record}:{day_index}"


def _shown_day(shown: object, record: str, days: int) -> int | None:
    """The day the map shows, if it shows this record; None means send everything."""
    if not isinstance(shown, str):
        return None
    shown_record, _, day = shown.rpartition(":")
    if shown_record != record or not day.isdigit() or int(day) >= days:
        return None
    return int(day)


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
