"""The files of a reader site: scripts, style, data, glyphs, and the page's settings.

Every file is named by its content hash, so a host can cache it forever, and every data
file is a script that pushes its payload onto `window.frontlineData`: scripts load from
any static host, from the app's server and from a folder opened as `file://`, where
browsers refuse `fetch`. The app serves these files from memory; `frontline publish`
writes them to a folder with its pages (`dashboard.reader.pages`).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dashboard.i18n import pack_translator
from dashboard.project import Project
from dashboard.reader.cards import CHUNK, card_chunks
from dashboard.reader.glyphs import code_points, subset
from dashboard.reader.protocol import step_tables

VENDOR = "vendor"
GLYPHS = "glyphs"
FONTSTACK = "Noto Sans Regular"
MIMETYPES = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}


@dataclass
class ReaderSite:
    """`files`: relative path -> bytes; `settings`: what the page tells the reader
    (`#frontline-page`: where each file is); `scripts` and `style`: the page's own."""

    files: dict[str, bytes] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    scripts: tuple[str, ...] = ()
    style: str = ""

    def add(self, folder: str, stem: str, suffix: str, body: bytes) -> str:
        path = f"{folder}/{stem}.{hashlib.sha256(body).hexdigest()[:10]}{suffix}"
        self.files[path] = body
        return path


def build_site(project: Project, languages: Iterable[str] | None = None) -> ReaderSite:
    """Every file the reader needs to show `project` in `languages` (default: all of
    the pack's), with no server."""
    config = project.config
    codes = list(languages or (language.code for language in config.languages))
    site = ReaderSite()
    assets = _assets()
    site.scripts = (
        site.add(
            "reader",
            *_split(assets.manifest["maplibre"]),
            assets.vendor(assets.manifest["maplibre"]),
        ),
        site.add(
            "reader", *_split(assets.manifest["reader"]), assets.vendor(assets.manifest["reader"])
        ),
    )
    site.style = site.add("reader", "reader", ".css", assets.vendor(assets.manifest["reader_css"]))
    tables = {code: step_tables(project, pack_translator(config, code)) for code in codes}
    geo = geometry(project)
    files: dict = {
        "tables": {},
        "cards": {},
        "cardsPerChunk": CHUNK,
        "geo": site.add("data", "geo", ".js", data_script("geometry", "pack", geo)),
        "glyphs": {
            name: site.add("glyphs", name, ".js", data_script("glyphs", name, text))
            for name, text in assets.glyphs(code_points(map_texts(tables, geo))).items()
        },
    }
    if any(language.direction == "rtl" for language in config.languages if language.code in codes):
        plugin = assets.vendor(assets.manifest["rtl_text_plugin"]).decode()
        files["rtl"] = {
            "plugin": site.add("reader", "rtl-text", ".js", data_script("rtl", "plugin", plugin))
        }
    for code in codes:
        tr = pack_translator(config, code)
        files["cards"][code] = [
            site.add(
                "data",
                f"cards-{code}-{number}",
                ".js",
                data_script("cards", f"{code}-{number}", chunk),
            )
            for number, chunk in enumerate(card_chunks(project, tr))
        ]
        files["tables"][code] = site.add(
            "data", f"tables-{code}", ".js", data_script("tables", code, tables[code])
        )
    site.settings = {"files": files}
    return site


def map_texts(tables: Mapping[str, dict], geo: Mapping[str, dict]) -> set[str]:
    """Every text MapLibre may write on the map, so the site's glyphs hold all of them:
    place names, the sides' names of every period (the blocs' labels), the names of the
    basemap and the zones in each language; each also in capitals (countries, regions
    and blocs are written in capitals in Latin scripts)."""
    texts = {name for table in tables.values() for name in table["towns"]["names"]}
    texts |= {
        run["short"]
        for table in tables.values()
        for runs in table["states"]["names"]
        for run in runs
    }
    texts |= {
        value
        for collection in geo.values()
        for feature in collection["features"]
        for key, value in feature["properties"].items()
        if key.startswith("name_") and isinstance(value, str)
    }
    return texts | {text.upper() for text in texts}


