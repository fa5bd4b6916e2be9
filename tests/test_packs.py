"""Conflict packs: a made-up country runs end to end, and every settings mistake is named.

The quality of the error reports is itself the subject here: each broken setting must
name the file and the key (or row and column), never end in a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fictional_pack import BOUNDARY_FILE, CONFIG, write_pack
from reader_page import page_settings, site_data
from test_cli import run

from dashboard.cli import EXIT_INVALID, main
from dashboard.pack.config import ConfigError, load_config
from dashboard.pack.paths import DEFAULT_PACK, bundled_packs, find_pack
from dashboard.project import load_project
from dashboard.records import RecordError
from dashboard.web import create_app


@pytest.fixture(scope="module")
def arcadia(tmp_path_factory: pytest.TempPathFactory):
    """The fictional pack with its layers built by the real command."""
    paths = write_pack(tmp_path_factory.mktemp("arcadia"))
    from dashboard.cli import main

    assert main(["build-geo", "--data-dir", str(paths.root)]) == 0
    return paths


def test_fictional_pack_builds_and_validates(arcadia, capsys):
    code, out, err = run(capsys, "validate", "--data-dir", str(arcadia.root))
    assert code == 0
    # Two places have no Ukrainian name (the map falls back to Spanish): warned, not refused.
    assert [line.split(" [")[1] for line in err.splitlines()] == [
        "name_uk]: molino has no name in uk; the map shows its es name there",
        "name_uk]: cerro has no name in uk; the map shows its es name there",
    ]
    assert "valid: 5 places, 3 changes, 3 sources, 2023-03-01 to 2023-03-10" in out
    layers = {path.name for path in arcadia.geo_dir.glob("*.geojson")}
    assert layers == {
        "areas.geojson",
        "units.geojson",
        "parents.geojson",
        "frontier_edges.geojson",
        "disputed.geojson",
        "beyond.geojson",
        "zones.geojson",
    }


def test_fictional_pack_areas_cover_every_unit_and_leave_the_disputed_zone(arcadia):
    areas = json.loads((arcadia.geo_dir / "areas.geojson").read_text(encoding="utf-8"))
    by_unit = {}
    for feature in areas["features"]:
        props = feature["properties"]
        by_unit.setdefault(props["unit_id"], []).append(props)
    assert set(by_unit) == {"AR-N1", "AR-N2", "AR-N3", "AR-S1", "AR-S2", "AR-S3"}
    # The airbase is a point: it never gets an area, so AR-N3 follows the nearest town,
    # but for its part of the plateau zone, which follows the zone.
    assert all(props["town_id"] != "cerro" for unit in by_unit.values() for props in unit)
    assert [(p["town_id"], p["nearest"]) for p in by_unit["AR-N3"]] == [
        ("meseta", False),
        ("molino", True),
    ]
    assert by_unit["AR-N1"][0]["unit_names"] == {"es": "Norte Uno", "uk": "Північ 1"}
    # Three quarters of AR-S3 remain; its disputed quarter (0.25 square degree) is apart.
    s3 = sum(p["area_km2"] for p in by_unit["AR-S3"])
    s2 = sum(p["area_km2"] for p in by_unit["AR-S2"])
    assert s3 == pytest.approx(0.75 * s2, rel=0.02)
    disputed = json.loads((arcadia.geo_dir / "disputed.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["disputed_id"] for f in disputed["features"]] == ["isla"]


def test_fictional_pack_state_uses_its_own_sides_and_languages(arcadia, capsys):
    def state(day: str) -> dict:
        code, out, _ = run(capsys, "state", "--data-dir", str(arcadia.root), "--date", day)
        assert code == 0
        return json.loads(out)

    before, fighting, after = state("2023-03-03"), state("2023-03-05"), state("2023-03-08")
    holders = {town["id"]: town["side"] for town in after["towns"]}
    assert holders == {
        "puerto": "azul",
        "molino": "rojo",
        "vado": "rojo",
        "cerro": "rojo",
        "meseta": "rojo",
    }
    assert {t["id"]: t["side"] for t in fighting["towns"]}["molino"] == "disputado"
    puerto = next(town for town in before["towns"] if town["id"] == "puerto")
    assert puerto["names"] == {"es": "Puerto Azul", "uk": "Порт"}
    assert puerto["side_label"] == "Fuerzas azules"
    shares = sum(total["share"] for total in after["territory"])
    assert shares == pytest.approx(1.0, abs=1e-3)


def test_fictional_pack_exports_a_png(arcadia, capsys, tmp_path: Path):
    out = tmp_path / "arcadia.png"
    code, _, err = run(
        capsys,
        "export",
        "--data-dir",
        str(arcadia.root),
        "--date",
        "2023-03-05",
        "--format",
        "png",
        "--out",
        str(out),
    )
    assert (code, err) == (0, "")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fictional_pack_serves_its_page_and_layers(arcadia):
    client = create_app(load_project(arcadia).paths).server.test_client()
    page = client.get("/")
    assert page.status_code == 200
    assert "Quién controla Arcadia" in page.get_data(as_text=True)  # the pack's headline
    geometry = site_data(client, page.data, "geo")
    assert set(geometry) == {"areas", "edges", "parents", "disputed", "zones"}
    assert all(layer["type"] == "FeatureCollection" for layer in geometry.values())
    tables = site_data(client, page.data, "tables", "es")
    names = [run[0]["label"] for run in tables["states"]["names"]]
    assert "Fuerzas azules" in names  # the legend speaks the pack's primary language
    assert tables["texts"]["legendItems"]["disputed"].startswith("Disputed zone")
    assert tables["texts"]["shortCredit"] == "Arcadia test data"  # the pack's own credits


def test_every_route_honours_the_path_prefix():
    client = create_app(url_base_pathname="/maps/").server.test_client()
    page = client.get("/maps/")
    assert page.status_code == 200
    assert site_data(client, page.data, "geo", prefix="/maps/site/")["areas"]["features"]
    for path in ("record.csv", "_dash-layout", "assets/app.js"):
        assert client.get(f"/maps/{path}").status_code == 200, path
    assert client.get("/site/" + page_settings(page.data)["files"]["geo"]).status_code == 404


def test_one_server_shows_every_bundled_war_with_a_switch(monkeypatch):
    """The default pack at the base path, the others under /<name>/, behind /maps/ too."""
    from dashboard.web import create_server

    monkeypatch.setenv("DASH_URL_BASE_PATHNAME", "/maps/")
    client = create_server().test_client()
    for path, title in (("", "Syria"), ("sudan/", "Sudan")):
        page = client.get(f"/maps/{path}")
        assert page.status_code == 200, path
        links = {link["href"]: link["current"] for link in page_settings(page.data)["switch"]}
        assert links == {"/maps/": title == "Syria", "/maps/sudan/": title == "Sudan"}
        assert f"<title>{title}" in page.get_data(as_text=True)


def test_bundled_packs_travel_with_the_package():
    packs = bundled_packs()
    assert next(iter(packs)) == DEFAULT_PACK
    assert find_pack().root == packs[DEFAULT_PACK]
    for root in packs.values():
        config = load_config(root / "conflict.toml")
        assert (root / "geo" / "source" / config.boundaries.file).is_file()


def test_data_dir_variable_selects_a_pack(arcadia, monkeypatch, capsys):
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(arcadia.root))
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "5 places" in out


# (what is changed in conflict.toml, the key named, words of the message)
CONFIG_MISTAKES = [
    ('title = "Arcadia: the river war"', "title = 'x'\nmood = 'grim'", "mood", "unknown key"),
    ('region = "Arcadia"', "", "region", "required key is missing"),
    ("period_end = 2023-03-10", 'period_end = "soon"', "period_end", "valid date"),
    ('colour = "#d95f02"', 'colour = "red"', "sides[1: rojo].colour", "'red' is not a colour"),
    ('colour = "#d95f02"', 'colour = "#1B9E77"', "sides", "colour used more than once: #1b9e77"),
    ('id = "rojo"', 'id = "azul"', "sides", "side or state id used more than once: azul"),
    ('id = "disputado"', 'id = "azul"', "states", "side or state id used more than once: azul"),
    (
        'label = { es = "En disputa", uk = "Спірно" }',
        'label = { uk = "Спірно" }',
        "states",
        "disputado label needs a text in the primary language 'es'",
    ),
    (
        'label = { es = "Frente rojo" }',
        'label = { es = "Frente rojo", fr = "Front rouge" }',
        "sides",
        "rojo label uses undeclared language(s) fr",
    ),
    ('id = "rojo"', 'id = "Rojo Front"', "sides[1: Rojo Front].id", "should match pattern"),
    ("simplify_degrees = 0.001", "simplify_degrees = 5", "boundaries.simplify_degrees", "0.1"),
    ("frontline = false", 'frontline = "perhaps"', "states[0: disputado].frontline", "boolean"),
    ('code = "uk"', 'code = "es"', "languages", "language code used more than once: es"),
    ('record_licence = "CC0"', "", "attribution.record_licence", "required key is missing"),
    (
        'record_licence = "CC0"',
        'record_licence = "CC0"\n[attribution.translations.fr]\nboundaries = "a"\n'
        'places = "b"\ncontrol = "c"\nshort = "d"',
        "attribution",
        "translations in fr: give them for the pack's other languages (uk)",
    ),
    (
        'record_licence = "CC0"',
        'record_licence = "CC0"\n[attribution.translations.uk]\nboundaries = "a"\n'
        'places = "b"\ncontrol = "c"',
        "attribution.translations.uk.short",
        "required key is missing",
    ),
    ('id_column = "codigo"', "id_column = 7", "boundaries.id_column", "valid string"),
    ("since = 2023-03-06", 'since = "soon"', "sides[1: rojo].relabel[0].since", "date"),
    ('short = { es = "Rojos" }', 'short = { uk = "Червоні" }', "sides", "rojo short needs"),
    ("date = 2023-03-04", "date = 2023-03-04\nlabel2 = 1", "key_events[0].label2", "unknown key"),
    ('standfirst = { es = "El', 'standfirst = { fr = "El', "standfirst", "primary language 'es'"),
]


@pytest.mark.parametrize(("old", "new", "key", "words"), CONFIG_MISTAKES)
def test_each_settings_mistake_names_the_file_and_key(tmp_path, old, new, key, words):
    path = tmp_path / "conflict.toml"
    assert old in CONFIG
    path.write_text(CONFIG.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    problems = caught.value.problems
    assert [(p.file, p.column) for p in problems] == [(str(path), key)], problems
    assert words in problems[0].message


def test_broken_toml_is_reported_with_its_line(tmp_path):
    path = tmp_path / "conflict.toml"
    path.write_text('title = "unfinished\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"conflict.toml: not valid TOML: .*line 1"):
        load_config(path)


def test_side_used_in_events_but_not_declared(arcadia, capsys, tmp_path: Path):
    events = tmp_path / "events.csv"
    text = arcadia.events.read_text(encoding="utf-8")
    events.write_text(text.replace(",azul,rojo,The red", ",azul,verde,The red"), encoding="utf-8")
    code, _, err = run(capsys, "validate", "--data-dir", str(arcadia.root), "--events", str(events))
    assert code == EXIT_INVALID
    assert f"{events}:6 [to_side]: unknown side 'verde'; allowed: azul, rojo, disputado" in err
    assert "(sides are declared in conflict.toml)" in err
    assert "Traceback" not in err


def test_missing_boundary_column_is_named_by_validate_and_build(arcadia, capsys, tmp_path: Path):
    pack = write_pack(tmp_path / "pack")
    pack.config.write_text(CONFIG.replace('"nazva"', '"nazwa"'), encoding="utf-8")
    source = pack.source_dir / BOUNDARY_FILE
    code, _, err = run(capsys, "build-geo", "--data-dir", str(pack.root))
    assert code == EXIT_INVALID
    assert f"{source}: column(s) nazwa named in conflict.toml [boundaries]" in err
    for layer in arcadia.geo_dir.glob("*.geojson"):
        (pack.geo_dir / layer.name).write_bytes(layer.read_bytes())
    code, _, err = run(capsys, "validate", "--data-dir", str(pack.root))
    assert code == EXIT_INVALID
    assert f"{source} [nazwa]: column named in {pack.config} [boundaries]" in err


def test_new_pack_starts_from_a_boundary_file_and_says_what_to_fill_in(capsys, tmp_path):
    syria = find_pack("syria")
    boundaries = syria.source_dir / load_config(syria.config).boundaries.file
    target = tmp_path / "mine"
    code, out, _ = run(
        capsys, "new-pack", str(target), "--boundaries", str(boundaries), "--languages", "en,ar"
    )
    assert code == 0
    assert "now fill in" in out and "towns.csv" in out
    config = load_config(target / "conflict.toml")
    assert config.boundaries.id_column == "adm2_pcode"
    assert config.boundaries.parent_id_column == "adm1_pcode"
    assert config.boundaries.name_columns["en"] == "adm2_name"
    assert (target / "geo" / "source" / boundaries.name).read_bytes() == boundaries.read_bytes()
    # The empty record is refused with a clear reason, not a traceback.
    code, _, err = run(capsys, "validate", "--data-dir", str(target))
    assert code == EXIT_INVALID
    assert f"{target / 'events.csv'} [kind]: no baseline rows" in err
    # A second run never overwrites what the user has started.
    before = (target / "conflict.toml").read_bytes()
    code, _, err = run(capsys, "new-pack", str(target), "--boundaries", str(boundaries))
    assert code == EXIT_INVALID and "is not empty" in err
    assert (target / "conflict.toml").read_bytes() == before


def test_bundled_boundary_files_are_carried_unchanged():
    """Each pack's SOURCES.md states the checksum of its boundary file, which must hold."""
    import hashlib

    for root in bundled_packs().values():
        source_dir = root / "geo" / "source"
        file = source_dir / load_config(root / "conflict.toml").boundaries.file
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        assert digest in (source_dir / "SOURCES.md").read_text(encoding="utf-8"), root.name


