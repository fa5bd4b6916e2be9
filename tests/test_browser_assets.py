"""The committed browser assets (the reader, MapLibre, the glyphs) and how the app
serves the reader's files: compressed, cached for a year under content-hashed names."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import brotli
import pytest

from dashboard.pack.paths import assets_dir
from dashboard.reader.bundle import FONTSTACK
from dashboard.reader.glyphs import message_fields
from dashboard.web import create_app

ASSETS = assets_dir()
MANIFEST = json.loads((ASSETS / "vendor" / "manifest.json").read_text())
GLYPH_FILES = sorted((ASSETS / "glyphs" / FONTSTACK).glob("*.pbf"))
BORDER = 3  # px of field around every glyph bitmap
LOCK = json.loads(
    (Path(__file__).resolve().parents[1] / "browser" / "package-lock.json").read_text()
)


def test_maplibre_is_the_pinned_package_unchanged() -> None:
    pinned = LOCK["packages"]["node_modules/maplibre-gl"]["version"]
    assert MANIFEST["maplibre_version"] == pinned
    script = (ASSETS / "vendor" / MANIFEST["maplibre"]).read_text(encoding="utf-8")
    assert MANIFEST["maplibre"].startswith(f"maplibre-gl-{pinned}.")
    assert f"v{pinned}" in script[:300]
    assert (ASSETS / "vendor" / "maplibre-gl.LICENSE.txt").is_file()


@pytest.mark.parametrize("name", ["reader", "reader_css", "maplibre", "rtl_text_plugin"])
def test_each_built_file_has_its_compressed_copies(name: str) -> None:
    path = ASSETS / "vendor" / MANIFEST[name]
    plain = path.read_bytes()
    assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == plain
    assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == plain


def _glyphs(path: Path) -> dict[int, dict[int, int | bytes]]:
    """Code point -> glyph fields, after checking the file's one font stack."""
    [(tag, stack)] = list(message_fields(path.read_bytes()))
    assert tag == 1
    glyphs = {}
    for tag, value in message_fields(stack):
        if tag == 1:
            assert value == FONTSTACK.encode()
        elif tag == 2:
            assert value == path.stem.encode()
        else:
            assert tag == 3
            glyph = dict(message_fields(value))
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


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def _site_urls(page: bytes) -> list[str]:
    settings = page.split(b'id="frontline-page">', 1)[1].split(b"</script>", 1)[0]
    files = json.loads(settings)["files"]
    return [files["geo"], *files["tables"].values(), *files["glyphs"].values()]


def test_the_page_loads_the_reader_and_not_plotly(client) -> None:
    page = client.get("/").data
    assert MANIFEST["reader"].rsplit(".", 2)[0].encode() in page
    assert b"maplibre-gl-" in page
    scripts = [line for line in page.split(b"<script") if b"src=" in line.split(b">")[0]]
    assert not [line for line in scripts if b"plotly" in line.split(b">")[0].lower()]
    assert b'id="frontline"' in page


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("br, gzip", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)],
)
def test_site_files_are_sent_compressed_and_cached_for_a_year(client, accept, encoding, decode):
    import time

    page = client.get("/").data
    for path in _site_urls(page)[:3]:
        for _ in range(100):  # brotli is made in the background at start-up
            response = client.get(f"/site/{path}", headers={"Accept-Encoding": accept})
            if response.headers.get("Content-Encoding") == encoding:
                break
            time.sleep(0.1)
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding
        assert decode(response.data).startswith(b"(window.frontlineData")
        assert "max-age=31536000" in response.headers["Cache-Control"]
        assert "immutable" in response.headers["Cache-Control"]
        assert "Accept-Encoding" in response.headers["Vary"]


def test_a_browser_without_compression_gets_the_plain_file(client) -> None:
    path = _site_urls(client.get("/").data)[0]
    response = client.get(f"/site/{path}", headers={"Accept-Encoding": ""})
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"(window.frontlineData")


def test_an_unknown_site_file_is_not_found(client) -> None:
    assert client.get("/site/data/../../conflict.toml").status_code == 404
    assert client.get("/site/nothing.js").status_code == 404


def test_behind_a_path_prefix_every_url_carries_it() -> None:
    app = create_app(url_base_pathname="/maps/")
    client = app.server.test_client()
    page = client.get("/maps/").data.decode()
    assert '"base":"/maps/site/"' in page
    assert 'src="/maps/site/reader/' in page
    path = _site_urls(page.encode())[0]
    assert client.get(f"/maps/site/{path}").status_code == 200
