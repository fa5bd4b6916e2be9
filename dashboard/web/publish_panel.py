"""The "Publish" tool: the reader of this pack as a folder of files, in one zip, and the
snippet a newsroom pastes into an article to embed it (see `dashboard.publish`).

It publishes the pack's own record, never a user's file: a published site carries the
pack's credits and name, which a reader would take for the record's.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, dcc, html, no_update

from dashboard.i18n import Translator, pack_translator
from dashboard.project import Project
from dashboard.publish import site_zip
from dashboard.reader.pages import embed_snippet


def publish_panel(project: Project, tr: Translator) -> html.Div:
    return html.Div(
        [
            html.H3(tr("Publish this map")),
            html.P(
                tr(
                    "A folder of files any static host serves, or that opens from a disk: "
                    "the full map (index.html) and the map for an article (embed.html)."
                ),
                className="muted",
            ),
            html.Button(tr("Download the site (zip)"), id="publish-button", n_clicks=0),
            dcc.Download(id="publish-download"),
            html.Label(
                [
                    tr("To embed it, paste this where the map goes in your article:"),
                    dcc.Textarea(
                        id="publish-snippet",
                        value=embed_snippet(project, lang=tr.lang),
                        readOnly=True,
                        style={"width": "100%", "height": "7em", "fontFamily": "monospace"},
                    ),
                ],
                className="publish-snippet",
            ),
        ],
        className="publish",
    )


def register_publish_callbacks(app: Dash, current: Callable[[], Project]) -> None:
    """`current` gives the project the server shows now (it may change: see `live`)."""
    app.callback(
        Output("publish-download", "data"),
        Input("publish-button", "n_clicks"),
        State("page-lang", "data"),
        prevent_initial_call=True,
    )(lambda clicks, lang: publish_download(current(), clicks, lang))


def publish_download(project: Project, clicks: object, lang: object) -> object:
    """The site of the page's language as a zip (the pack's record only)."""
    if not isinstance(clicks, int) or clicks < 1:
        return no_update
    tr = pack_translator(project.config, lang if isinstance(lang, str) else None)
    name = f"frontline-{project.paths.root.name}-{tr.lang}-site.zip"
    return dcc.send_bytes(site_zip(project, [tr.lang]), name, type="application/zip")
