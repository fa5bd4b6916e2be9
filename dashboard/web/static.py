"""The browser assets built from npm packages (scripts/build_browser_assets.sh): the
plotly.js bundle with only the app's trace types, MapLibre's right-to-left text plugin
and the map's glyphs.

They are served from memory, already compressed (brotli or gzip, whichever the browser
takes), so the page never loads the full plotly.js and the map needs no network. Scripts
carry a content hash in their name and are cached for a year; glyph URLs carry the hash
of the glyph set as `?v=`, with the same effect.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import brotli
from dash import Dash
from flask import Response, abort, request

VENDOR = "vendor"  # folder of assets/ with the scripts, not loaded as page scripts by Dash
GLYPHS = "glyphs"  # folder of assets/ with one folder per font stack
FONTSTACK = "Noto Sans Regular"
YEAR_SECONDS = 365 * 24 * 3600
# Best first; the browser's Accept-Encoding decides among those a file has.
ENCODINGS = {"br": ".br", "gzip": ".gz"}
MIMETYPES = {".js": "text/javascript", ".pbf": "application/x-protobuf"}
GLYPH_RANGE = re.compile(r"(\d+)-(\d+)")


@dataclass(frozen=True)
class StaticFile:
    """One file in each encoding it was built in ("identity" is the file itself)."""

    mimetype: str
    bodies: dict[str, bytes]
    etag: str


_EMPTY_RANGE = StaticFile(MIMETYPES[".pbf"], {"identity": b""}, "empty")


@dataclass(frozen=True)
class GlyphSet:
    ranges: dict[str, StaticFile]  # "0-255" -> file
    version: str  # hash of every range


def register_static(app: Dash) -> None:
    """Serve the built assets under the app's path prefix and load the plotly.js bundle
    as a page script, so dcc.Graph finds `window.Plotly` and fetches no plotly.min.js."""
    assets = Path(app.config.assets_folder)
    manifest = _manifest(assets)
    scripts = {
        name: _load(assets / VENDOR / name)
        for name in (manifest["plotly"], manifest["rtl_text_plugin"])
    }
    glyphs = _glyphs(assets)
    prefix = app.config.routes_pathname_prefix

    # Dash would add every .js under assets/ to the page: the RTL plugin must run only
    # inside MapLibre's workers, and the bundle is added once, below, compressed.
    app.config.assets_path_ignore = [*(app.config.assets_path_ignore or []), f"^{VENDOR}$"]
    app.config.external_scripts = [
        *app.config.external_scripts,
        _vendor_url(app, manifest["plotly"]),
    ]

    @app.server.route(f"{prefix}{VENDOR}/<name>", endpoint=f"{prefix}{VENDOR}")
    def vendor_file(name: str) -> Response:
        if name not in scripts:
            abort(404)
        return respond(scripts[name], YEAR_SECONDS)

    @app.server.route(
        f"{prefix}{app.config.assets_url_path}/{GLYPHS}/<fontstack>/<glyph_range>.pbf",
        endpoint=f"{prefix}{GLYPHS}",
    )
    def glyph_range(fontstack: str, glyph_range: str) -> Response:
        if fontstack != FONTSTACK or not _is_range(glyph_range):
            abort(404)
        # A range the fonts do not cover is an empty set of glyphs, not an error: MapLibre
        # then leaves those characters out instead of reporting a failed request.
        file = glyphs.ranges.get(glyph_range, _EMPTY_RANGE)
        current = request.args.get("v") == glyphs.version
        return respond(file, YEAR_SECONDS if current else 0)


def glyphs_url(app: Dash) -> str:
    """MapLibre's `glyphs` URL template for the app's font stack (`FONTSTACK`)."""
    version = _glyphs(Path(app.config.assets_folder)).version
    path = f"/{app.config.assets_url_path}/{GLYPHS}/{{fontstack}}/{{range}}.pbf"
    return f"{app.get_relative_path(path)}?v={version}"


def rtl_plugin_url(app: Dash) -> str:
    """URL of MapLibre's right-to-left text plugin, for `setRTLTextPlugin`."""
    return _vendor_url(app, _manifest(Path(app.config.assets_folder))["rtl_text_plugin"])


def _vendor_url(app: Dash, name: str) -> str:
    return app.get_relative_path(f"/{VENDOR}/{name}")


@functools.cache
def _manifest(assets: Path) -> dict[str, str]:
    return json.loads((assets / VENDOR / "manifest.json").read_text())


@functools.cache
def _glyphs(assets: Path) -> GlyphSet:
    folder = assets / GLYPHS / FONTSTACK
    ranges = {path.stem: _load(path) for path in sorted(folder.glob("*.pbf"))}
    digest = hashlib.sha256()
    for name, file in ranges.items():
        digest.update(f"{name}:{file.etag};".encode())
    return GlyphSet(ranges, digest.hexdigest()[:10])


@functools.cache
def _load(path: Path) -> StaticFile:
    bodies = {"identity": path.read_bytes()}
    for encoding, suffix in ENCODINGS.items():
        compressed = path.with_name(path.name + suffix)
        if compressed.is_file():
            bodies[encoding] = compressed.read_bytes()
    etag = hashlib.sha256(bodies["identity"]).hexdigest()[:16]
    return StaticFile(MIMETYPES[path.suffix], bodies, etag)


def _is_range(name: str) -> bool:
    match = GLYPH_RANGE.fullmatch(name)
    if match is None:
        return False
    start, end = int(match[1]), int(match[2])
    return start % 256 == 0 and end == start + 255 and end <= 0xFFFF


def generated_file(body: bytes, mimetype: str) -> StaticFile:
    """A file made at start-up (a pack's geometry): gzip at once, and brotli at its
    smallest setting (about a second per 200 kB, a third smaller than gzip) in a
    background thread, served from the moment it is ready."""
    file = StaticFile(
        mimetype,
        {"identity": body, "gzip": gzip.compress(body, 6, mtime=0)},
        hashlib.sha256(body).hexdigest()[:16],
    )

    def compress() -> None:
        file.bodies["br"] = brotli.compress(body, quality=11)

    threading.Thread(target=compress, name="brotli", daemon=True).start()
    return file


def respond(file: StaticFile, max_age: int) -> Response:
    """The file in the best encoding the browser takes; cached `max_age` seconds as
    immutable (a versioned URL), or revalidated by its ETag on every use (0)."""
    encoding = next(
        (e for e in ENCODINGS if e in file.bodies and request.accept_encodings[e] > 0),
        "identity",
    )
    etag = f"{file.etag}-{encoding}"
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(file.bodies[encoding], mimetype=file.mimetype)
        if encoding != "identity":
            response.headers["Content-Encoding"] = encoding
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    if max_age:
        response.cache_control.max_age = max_age
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response
