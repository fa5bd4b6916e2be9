"""The readers' building blocks: Lua literals, wiki labels, names, KML colours, records'
new columns (a source's licence, a pending row)."""

from __future__ import annotations

import pytest
from record_fixtures import (
    EVENT_HEADER,
    EVENTS,
    SOURCE_HEADER,
    SOURCES,
    load_test_record,
    write_csv,
)

from dashboard.importers.kml import placemarks
from dashboard.importers.lua import LuaError, parse_module
from dashboard.importers.matching import normalise_name, slug
from dashboard.importers.wikipedia import label_name
from dashboard.records import RecordError
from dashboard.records.provenance import publication_warnings


def test_lua_literals_are_read_and_code_is_refused():
    module = parse_module(
        "-- note\nlocal p = {}\nreturn { marks = { { lat = -1.5, long = 0x10, label = 'a\\'b',"
        ' [ "k" ] = [==[x]]y]==], ok = true }; } }'
    )
    assert module == {"marks": [{"lat": -1.5, "long": 16, "label": "a'b", "k": "x]]y", "ok": True}]}
    with pytest.raises(LuaError, match="line 2: cannot read"):
        parse_module("return {\n lat = os.execute('x') }")
    with pytest.raises(LuaError, match="line 1: 'tonumber' is not a literal value"):
        parse_module("return { lat = tonumber }")
    with pytest.raises(LuaError, match="not closed"):
        parse_module("return { lat = 1,")


def test_wiki_labels_and_names():
    assert label_name("[[Kafr Nabl|Kafranbel]]") == ("Kafranbel", "Kafr Nabl")
    assert label_name("'''[[Aleppo]]'''<br>(city)") == ("Aleppo (city)", "Aleppo")
    assert normalise_name("El-Fasher") == normalise_name("Fasher")
    assert normalise_name("Ma\u2018arrat") == "maarrat"
    assert slug("Wad Madani") == "wad_madani" and slug("Брід") == ""


def test_kml_colours_are_read_as_rrggbb():
    kml = b"""<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Style id="s"><PolyStyle><color>80563412</color></PolyStyle></Style>
      <Placemark><name>A</name><styleUrl>#s</styleUrl><Polygon><outerBoundaryIs><LinearRing>
      <coordinates>0,0 1,0 1,1 0,0</coordinates>
      </LinearRing></outerBoundaryIs></Polygon></Placemark>
    </Document></kml>"""
    (mark,) = placemarks(kml)
    assert mark.properties["fill"] == "#123456"
    assert mark.geometry.geom_type == "Polygon"


def test_sources_carry_a_licence_and_pending_rows_are_valid_with_a_warning(record_files):
    header = [*SOURCE_HEADER, "licence"]
    write_csv(
        record_files.sources,
        header,
        [SOURCES[0] + ["no redistribution: test terms"], SOURCES[1] + ["CC BY 4.0"]],
    )
    events = [row[:] for row in EVENTS]
    events[-1][EVENT_HEADER.index("review")] = "pending"
    write_csv(record_files.events, EVENT_HEADER, events)
    record = load_test_record(record_files)
    assert record.sources["src_b"].licence == "CC BY 4.0"
    warnings = publication_warnings(record)
    assert any("pending review: 1 row" in w for w in warnings)
    assert any("licence forbids redistribution" in w and "src_a" in w for w in warnings)


def test_a_licence_is_free_text_but_never_a_formula(record_files):
    write_csv(
        record_files.sources,
        [*SOURCE_HEADER, "licence"],
        [SOURCES[0] + ["=HYPERLINK()"], SOURCES[1] + [""]],
    )
    with pytest.raises(RecordError, match=r"sources.csv:2 \[licence\]: text starts with '='"):
        load_test_record(record_files)


def test_dropped_is_no_verdict_an_events_file_may_hold(record_files):
    events = [row[:] for row in EVENTS]
    events[-1][EVENT_HEADER.index("review")] = "dropped"
    write_csv(record_files.events, EVENT_HEADER, events)
    with pytest.raises(RecordError, match="unknown review verdict 'dropped'"):
        load_test_record(record_files)
