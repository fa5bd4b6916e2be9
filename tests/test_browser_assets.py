"""The committed browser assets: the plotly.js bundle, the map's glyphs, and how they are served."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
from dash import Dash, html
from plotly.offline import get_plotlyjs_version

from dashboard.pack.paths import assets_dir
from dashboard.web.static import FONTSTACK, glyphs_url, register_static, rtl_plugin_url

ASSETS = assets_dir()
MANIFEST = json.loads((ASSETS / "vendor" / "manifest.json").read_text())
GLYPH_FILES = sorted((ASSETS / "glyphs" / FONTSTACK).glob("*.pbf"))
BORDER = 3  # px of field around every glyph bitmap


def test_the_bundle_is_the_plotly_js_of_the_python_plotly() -> None:
    version = get_plotlyjs_version()
    bundle = (ASSETS / "vendor" / MANIFEST["plotly"]).read_text(encoding="utf-8")
    assert MANIFEST["plotly_version"] == version
    assert bundle.startswith(f"/*! plotly.js v{version} ")
    assert f'.version="{version}"' in bundle
    assert "var Plotly=" in bundle[:500]  # a page script that defines window.Plotly


# Protocol buffers, read just far enough to check MapLibre's glyph format.
def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        if key & 7 == 0:
            value, at = _varint(data, at)
            yield key >> 3, value
        elif key & 7 == 2:
            length, at = _varint(data, at)
            yield key >> 3, data[at : at + length]
            at += length
        else:
            raise ValueError(f"unexpected wire type {key & 7}")


def _glyphs(path: Path) -> dict[int, dict[int, int | bytes]]:
    """Code point -> glyph fields, after checking the file's one font stack."""
    [(tag, stack)] = list(_fields(path.read_bytes()))
    assert tag == 1
    glyphs = {}
    for tag, value in _fields(stack):
        if tag == 1:
            assert value == FONTSTACK.encode()
        elif tag == 2:
            assert value == path.stem.encode()
        else:
            assert tag == 3
            glyph = dict(_fields(value))
            glyphs[glyph[1]] = glyph
    return glyphs


@pytest.mark.parametrize("path", GLYPH_FILES, ids=lambda p: p.stem)
def test_every_glyph_range_parses(path: Path) -> None:
    start, end = map(int, path.stem.split("-"))
    glyphs = _glyphs(path)
    assert glyphs
    for code, glyph in glyphs.items():
        assert start <= code <= end
        width, height = glyph.get(3, 0), glyph.get(4, 0)
        if width:
            assert len(glyph[2]) == (width + 2 * BORDER) * (height + 2 * BORDER)
    plain = path.read_bytes()
    assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == plain
    assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == plain


@pytest.mark.parametrize(
    ("glyph_range", "char"),
    [
        ("0-255", "A"),
        ("1536-1791", "\u0627"),  # alef
        ("8192-8447", "\u2013"),  # en dash
        ("64256-64511", "\ufb50"),  # alef wasla, presentation forms A
        ("65024-65279", "\ufe8e"),  # alef final form, presentation forms B
        ("65024-65279", "\ufedf"),  # lam initial form
    ],
)
def test_latin_and_arabic_glyphs_are_drawn(glyph_range: str, char: str) -> None:
    glyph = _glyphs(ASSETS / "glyphs" / FONTSTACK / f"{glyph_range}.pbf")[ord(char)]
    field = glyph[2]
    assert glyph[3] > 0 and glyph[4] > 0 and glyph[7] > 0
    # A signed distance field: above 192 inside the outline, below it outside.
    assert max(field) > 192 > min(field)


def _app(**options) -> Dash:
    app = Dash(__name__, assets_folder=str(ASSETS), serve_locally=True, compress=True, **options)
    app.layout = html.Div()
    register_static(app)
    return app


@pytest.fixture
def client():
    app = _app()
    return app, app.server.test_client()


