"""Callbacks: each turns an input into one timeline lookup and a figure or panel update.

A slider step asks the server nothing: the page holds the step tables and the browser
shows the day (assets/step.js). The server answers when a town is chosen, a file is
given, or a map is exported.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update
from flask import Response

from dashboard.figures.territory_chart import territory_chart
from dashboard.i18n import Translator, pack_translator
from dashboard.project import Project
from dashboard.records import RecordError
from dashboard.web.export_panel import register_export_callbacks
from dashboard.web.layout import map_legend, record_status, slider_marks
from dashboard.web.step_tables import step_tables
from dashboard.web.town_panel import town_history, town_panel
from dashboard.web.user_record import (
    UploadRefused,
    UserProjects,
    given_file,
    problem_lines,
    stored,
    template_csv,
)


def register_callbacks(app: Dash, project: Project, urls: dict[str, str | None]) -> None:
    """Wire the page to the project; callbacks only read immutable projects.

    A user's own events file travels with each request that needs it (`user-events`),
    so every callback answers from the page's state alone, on any worker.
    """
    projects = UserProjects(project)

    @app.callback(
        Output("town-panel", "children"),
        Output("town-history-panel", "children"),
        Input("town-select", "value"),
        Input("user-events", "data"),
        State("page-lang", "data"),
    )
    def show_town(town_id: str | None, user: object, lang: object):
        """The chosen town's names and history; they do not depend on the day, so the
        slider never asks for them (the day's holder is the browser's, step.js)."""
        chosen = projects.for_page(user)
        tr = pack_translator(chosen.config, lang if isinstance(lang, str) else None)
        return town_panel(chosen.timeline, town_id, tr), town_history(chosen.timeline, town_id, tr)

    register_upload_callbacks(app, projects, urls)
    register_browser_callbacks(app)

    register_export_callbacks(app, projects)


def register_upload_callbacks(
    app: Dash, projects: UserProjects, urls: dict[str, str | None]
) -> None:
    """A file given in the page replaces the record for that tab only, once it passes
    every check; a file with problems lists them and changes nothing."""

    @app.callback(
        Output("user-events", "data"),
        Output("upload-status", "children"),
        Output("upload-problems", "children"),
        Input("events-upload", "contents"),
        Input("use-bundled", "n_clicks"),
        State("events-upload", "filename"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def receive_file(contents: str | None, _bundled: int, filename: object, lang: object):
        tr = _page_translator(projects.project, lang)
        if ctx.triggered_id == "use-bundled":
            return None, tr("Showing the bundled record."), []
        try:
            given = given_file(contents or "", filename)
            built = projects.check(given)
        except UploadRefused as error:
            reason = error.explain(tr)
            return no_update, tr("Not used: {reason}. The map is unchanged.", reason=reason), []
        except RecordError as error:
            status = tr(
                "{name} was not used: {count} problem(s) to fix. The map is unchanged.",
                name=given.name,
                count=len(error.problems),
            )
            return no_update, status, [html.Li(line) for line in problem_lines(error.problems, tr)]
        return stored(given), record_status(built, given.name, tr), []

    @app.callback(
        Output("date-slider", "max"),
        Output("date-slider", "marks"),
        Output("date-slider", "value", allow_duplicate=True),
        Output("step-tables", "data"),
        Output("territory-chart", "figure"),
        Output("map-legend", "children"),
        Output("date-picker", "min_date_allowed"),
        Output("date-picker", "max_date_allowed"),
        Output("record-banner", "children"),
        Input("user-events", "data"),
        State("date-slider", "value"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )
    def reshape_period(user: object, value: object, lang: object):
        """The record's period, step tables, chart, legend and banner follow the record
        being shown; the chosen day stays unless the new period ends before it."""
        chosen = projects.for_page(user)
        tr = pack_translator(chosen.config, lang if isinstance(lang, str) else None)
        dates = chosen.timeline.dates
        name = user.get("name") if isinstance(user, dict) else None
        keep = isinstance(value, int) and 0 <= value < len(dates)
        day = value if keep else len(dates) - 1
        return (
            len(dates) - 1,
            slider_marks(chosen, tr),
            no_update if keep else day,
            step_tables(chosen, tr, urls),
            territory_chart(chosen.timeline, day, tr),
            map_legend(chosen, tr).children,
            dates[0],
            dates[-1],
            tr("Showing your file {name} (this tab only).", name=name)
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
        ClientsideFunction("step", "show"),
        Output("date-heading", "children"),
        Output("day-changes", "children"),
        Output("territory-chart", "figure", allow_duplicate=True),
        Output("town-holder", "children"),
        Input("date-slider", "value"),
        Input("step-tables", "data"),
        Input("town-select", "value"),
        prevent_initial_call="initial_duplicate",
    )
    app.clientside_callback(
        ClientsideFunction("step", "clickedTown"),
        Output("town-select", "value", allow_duplicate=True),
        Input("map", "clickData"),
        State("step-tables", "data"),
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
        State("page-text", "data"),
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
        State("step-tables", "data"),
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
        State("step-tables", "data"),
    )


def _page_translator(project: Project, lang: object) -> Translator:
    """The translator of the page's language (`page-lang`); anything odd: the primary."""
    return pack_translator(project.config, lang if isinstance(lang, str) else None)
