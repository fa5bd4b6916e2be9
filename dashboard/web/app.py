"""The app factories: tests, `frontline serve` and WSGI servers all build the app here.

`create_app` builds the app of one pack: the reader (the same files `frontline publish`
writes, served from memory under `site/`) and, around it, the analyst's tools in Dash
(your own events file, exports, publishing). `create_server` puts several packs on one
web server: the default pack at the base path, each other one under `<base><name>/`,
with a switch in every page's header.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import flask
from dash import Dash
from flask import Response, abort, request

from dashboard.i18n import pack_translator
from dashboard.pack.paths import PackPaths, assets_dir, find_pack, served_packs
from dashboard.project import Project, load_project
from dashboard.reader.pages import head_tags, root_div, settings_json
from dashboard.web.callbacks import register_callbacks
from dashboard.web.guard import guard_app
from dashboard.web.layout import build_layout
from dashboard.web.live import LivePack, reload_seconds
from dashboard.web.operations import operate
from dashboard.web.static import YEAR_SECONDS, generated_file, respond

SITE = "site/"


def create_app(
    paths: PackPaths | None = None,
    project: Project | None = None,
    switch: list[tuple[str, str, bool]] | None = None,
    name: str | None = None,
    **dash_options: Any,
) -> Dash:
    """Build the app on one pack (the default pack, or `FRONTLINE_DATA_DIR`).

    Raises `ConfigError`, `RecordError` or `GeoLayerError` when the pack is invalid:
    the app never starts on data it cannot show correctly. Once started, it follows
    changes of the pack's files (`dashboard.web.live`). `switch` lists the conflicts to
    link to as (link, title, is this one); `name` is the pack's name in `/readyz`.
    `dash_options` go to `Dash` (for example `url_base_pathname` or `server`); Dash's
    `DASH_*` environment settings also apply.
    """
    paths = paths or (project.paths if project else find_pack())
    live = LivePack(name or paths.root.name, paths, project, check_seconds=reload_seconds())
    title = live.current.project.config.title_in()
    app = Dash(
        __name__,
        title=html.escape(title, quote=False),
        assets_folder=str(assets_dir()),
        update_title=None,
        serve_locally=True,
        compress=True,
        # The layout is a function (one page per language): without this, Dash would
        # embed a whole page in every page as its "validation layout". Every callback's
        # components are checked against the layout by a test instead.
        suppress_callback_exceptions=True,
        **dash_options,
    )
    # The built reader, its data and glyphs are served as the site's files, not by Dash.
    app.config.assets_path_ignore = [*(app.config.assets_path_ignore or []), "vendor", "glyphs"]
    _serve_site(app, live)

    def page_layout() -> Any:
        edition = live.current
        tr = pack_translator(edition.project.config, request_language())
        if tr.lang not in edition.pages:
            edition.pages[tr.lang] = build_layout(edition.project, tr)
        return edition.pages[tr.lang]

    app.layout = page_layout
    _index_with_reader(app, live, switch or [])
    register_callbacks(app, live)
    _keep_answers(app, live)
    guard_app(app)
    operate(app, live)
    return app


def create_server(packs: Mapping[str, PackPaths] | None = None) -> flask.Flask:
    """One web server for several packs (default: `served_packs`, every bundled pack
    unless `FRONTLINE_DATA_DIR` names one).

    Path prefixes follow Dash's settings (`DASH_URL_BASE_PATHNAME`, or the routes and
    requests prefixes for a proxy that strips the path), so the server also works
    behind a reverse proxy under `/maps/`.
    """
    packs = dict(packs or served_packs())
    projects = {name: load_project(paths) for name, paths in packs.items()}
    base = os.environ.get("DASH_URL_BASE_PATHNAME", "/")
    routes = os.environ.get("DASH_ROUTES_PATHNAME_PREFIX", base)
    requests = os.environ.get("DASH_REQUESTS_PATHNAME_PREFIX", base)
    suffixes = {name: "" if n == 0 else f"{name}/" for n, name in enumerate(projects)}
    server = flask.Flask(__name__)
    for name, project in projects.items():
        switch = [
            (requests + suffix, projects[other].config.title_in(), other == name)
            for other, suffix in suffixes.items()
        ]
        # Dash refuses a base path together with the two prefixes: give one or the other.
        prefixes = (
            {"url_base_pathname": routes + suffixes[name]}
            if routes == requests
            else {
                "routes_pathname_prefix": routes + suffixes[name],
                "requests_pathname_prefix": requests + suffixes[name],
            }
        )
        create_app(
            project=project,
            switch=switch if len(projects) > 1 else None,
            name=name,
            server=server,
            **prefixes,
        )
    return server


def request_language() -> str | None:
    """The language the reader asked for: `?lang=` of the page, or of the page that
    asks for its layout (Dash fetches `_dash-layout` without the page's query)."""
    if not flask.has_request_context():
        return None  # Dash checks the layout once at start-up: the primary language
    asked = request.args.get("lang")
    if asked is None and request.referrer:
        asked = next(iter(parse_qs(urlsplit(request.referrer).query).get("lang", [])), None)
    return asked


def _keep_answers(app: Dash, live: LivePack) -> None:
    """Dash builds the page and serialises the layout anew for every request (2 to 3 ms
    of a worker each), and the server compressed each answer again; both depend only on
    the edition and the page's language, so each is made and compressed once per edition
    and language, and revalidated by its ETag. The callbacks' list never changes."""
    prefix = app.config.routes_pathname_prefix
    views = app.server.view_functions

    def kept(view: Any, kind: str) -> Any:
        def answer(*args: Any, **kwargs: Any) -> Response:
            edition = live.current
            lang = pack_translator(edition.project.config, request_language()).lang
            key = (kind, lang if kind != "dependencies" else "")
            if key not in edition.answers:
                made = app.server.make_response(view(*args, **kwargs))
                if made.status_code != 200:
                    return made
                edition.answers[key] = generated_file(made.get_data(), made.mimetype)
            return respond(edition.answers[key], 0)

        return answer

    for endpoint, kind in (
        (prefix, "page"),
        (prefix + "<path:path>", "page"),
        (prefix + "_dash-layout", "layout"),
        (prefix + "_dash-dependencies", "dependencies"),
    ):
        views[endpoint] = kept(views[endpoint], kind)


def _serve_site(app: Dash, live: LivePack) -> None:
    """The reader's files, compressed once, named by their content: cached a year."""
    prefix = app.config.routes_pathname_prefix

    @app.server.route(f"{prefix}{SITE}<path:path>", endpoint=f"{prefix}{SITE}")
    def site_file(path: str) -> Response:
        found = live.file(path)
        if found is None:
            abort(404)
        return respond(found, YEAR_SECONDS)


def _index_with_reader(app: Dash, live: LivePack, switch: list[tuple[str, str, bool]]) -> None:
    """The page: the reader (outside Dash's React tree, so it starts as soon as its
    scripts arrive), then the tools Dash renders, in the reader's language; every part
    of it from one edition of the pack."""
    plain_index = app.interpolate_index
    base = app.get_relative_path(f"/{SITE}")
    links = [{"href": link, "title": title, "current": current} for link, title, current in switch]

    def interpolate_index(**parts: str) -> str:
        edition = live.current
        project, site = edition.project, edition.site
        tr = pack_translator(project.config, request_language())
        query = "" if tr.lang == project.config.primary_language else f"?lang={tr.lang}"
        settings = settings_json(
            site,
            "app",
            base,
            lang=tr.lang,
            switch=[{**link, "href": link["href"] + query} for link in links],
        )
        page = plain_index(
            **{
                **parts,
                "config": _quiet_config(parts["config"]),
                "title": html.escape(project.config.title_in(tr.lang), quote=False),
                "css": parts["css"] + "\n" + head_tags(site, base, tr.lang),
                # The tools first: the banner that says whose record the map shows sits
                # at the top, where a reader looks; the drawer stays closed until asked.
                "app_entry": f'<section class="tools" aria-label="{html.escape(tr("Tools"))}">'
                + parts["app_entry"]
                + "</section>\n"
                + root_div(project, tr.lang)
                + f'\n<script type="application/json" id="frontline-page">{settings}</script>',
            }
        )
        page = page.replace("<html>", f'<html lang="{tr.lang}" dir="{tr.direction}">', 1)
        # Dash keeps its scripts in a <footer>: a plain <div>, so the page's one footer
        # landmark is the reader's credits.
        return page.replace("<footer>", "<div>", 1).replace("</footer>", "</div>", 1)

    app.interpolate_index = interpolate_index


# Dash's page settings name the Python version and a plotly.com address its debug tools
# ask for newer versions; debug is off, and neither is anyone's business.
_CONFIG = re.compile(r"^(<script[^>]*>)(.*)(</script>)$", re.S)


def _quiet_config(tag: str) -> str:
    """Dash's `_dash-config` script without the Python version and the version check."""
    found = _CONFIG.match(tag.strip())
    if not found:
        return tag
    config = json.loads(found.group(2))
    for key in ("python_version", "dash_version_url", "plotly_version", "dash_version"):
        config.pop(key, None)
    config["disable_version_check"] = True
    text = json.dumps(config, separators=(",", ":")).replace("</", "<\\/")
    return found.group(1) + text + found.group(3)