def data_script(kind: str, key: str, payload: object) -> bytes:
    """A script that hands `payload` to the reader: a JSON text, parsed by the reader
    (JSON.parse is faster than a large object literal), or a string as it is."""
    text = (
        payload
        if isinstance(payload, str)
        else json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    )
    return (
        "(window.frontlineData=window.frontlineData||[]).push("
        + json.dumps([kind, key, text], ensure_ascii=False)
        + ");\n"
    ).encode()


def geometry(project: Project) -> dict:
    """The map's layers as the reader draws them: geometry only, in the order of the
    step tables (an area's or an edge's position is its id)."""
    layers = project.layers

    def bare(collection: dict | None) -> dict | None:
        if collection is None:
            return None
        return {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {}, "geometry": feature["geometry"]}
                for feature in collection["features"]
            ],
        }

    found = {
        "areas": bare(layers.areas),
        "edges": bare(layers.frontier_edges),
        "parents": bare(layers.parents),
        "disputed": bare(layers.disputed),
        "zones": _zone_labels(layers.zones),
        **{
            name.removesuffix(".geojson"): _flat_names(collection)
            for name, collection in layers.basemap.items()
        },
    }
    return {name: layer for name, layer in found.items() if layer is not None}


def _zone_labels(collection: dict | None) -> dict | None:
    """The zones drawn from the pack's own outlines, with their names per language and
    pattern, so the map can outline, name and pattern them (the occupied Golan, the
    al-Tanf zone)."""
    if collection is None:
        return None
    features = [
        {
            "type": "Feature",
            "properties": {
                **{
                    f"name_{code}": text
                    for code, text in feature["properties"].get("labels", {}).items()
                },
                **(
                    {"pattern": feature["properties"]["pattern"]}
                    if feature["properties"].get("pattern")
                    else {}
                ),
            },
            "geometry": feature["geometry"],
        }
        for feature in collection["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def _flat_names(collection: dict) -> dict:
    """A basemap layer with its per-language names as `name_<code>` properties (MapLibre
    reads flat properties only), and only what the reader paints."""
    features = []
    for feature in collection["features"]:
        properties = feature["properties"]
        flat = {key: properties[key] for key in ("kind", "rank", "ref") if key in properties}
        for code, name in (properties.get("name") or {}).items():
            flat[f"name_{code}"] = name
        features.append({"type": "Feature", "properties": flat, "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": features}


def _split(name: str) -> tuple[str, str]:
    """`maplibre-gl-5.24.1.a9c9e2aa36.js` -> ("maplibre-gl-5.24.1", ".js")."""
    stem, _, suffix = name.rpartition(".")
    return stem.rsplit(".", 1)[0], f".{suffix}"


@dataclass(frozen=True)
class _Assets:
    root: Path

    @property
    def manifest(self) -> dict[str, str]:
        return json.loads((self.root / VENDOR / "manifest.json").read_text())

    def vendor(self, name: str) -> bytes:
        return (self.root / VENDOR / name).read_bytes()

    def glyphs(self, codes: set[int]) -> dict[str, str]:
        """Glyph range -> the PBF in base64, cut down to the glyphs of `codes` (the texts
        the map draws, `map_texts`); ranges without any of them are left out."""
        folder = self.root / GLYPHS / FONTSTACK
        ranges = {}
        for path in sorted(folder.glob("*.pbf")):
            kept = subset(path.read_bytes(), codes)
            if kept is not None:
                ranges[path.stem] = base64.b64encode(kept).decode()
        return ranges


@cache
def _assets() -> _Assets:
    from dashboard.pack.paths import assets_dir

    return _Assets(Path(assets_dir()))
