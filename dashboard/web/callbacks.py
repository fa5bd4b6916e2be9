"""Callbacks of the tools: a user's own events file, and the bridge to the reader.

A slider step, a town card and the chart are the reader's and ask the server nothing.
The server answers when a file is given (checked, then turned into the reader's tables
for that tab) and when a map is exported or published.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, html, no_update
from flask import Response

from dashboard.i18n import Translator, pack_translator
from dashboard.project import Project
from dashboard.reader.cards import card_chunks
from dashboard.reader.protocol import step_tables
from dashboard.records import RecordError
from dashboard.web.export_panel import register_export_callbacks
from dashboard.web.layout import record_status
from dashboard.web.live import LivePack
from dashboard.web.publish_panel import register_publish_callbacks
from dashboard.web.user_record import (
    UploadRefused,
    UserProjects,
    given_file,
    problem_lines,
    stored,
)


def register_callbacks(app: Dash, live: LivePack) -> None:
    """Wire the tools to the pack's current edition; callbacks only read immutable
    projects.

    A user's own events file travels with each request that needs it (`user-events`),
    so every callback answers from the page's state alone, on any worker.
    """
    app.callback(
        Output("user-events", "data"),
        Output("upload-status", "children"),
        Output("upload-problems", "children"),
        Input("events-upload", "contents"),
        Input("use-bundled", "n_clicks"),
        State("events-upload", "filename"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )(
        lambda contents, _clicks, filename, lang: receive_file(
            live.current.users, ctx.triggered_id, contents, filename, lang
        )
    )
    # The page shows the pack's record from its own files: the server is asked only once
    # the tab holds a file of its own (an upload, or one kept from before a reload), or
    # gives one back; a plain page load sends no callback at all.
    app.clientside_callback(
        ClientsideFunction("frontlineApp", "recordAsked"),
        Output("record-asked", "data"),
        Input("user-events", "data"),
        State("record-asked", "data"),
    )
    app.callback(
        Output("user-reader", "data"),
        Output("record-banner", "hidden"),
        Output("record-banner-text", "children"),
        Input("record-asked", "data"),
        State("user-events", "data"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )(lambda _asked, user, lang: reader_record(live.current.users, user, lang))
    app.clientside_callback(
        ClientsideFunction("frontlineApp", "record"),
        Output("reader-record", "data"),
        Input("user-reader", "data"),
        prevent_initial_call=True,
    )
    register_export_callbacks(app, live)
    register_publish_callbacks(app, lambda: live.current.project)

    editable = f"{app.config.routes_pathname_prefix}record.csv"

    @app.server.route(editable, endpoint=editable)
    def editable_record() -> Response:
        """The pack's record as it is: the file to edit and give back (the upload's
        schema), so a first upload starts from a valid file."""
        edition = live.current
        response = Response(edition.events_csv, mimetype="text/csv")
        name = f"{edition.project.paths.root.name}-events.csv"
        response.headers["Content-Disposition"] = f"attachment; filename={name}"
        return response


def receive_file(
    projects: UserProjects, trigger: object, contents: object, filename: object, lang: object
):
    """A file given in the page replaces the record for that tab only, once it passes
    every check; a file with problems lists them and changes nothing. "Back to the
    record" (`trigger` "use-bundled") forgets the tab's file."""
    tr = page_translator(projects.project, lang)
    if trigger == "use-bundled":
        return None, tr("Showing the record."), []
    try:
        given = given_file(contents if isinstance(contents, str) else "", filename)
        built = projects.check(given)
    except UploadRefused as error:
        reason = error.explain(tr)
        return no_update, tr("Not used: {reason}. The map is unchanged.", reason=reason), []
    except RecordError as error:
        status = tr.ngettext(
            "{name} was not used: {count} problem to fix. The map is unchanged.",
            "{name} was not used: {count} problems to fix. The map is unchanged.",
            len(error.problems),
            name=given.name,
        )
        return no_update, status, [html.Li(line) for line in problem_lines(error.problems, tr)]
    return stored(given), record_status(built, given.name, tr), []


def reader_record(projects: UserProjects, user: object, lang: object):
    """The reader's tables and cards for the record the tab holds (None: the pack's),
    and the banner that says whose record the map shows."""
    key, chosen = projects.keyed(user)
    if not key:
        return None, True, ""
    tr = pack_translator(chosen.config, lang if isinstance(lang, str) else None)
    name = user.get("name") if isinstance(user, dict) else ""
    return (
        {"key": key, "tables": step_tables(chosen, tr), "cards": card_chunks(chosen, tr)},
        False,
        tr("Showing your file {name} (this tab only), not the published record.", name=name),
    )


def page_translator(project: Project, lang: object) -> Translator:
    """The translator of the page's language (`page-lang`); anything odd: the primary."""
    return pack_translator(project.config, lang if isinstance(lang, str) else None)
