"""The app factory: tests, `frontline serve` and WSGI servers all build the app here."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from dash import Dash
from flask import Response, abort, request

from dashboard.figures.map_figure import GeometryRefs
from dashboard.pack.paths import PackPaths, assets_dir, find_pack
from dashboard.project import Project, load_project
from dashboard.web.callbacks import register_callbacks
from dashboard.web.layout import build_layout

GEO_CACHE_SECONDS = 3600


def create_app(
    paths: PackPaths | None = None, project: Project | None = None, **dash_options: Any
) -> Dash:
    """Build the Dash app on a pack (the default pack, or `FRONTLINE_DATA_DIR`).

    Raises `ConfigError`, `RecordError` or `GeoLayerError` when the inputs are invalid:
    the app never starts on data it cannot show correctly. `dash_options` go to `Dash`
    (for example `url_base_pathname`); Dash's `DASH_*` environment settings also apply.
    """
    project = project or load_project(paths or find_pack())
    app = Dash(
        __name__,
        title=f"Frontline Map: {project.config.title}",
        assets_folder=str(assets_dir()),
        update_title=None,
        serve_locally=True,
        compress=True,
        **dash_options,
    )
    geometry = _serve_geometry(app, project)
    app.layout = build_layout(project, geometry, day_index=len(project.timeline.dates) - 1)
    register_callbacks(app, project)
    return app


def _serve_geometry(app: Dash, project: Project) -> GeometryRefs:
    """Serve the map layers as cacheable files so the browser downloads geometry once."""
    layers = project.layers
    bodies = {
        "areas.geojson": _compact(layers.areas),
        "parents.geojson": _compact(layers.parents),
    }
    if layers.disputed is not None:
        bodies["disputed.geojson"] = _compact(layers.disputed)

    # Under Dash's route prefix, so the files resolve behind a proxy at /maps/ too.
    @app.server.route(f"{app.config.routes_pathname_prefix}geo/<name>")
    def geo_layer(name: str) -> Response:
        if name not in bodies:
            abort(404)
        body, etag = bodies[name]
        if request.if_none_match.contains(etag):
            return Response(status=304)
        response = Response(body, mimetype="application/json")
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = GEO_CACHE_SECONDS
        return response

    return GeometryRefs(
        areas=app.get_relative_path("/geo/areas.geojson"),
        parents=app.get_relative_path("/geo/parents.geojson"),
        frontiers=project.frontiers,
        disputed=None
        if layers.disputed is None
        else app.get_relative_path("/geo/disputed.geojson"),
    )


def _compact(collection: dict) -> tuple[bytes, str]:
    body = json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode()
    return body, hashlib.sha256(body).hexdigest()[:16]
