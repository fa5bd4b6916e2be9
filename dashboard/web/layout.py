"""The analyst's tools under the reader: your own events file, exports, publishing.

The map, the slider, the town cards and the chart are the reader's (the same browser
code as a published site, outside Dash); the tools follow the reader's day and view
through `reader-state`, which assets/app.js keeps current. Every text goes through the
page language's translator and every control has an accessible name.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import Translator
from dashboard.project import Project
from dashboard.web.export_panel import export_panel
from dashboard.web.publish_panel import publish_panel
from dashboard.web.user_record import MAX_UPLOAD_BYTES


def build_layout(project: Project, tr: Translator) -> html.Div:
    """The tools in `tr`'s language."""
    return html.Div(
        [
            html.Div(
                [
                    html.P(id="record-banner-text", className="record-banner-text"),
                    html.Button(
                        tr("Back to the record"),
                        id="use-bundled",
                        n_clicks=0,
                        className="button",
                    ),
                ],
                id="record-banner",
                className="record-banner",
                role="status",
                hidden=True,
            ),
            html.Details(
                [
                    html.Summary(tr("Tools: export, publish, your own events file")),
                    html.Div(
                        [export_panel(project, tr), publish_panel(project, tr), upload_panel(tr)],
                        className="tool-panels",
                    ),
                ],
                id="tools",
                className="tools-drawer",
            ),
            # The reader's day and view, for the tools (assets/app.js).
            dcc.Store(id="reader-state", data=None),
            # The page's language, for callbacks that write text.
            dcc.Store(id="page-lang", data=tr.lang),
            # A user's own events file, kept by this browser tab only (see user_record.py),
            # and the reader's tables made from it.
            dcc.Store(id="user-events", storage_type="session"),
            dcc.Store(id="record-asked"),  # counts the tab's changes of record
            dcc.Store(id="user-reader"),
            dcc.Store(id="reader-record"),  # the key of the record the reader shows
        ],
        className="tools-page",
    )


def upload_panel(tr: Translator) -> html.Div:
    """Drop or pick your own events file; it is checked before the map uses it."""
    return html.Div(
        [
            html.H3(tr("Your own events file")),
            dcc.Upload(
                html.Div([tr("Drop an events CSV here, or"), " ", html.A(tr("pick a file"))]),
                id="events-upload",
                accept=".csv,text/csv",
                max_size=MAX_UPLOAD_BYTES,
                multiple=False,
                className="upload",
            ),
            html.P(
                tr(
                    "Checked against this conflict's places, sources and sides; at most "
                    "{megabytes} MB. It stays in this browser tab.",
                    megabytes=MAX_UPLOAD_BYTES // 1_000_000,
                ),
                className="muted",
            ),
            html.P(id="upload-status", className="upload-status", role="status"),
            html.Ul(id="upload-problems", className="problems"),
            html.P(
                [
                    html.A(
                        tr("Download the record (editable CSV)"),
                        href="record.csv",
                        id="record-link",
                    ),
                    " ",
                    tr("to change it and give it back here."),
                ]
            ),
        ],
        className="upload-panel",
    )


def record_status(project: Project, name: str, tr: Translator) -> str:
    record = project.record
    return tr(
        "Showing your file {name}: {count} changes, {first} to {last}.",
        name=name,
        count=len(record.changes),
        first=tr.date(record.baseline_date),
        last=tr.date(record.last_date),
    )
