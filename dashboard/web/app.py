"""The app factory: tests, `frontline serve` and WSGI servers all build the app here."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dash import Dash
from flask import Response, abort, request

from dashboard.figures.map_figure import GeometryRefs
from dashboard.project import DataPaths, Project, load_project
from dashboard.web.callbacks import register_callbacks
from dashboard.web.layout import build_layout

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
GEO_CACHE_SECONDS = 3600


def create_app(paths: DataPaths | None = None, project: Project | None = None) -> Dash:
    """Build the Dash app on the given data (the bundled data by default).

    Raises `RecordError` or `GeoLayerError` when the inputs are invalid: the app
    never starts on data it cannot show correctly.
    """
    project = project or load_project(paths or DataPaths.in_dir())
    app = Dash(
        __name__,
        title=f"Frontline Map: {project.record.meta.title}",
        assets_folder=str(ASSETS_DIR),
        update_title=None,
        serve_locally=True,
        compress=True,
    )
    geometry = _serve_geometry(app, project)
    app.layout = build_layout(project, geometry, day_index=len(project.timeline.dates) - 1)
    register_callbacks(app, project)
    return app


def _serve_geometry(app: Dash, project: Project) -> GeometryRefs:
    """Serve the map layers as cacheable files so the browser downloads geometry once."""
    bodies = {
        "areas.geojson": _compact(project.layers.areas),
        "governorates.geojson": _compact(project.layers.governorates),
    }

    @app.server.route("/geo/<name>")
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
        governorates=app.get_relative_path("/geo/governorates.geojson"),
        frontiers=project.frontiers,
    )


def _compact(collection: dict) -> tuple[bytes, str]:

    body = json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode()
    return body, hashlib.sha256(body).hexdigest()[:16]