def test_a_settlement_moved_after_the_build_is_refused(arcadia, capsys, tmp_path: Path):
    pack = write_pack(tmp_path / "pack")
    for layer in arcadia.geo_dir.glob("*.geojson"):
        (pack.geo_dir / layer.name).write_bytes(layer.read_bytes())
    towns = pack.towns.read_text(encoding="utf-8")
    pack.towns.write_text(towns.replace("40.5,21.5", "41.5,21.5"), encoding="utf-8")
    code, _, err = run(capsys, "validate", "--data-dir", str(pack.root))
    assert code == EXIT_INVALID
    assert f"{pack.towns}:4 [lat]: vado at lat 41.5, lon 21.5 is not in its own area" in err


def test_side_names_follow_the_day_and_keep_a_short_form(arcadia):
    config = load_config(arcadia.config)
    assert config.label("rojo", "es") == "Frente rojo"
    assert config.short_label("rojo", "es") == "Rojos"
    relabelled = dt.date(2023, 3, 6)
    assert config.label("rojo", "es", relabelled) == "Frente rojo unificado"
    assert config.label("rojo", "es", relabelled - dt.timedelta(days=1)) == "Frente rojo"
    # A renaming without a short form of its own shortens to its label.
    assert config.short_label("rojo", "uk", relabelled) == "Frente rojo unificado"
    assert config.short_label("azul", "uk") == "Сині сили"
    assert config.title_in("uk") == "Arcadia: the river war"
    assert config.text(config.headline, "uk") == "Хто контролює Аркадію"
    assert config.key_events[0].place == "vado"


