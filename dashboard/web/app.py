"""The app factories: tests, `frontline serve` and WSGI servers all build the app here.

`create_app` builds the Dash app of one pack. `create_server` puts several packs on one
web server (the bundled Syria and Sudan packs by default): the default pack at the
base path, each other one under `<base><name>/`, with a switch in every page's header.
Each app serves its pack's geometry once as cacheable files.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import flask
from dash import Dash
from flask import Response, abort, request

from dashboard.figures.map_figure import GeometryRefs
from dashboard.i18n import pack_translator
from dashboard.pack.paths import PackPaths, assets_dir, find_pack, served_packs
from dashboard.project import Project, load_project
from dashboard.web.callbacks import register_callbacks
from dashboard.web.guard import guard_app
from dashboard.web.interface import register_interface_callbacks
from dashboard.web.layout import build_layout
from dashboard.web.static import (
    YEAR_SECONDS,
    generated_file,
    glyphs_url,
    register_static,
    respond,
    rtl_plugin_url,
)


def create_app(
    paths: PackPaths | None = None,
    project: Project | None = None,
    switch: list[tuple[str, str, bool]] | None = None,
    **dash_options: Any,
) -> Dash:
    """Build the Dash app on one pack (the default pack, or `FRONTLINE_DATA_DIR`).

    Raises `ConfigError`, `RecordError` or `GeoLayerError` when the pack is invalid:
    the app never starts on data it cannot show correctly. `switch` lists the
    conflicts to link to as (link, title, is this one). `dash_options` go to `Dash`
    (for example `url_base_pathname` or `server`); Dash's `DASH_*` environment
    settings also apply.
    """
    project = project or load_project(paths or find_pack())
    app = Dash(
        __name__,
        # Dash writes the title into <title> as it is: escape it, as all data text.
        title=html.escape(f"Frontline Map: {project.config.title}", quote=False),
        assets_folder=str(assets_dir()),
        update_title=None,
        serve_locally=True,
        compress=True,
        # The layout is a function (one page per language): without this, Dash would
        # embed a whole page in every page as its "validation layout" (130 kB). Every
        # callback's components are checked against the layout by a test instead.
        suppress_callback_exceptions=True,
        **dash_options,
    )
    register_static(app)
    geometry = _serve_geometry(app, project)
    urls = {
        "areas": geometry.areas,
        "edges": geometry.frontier_edges,
        "glyphs": glyphs_url(app),
        "rtl": rtl_plugin_url(app),
    }
    last_day = len(project.timeline.dates) - 1
    pages: dict[str, Any] = {}  # one page per language, built when first asked for

    def page_layout() -> Any:
        tr = pack_translator(project.config, request_language())
        if tr.lang not in pages:
            pages[tr.lang] = build_layout(project, geometry, last_day, switch or [], urls, tr=tr)
        return pages[tr.lang]

    app.layout = page_layout
    _index_in_language(app, project)
    register_callbacks(app, project, urls)
    register_interface_callbacks(app)
    guard_app(app)
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
            (requests + suffix, projects[other].config.title, other == name)
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


def _index_in_language(app: Dash, project: Project) -> None:
    """`<html lang dir>` and the title of the page in the reader's language, so screen
    readers pronounce it right and the browser lays it out right to left where needed."""
    plain_index = app.interpolate_index

    def interpolate_index(**parts: str) -> str:
        tr = pack_translator(project.config, request_language())
        title = tr("Frontline Map: {title}", title=project.config.title)
        page = plain_index(**{**parts, "title": html.escape(title, quote=False)})
        page = page.replace("<html>", f'<html lang="{tr.lang}" dir="{tr.direction}">', 1)
        # Dash keeps its scripts in a <footer>: a plain <div>, so the page's one footer
        # landmark is its credits.
        return page.replace("<footer>", "<div>", 1).replace("</footer>", "</div>", 1)

    app.interpolate_index = interpolate_index


def _serve_geometry(app: Dash, project: Project) -> GeometryRefs:
    """Serve the map layers as files the browser downloads once: compressed once at
    start-up, named with their content hash (`?v=`), so a browser keeps them a year."""
    layers = project.layers
    collections = {
        "areas": layers.areas,
        "parents": layers.parents,
        "disputed": layers.disputed,
        "frontier_edges": layers.frontier_edges,
    }
    files = {
        f"{name}.geojson": generated_file(_compact(collection), "application/json")
        for name, collection in collections.items()
        if collection is not None
    }

    # Under Dash's route prefix, so the files resolve behind a proxy at /maps/ too.
    @app.server.route(
        f"{app.config.routes_pathname_prefix}geo/<name>",
        endpoint=f"{app.config.routes_pathname_prefix}geo",
    )
    def geo_layer(name: str) -> Response:
        if name not in files:
            abort(404)
        versioned = request.args.get("v") == files[name].etag
        return respond(files[name], YEAR_SECONDS if versioned else 0)

    def url(name: str) -> str | None:
        if name not in files:
            return None
        return f"{app.get_relative_path(f'/geo/{name}')}?v={files[name].etag}"

    return GeometryRefs(
        areas=url("areas.geojson"),
        parents=url("parents.geojson"),
        frontiers=project.frontiers,
        disputed=url("disputed.geojson"),
        frontier_edges=url("frontier_edges.geojson"),
    )


def _compact(collection: dict) -> bytes:
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode()
