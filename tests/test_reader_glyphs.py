"""A site's glyphs: each range cut down to the code points of the texts its map
writes, drawn the same (the browser check compares the map's pixels with the full
ranges)."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from dashboard.pack.paths import assets_dir, find_pack
from dashboard.project import load_project
from dashboard.reader.bundle import FONTSTACK, GLYPHS, build_site
from dashboard.reader.glyphs import code_points, glyph_codes, range_name, subset

FOLDER = Path(assets_dir()) / GLYPHS / FONTSTACK


def payload(script: bytes) -> str:
    """The text a data script hands the reader."""
    return json.loads(re.search(rb"\.push\((.*)\);\s*$", script, re.S).group(1))[2]


def test_a_subset_keeps_exactly_the_glyphs_asked_for_byte_for_byte():
    full = (FOLDER / "0-255.pbf").read_bytes()
    kept = subset(full, {ord("A"), ord("z"), 0x2603})  # the snowman is not in this range
    assert glyph_codes(kept) == {ord("A"), ord("z")}
    assert b"Noto Sans Regular" in kept and b"0-255" in kept
    assert subset(full, {0x0627}) is None  # alef: no glyph of it here


def test_arabic_names_bring_their_contextual_forms_and_lam_alef_only():
    codes = code_points(["سلام"])  # seen, lam, alef, mim
    assert {0x0633, 0x0644, 0x0627, 0x0645} <= codes
    assert {0xFEB1, 0xFEB3, 0xFEB4, 0xFEB2} <= codes  # seen: isolated, initial, medial, final
    assert 0xFEFB in codes  # lam with alef, isolated
    assert 0xFC0C not in codes  # beh with meem: a ligature the text plugin never makes
    assert 0xFE8F not in codes  # beh: not in the name


@pytest.mark.parametrize("pack", ["syria", "sudan"])
def test_a_site_has_every_glyph_of_the_texts_on_its_map_and_no_other_range(pack):
    """Place names, the sides' names (the blocs' labels), the basemap's and the zones'
    names, in each language and in capitals (countries, regions and blocs are written
    in capitals in Latin scripts): a missing glyph is a letter silently dropped from a
    name ("TURKY" for "TURKEY")."""
    project = load_project(find_pack(pack))
    site = build_site(project)
    files = site.settings["files"]["glyphs"]
    texts = []
    for path in site.settings["files"]["tables"].values():
        texts += json.loads(payload(site.files[path]))["towns"]["names"]
    layers = project.layers
    for collection in [*layers.basemap.values(), layers.zones or {"features": []}]:
        for feature in collection["features"]:
            names = feature["properties"].get("name") or feature["properties"].get("labels")
            texts += (names or {}).values()
    for side in project.config.all_states:
        for code in (language.code for language in project.config.languages):
            texts += [
                project.config.short_label(side.id, code, day) for day in project.timeline.dates
            ]
    assert "TURKEY" in {text.upper() for text in texts} or pack == "sudan"
    texts += [text.upper() for text in texts]
    wanted = {code for code in code_points(texts) if (FOLDER / f"{range_name(code)}.pbf").is_file()}
    held = set()
    for name, path in files.items():
        codes = glyph_codes(base64.b64decode(payload(site.files[path])))
        assert codes and all(range_name(code) == name for code in codes)
        held |= codes
    available = {
        c for c in wanted if c in glyph_codes((FOLDER / f"{range_name(c)}.pbf").read_bytes())
    }
    assert held == available
    assert {ord(letter) for letter in "TURKEYÜ"} <= held or pack == "sudan"