def test_a_title_per_language(tmp_path):
    path = tmp_path / "conflict.toml"
    path.write_text(
        CONFIG.replace(
            'title = "Arcadia: the river war"',
            'title = { es = "Arcadia: la guerra del río", uk = "Аркадія" }',
        ),
        encoding="utf-8",
    )
    config = load_config(path)
    assert (config.title_in("uk"), config.title_in("es")) == (
        "Аркадія",
        "Arcadia: la guerra del río",
    )
    assert config.title_in(None) == "Arcadia: la guerra del río"


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        (
            "date = 2023-03-04",
            "date = 2023-02-01",
            "key_events[0].date",
            "outside the record's period",
        ),
        ('place = "vado"', 'place = "atlantis"', "key_events[0].place", "unknown place 'atlantis'"),
    ],
)
def test_a_key_event_must_fall_in_the_period_on_a_known_place(
    arcadia, tmp_path, old, new, key, words
):
    pack = write_pack(tmp_path / "pack")
    pack.config.write_text(CONFIG.replace(old, new, 1), encoding="utf-8")
    for layer in arcadia.geo_dir.glob("*.geojson"):
        (pack.geo_dir / layer.name).write_bytes(layer.read_bytes())
    with pytest.raises(RecordError) as caught:
        load_project(pack)
    assert [(p.column, words in p.message) for p in caught.value.problems] == [(key, True)]


def test_validate_warns_of_a_missing_name_and_of_two_article_styles(capsys, tmp_path):
    pack = write_pack(tmp_path / "pack")
    towns = pack.towns.read_text(encoding="utf-8")
    towns = towns.replace("Puerto Azul", "al-Puerto").replace("Vado Rojo", "El Vado")
    pack.towns.write_text(towns, encoding="utf-8")
    assert main(["build-geo", "--data-dir", str(pack.root)]) == 0
    code, _, err = run(capsys, "validate", "--data-dir", str(pack.root))
    assert code == 0  # warnings, not problems
    assert f"{pack.towns}:3 [name_uk]: molino has no name in uk" in err
    assert "the article is written" in err and "use one style" in err


def test_credits_follow_the_language_when_the_pack_translates_them():
    """An Arabic page or export credits in Arabic; a language without translated
    credits gets the pack's first language, and says which."""
    config = load_config(find_pack("syria").config)
    arabic, lang = config.credits("ar")
    assert lang == "ar" and arabic.short.startswith("الحدود: OCHA")
    english, lang = config.credits("en")
    assert lang == "en" and english.short == config.attribution.short
    assert config.credits("zz") == (config.attribution, "en")