def test_the_page_loads_the_bundle_and_not_the_plugin(client) -> None:
    app, test = client
    page = test.get("/").get_data(as_text=True)
    assert f'<script src="/vendor/{MANIFEST["plotly"]}"></script>' in page
    assert page.count(MANIFEST["plotly"]) == 1  # not also as an asset Dash found itself
    assert MANIFEST["rtl_text_plugin"] not in page
    assert rtl_plugin_url(app) == f"/vendor/{MANIFEST['rtl_text_plugin']}"


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("gzip, deflate, br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)],
)
def test_scripts_are_sent_compressed_and_cached_for_a_year(client, accept, encoding, decode):
    _, test = client
    name = MANIFEST["plotly"]
    response = test.get(f"/vendor/{name}", headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert response.mimetype == "text/javascript"
    plain = (ASSETS / "vendor" / name).read_bytes()
    assert decode(response.data) == plain
    assert len(response.data) < len(plain) / 3
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable
    assert "Accept-Encoding" in response.headers["Vary"]
    again = test.get(
        f"/vendor/{name}",
        headers={"Accept-Encoding": accept, "If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304 and not again.data


def test_a_browser_without_compression_gets_the_plain_file(client) -> None:
    _, test = client
    response = test.get(f"/vendor/{MANIFEST['rtl_text_plugin']}", headers={"Accept-Encoding": ""})
    assert "Content-Encoding" not in response.headers
    assert response.data == (ASSETS / "vendor" / MANIFEST["rtl_text_plugin"]).read_bytes()


def test_glyphs_are_served_at_the_url_maplibre_is_given(client) -> None:
    app, test = client
    template = glyphs_url(app)
    assert template.startswith("/assets/glyphs/{fontstack}/{range}.pbf?v=")
    url = template.replace("{fontstack}", "Noto%20Sans%20Regular").replace("{range}", "1536-1791")
    response = test.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.mimetype == "application/x-protobuf"
    plain = (ASSETS / "glyphs" / FONTSTACK / "1536-1791.pbf").read_bytes()
    assert gzip.decompress(response.data) == plain
    assert response.cache_control.immutable
    # Without the glyph set's version the browser must ask again each time.
    unversioned = test.get(url.split("?")[0], headers={"Accept-Encoding": "gzip"})
    assert unversioned.cache_control.no_cache and not unversioned.cache_control.max_age


def test_glyphs_the_fonts_lack_are_an_empty_range(client) -> None:
    _, test = client
    cyrillic = test.get("/assets/glyphs/Noto%20Sans%20Regular/1024-1279.pbf")
    assert cyrillic.status_code == 200 and cyrillic.data == b""
    assert test.get("/assets/glyphs/Open%20Sans/0-255.pbf").status_code == 404
    assert test.get("/assets/glyphs/Noto%20Sans%20Regular/3-258.pbf").status_code == 404


def test_behind_a_path_prefix_every_url_carries_it() -> None:
    app = _app(url_base_pathname="/maps/")
    test = app.server.test_client()
    assert f'<script src="/maps/vendor/{MANIFEST["plotly"]}">' in test.get("/maps/").get_data(True)
    assert test.get(rtl_plugin_url(app)).status_code == 200
    template = glyphs_url(app)
    assert template.startswith("/maps/assets/glyphs/")
    assert test.get(template.format(fontstack=FONTSTACK, range="0-255")).status_code == 200


def test_the_geometry_is_compressed_once_and_versioned_by_its_content() -> None:
    """Brotli arrives a moment after start-up (compressed in the background); until then
    gzip. A URL with the content's hash is kept a year; without it, revalidated."""
    import time

    from dashboard.pack.paths import find_pack
    from dashboard.project import load_project
    from dashboard.web import create_app

    client = create_app(project=load_project(find_pack("syria"))).server.test_client()
    plain = client.get("/geo/areas.geojson", headers={"Accept-Encoding": "gzip"})
    assert plain.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(plain.data))["type"] == "FeatureCollection"
    assert plain.cache_control.no_cache and not plain.cache_control.max_age
    version = plain.headers["ETag"].strip('"').split("-")[0]
    deadline = time.monotonic() + 30
    while True:
        best = client.get(f"/geo/areas.geojson?v={version}", headers={"Accept-Encoding": "br"})
        # (Until ours is ready, flask-compress answers with its own, quicker brotli.)
        small = len(best.data) < 0.8 * len(plain.data)
        if small or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert best.headers["Content-Encoding"] == "br"
    assert len(best.data) < 0.8 * len(plain.data)
    assert json.loads(brotli.decompress(best.data)) == json.loads(gzip.decompress(plain.data))
    assert best.cache_control.max_age == 365 * 24 * 3600 and best.cache_control.immutable
