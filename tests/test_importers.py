"""`frontline import` and `frontline review` on the Arcadia pack, with fixtures in each
real format (tests/import_fixtures): what is imported, what is listed for a person, and
that every draft validates and draws."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from dashboard.cli import EXIT_INVALID, main
from dashboard.importers.errors import ImportRefused
from dashboard.importers.run import run_import
from dashboard.pack.paths import PackPaths
from dashboard.project import load_project
from dashboard.records import load_record
from dashboard.records.load import EVENT_HEADER, SOURCE_HEADER, town_header

FIXTURES = Path(__file__).parent / "import_fixtures"


@pytest.fixture
def arcadia(pack: PackPaths, tmp_path: Path) -> PackPaths:
    """A fresh copy of the built Arcadia pack for each test."""
    return PackPaths.in_dir(shutil.copytree(pack.root, tmp_path / "arcadia"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main([str(arg) for arg in argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def imported(draft: Path) -> list[dict[str, str]]:
    return [row for row in rows(draft / "events.csv") if row["review"] == "pending"]


def by_town(draft: Path) -> dict[str, list[tuple[str, str, str, str]]]:
    found: dict[str, list] = {}
    for row in imported(draft):
        found.setdefault(row["town_id"], []).append(
            (row["date"], row["kind"], row["from_side"], row["to_side"])
        )
    return found


def pack_bytes(paths: PackPaths) -> dict[str, bytes]:
    return {
        name: (paths.root / name).read_bytes()
        for name in ("events.csv", "towns.csv", "sources.csv", "geo/areas.geojson")
    }


def holders(capsys, paths: PackPaths, draft: Path, day: str) -> dict[str, str]:
    code, out, err = run(
        capsys, "state", "--pack", paths.root, "--events", draft / "events.csv", "--date", day
    )
    assert code == 0, err
    return {town["id"]: town["side"] for town in json.loads(out)["towns"]}


def test_snapshot_table_round_trip(capsys, arcadia: PackPaths):
    before = pack_bytes(arcadia)
    code, out, err = run(
        capsys,
        "import",
        "snapshots",
        FIXTURES / "arcadia_control.csv",
        "--pack",
        arcadia.root,
        "--mapping",
        FIXTURES / "snapshots.toml",
    )
    assert code == 0, err
    draft = arcadia.root / "imports" / "snapshots"
    # Names in either pack language match (Брід is vado's Ukrainian name), case and
    # articles aside: the places whose holder did not change give no row.
    assert by_town(draft) == {
        "puerto": [("2023-03-12", "change", "azul", "rojo")],
        "san_lucas": [
            ("2023-03-01", "baseline", "", "azul"),
            ("2023-03-12", "change", "azul", "disputado"),
        ],
    }
    change = next(row for row in imported(draft) if row["town_id"] == "puerto")
    assert "on 2023-03-08" in change["date_note"] and "between the two days" in change["date_note"]
    assert (change["confidence"], change["basis"]) == ("low", "place")
    # Everything that was not imported is listed, with where it came from.
    assert "'Grey' (1x, first at arcadia_control.csv:10)" in out
    assert "'Atlantis': not in the pack, and no coordinates" in out
    assert "'El Molino': the name matches molino but it lies 202 km away" in out
    assert "vado held by Frente rojo on 2023-03-03 disagrees with the record" in out
    assert f"frontline build-geo --pack {arcadia.root} --events {draft / 'events.csv'}" in out
    new = rows(draft / "towns.csv")[-1]
    assert (new["town_id"], new["kind"], new["lat"]) == ("san_lucas", "town", "40.300000")
    assert new["coord_note"] == "From import snapshots: arcadia_control.csv:6"
    assert rows(draft / "sources.csv")[-1]["licence"] == "CC BY 4.0"
    assert (draft / "report.txt").read_text(encoding="utf-8").startswith("draft: ")
    assert pack_bytes(arcadia) == before

    # A new place has no area yet: the map refuses the draft and says what to run ...
    code, _, err = run(capsys, "validate", "--pack", arcadia.root, "--events", draft / "events.csv")
    assert code == EXIT_INVALID
    assert "san_lucas has no area on the map; run `frontline build-geo --pack" in err
    # ... which builds the layers beside the draft, leaving the pack's own alone.
    code, _, err = run(
        capsys, "build-geo", "--pack", arcadia.root, "--events", draft / "events.csv"
    )
    assert code == 0, err
    assert (draft / "geo" / "areas.geojson").is_file()
    assert pack_bytes(arcadia) == before
    code, out, err = run(
        capsys, "validate", "--pack", arcadia.root, "--events", draft / "events.csv"
    )
    assert code == 0 and "valid: 6 places" in out
    assert "pending review: 3 rows" in err
    assert holders(capsys, arcadia, draft, "2023-03-12")["san_lucas"] == "disputado"
    # The server draws the draft too: the reader's tables hold the new place.
    from dashboard.web import create_server

    client = create_server({"arcadia": arcadia.with_events(draft / "events.csv")}).test_client()
    page = client.get("/").data.decode()
    tables = json.loads(page.split('id="frontline-page">')[1].split("</script>")[0])["files"]
    script = client.get(f"/site/{tables['tables']['es']}").data.decode()
    assert '\\"san_lucas\\"' in script


def test_wikipedia_module_revisions(arcadia: PackPaths):
    result = run_import(
        "wikipedia",
        [FIXTURES / "arcadia_map_rev1.lua", FIXTURES / "arcadia_map_rev2.lua"],
        arcadia,
        FIXTURES / "wikipedia.toml",
        dates=[dt("2023-03-12"), dt("2023-03-20")],
    )
    draft = result.folder
    assert by_town(draft) == {
        # A two-colour icon is mapped to the contested state; the place is new.
        "isla_verde": [
            ("2023-03-01", "baseline", "", "disputado"),
            ("2023-03-20", "change", "disputado", "rojo"),
        ],
        "puerto": [("2023-03-20", "change", "azul", "rojo")],
    }
    note = next(r for r in imported(draft) if r["town_id"] == "puerto")["date_note"]
    assert "on 2023-03-12" in note and "on 2023-03-20" in note
    assert list(result.findings.unmapped) == ["Abm-red-icon.png"]
    sources = rows(draft / "sources.csv")[-2:]
    assert {s["licence"] for s in sources} == {"CC BY-SA 4.0"}
    assert sources[0]["publisher"] == "Wikipedia contributors"
    assert sources[0]["url"] == "https://example.org/wiki/Module:Arcadia_detailed_map"
    assert sources[0]["title"] == "Module:Arcadia detailed map [arcadia_map_rev1.lua, 2023-03-12]"
    assert result.needs_build


def test_deepstate_polygons_with_outside(capsys, arcadia: PackPaths):
    result = run_import(
        "polygons",
        [FIXTURES / "deepstate_day1.geojson", FIXTURES / "deepstate_day2.geojson"],
        arcadia,
        FIXTURES / "deepstate.toml",
        name="deepstate",
        dates=[dt("2023-03-15"), dt("2023-03-22")],
    )
    draft = result.folder
    assert by_town(draft) == {
        "puerto": [
            ("2023-03-15", "change", "azul", "rojo"),
            ("2023-03-22", "change", "rojo", "azul"),
        ],
        "cerro": [("2023-03-15", "change", "rojo", "disputado")],
        # The plateau's point lies outside every polygon: the map's "outside" holder.
        "meseta": [("2023-03-15", "change", "rojo", "azul")],
    }
    basis = {(r["town_id"], r["date"]): r["basis"] for r in imported(draft)}
    # Inside a polygon the source states the place; outside, only the wider picture.
    assert basis[("puerto", "2023-03-15")] == "place"
    assert basis[("puerto", "2023-03-22")] == "region"
    assert basis[("meseta", "2023-03-15")] == "region"
    assert "#0f9d58" in result.findings.unmapped
    assert any(
        "vado lies in a polygon whose value is not mapped" in u for u in result.findings.unplaced
    )
    assert not result.new_places and not result.needs_build
    # No new place: the draft draws at once, with the pack's own layers.
    assert holders(capsys, arcadia, draft, "2023-03-15")["cerro"] == "disputado"
    assert holders(capsys, arcadia, draft, "2023-03-22")["puerto"] == "azul"


@pytest.mark.parametrize("packed", [False, True], ids=["kml", "kmz"])
def test_kml_styles_folders_and_points(arcadia: PackPaths, tmp_path: Path, packed: bool):
    source = FIXTURES / "arcadia_mymaps.kml"
    if packed:
        source = tmp_path / "arcadia_mymaps.kmz"
        with zipfile.ZipFile(source, "w") as archive:
            archive.write(FIXTURES / "arcadia_mymaps.kml", "doc.kml")
    result = run_import(
        "polygons",
        [source],
        arcadia,
        FIXTURES / "kml.toml",
        name="mymaps",
        dates=[dt("2023-03-25")],
    )
    # Colours come from the styles (KML's aabbggrr, through a StyleMap's normal style).
    assert by_town(result.folder) == {
        "santa_fe": [("2023-03-01", "baseline", "", "azul")],
        "cerro": [("2023-03-25", "change", "rojo", "azul")],
    }
    assert [(p.town_id, p.kind) for p in result.new_places] == [("santa_fe", "village")]
    assert list(result.findings.unmapped) == ["#00ff00"]


def test_kml_sides_by_folder(arcadia: PackPaths, tmp_path: Path):
    mapping = tmp_path / "folders.toml"
    mapping.write_text(
        '[source]\nlicence = "shared for reuse"\n[columns]\nside = "folder"\n'
        '[sides]\n"Red front control" = "rojo"\n"Blue forces" = "azul"\n',
        encoding="utf-8",
    )
    result = run_import(
        "polygons", [FIXTURES / "arcadia_mymaps.kml"], arcadia, mapping, dates=[dt("2023-03-25")]
    )
    assert by_town(result.folder)["cerro"] == [("2023-03-25", "change", "rojo", "azul")]
    assert list(result.findings.unmapped) == [""]  # the marker outside every folder


def test_other_gis_formats_through_pyogrio(arcadia: PackPaths, tmp_path: Path):
    layer = tmp_path / "isw_day.gpkg"
    gpd.GeoDataFrame(
        {"holder": ["Red front"]},
        geometry=[shapely.box(20.0, 41.0, 21.0, 42.0)],
        crs="EPSG:4326",
    ).to_crs("EPSG:3857").to_file(layer, driver="GPKG")
    mapping = tmp_path / "isw.toml"
    mapping.write_text(
        '[source]\npublisher = "A think tank"\nlicence = "for analysis"\n'
        '[columns]\nside = "holder"\n[sides]\n"Red front" = "rojo"\n',
        encoding="utf-8",
    )
    result = run_import("polygons", [layer], arcadia, mapping, dates=[dt("2023-03-15")])
    assert by_town(result.folder) == {"puerto": [("2023-03-15", "change", "azul", "rojo")]}


def test_acled_events_are_inferred_and_stay_local(capsys, arcadia: PackPaths):
    result = run_import("acled", [FIXTURES / "acled_arcadia.csv"], arcadia, FIXTURES / "acled.toml")
    draft = result.folder
    assert by_town(draft) == {
        "puerto": [
            ("2023-03-09", "inferred", "azul", "rojo"),
            ("2023-03-12", "inferred", "rojo", "azul"),
        ],
        "cerro": [("2023-03-14", "inferred", "rojo", "azul")],
    }
    rows_ = {(r["town_id"], r["date"]): r for r in imported(draft)}
    assert rows_[("cerro", "2023-03-14")]["basis"] == "region"  # geo_precision 2
    assert "only the week" in rows_[("puerto", "2023-03-12")]["date_note"]
    assert rows_[("puerto", "2023-03-12")]["source_ids"] == "acled_arc102"
    assert "Nueva Aldea" in " ".join(result.findings.doubtful)
    assert list(result.findings.unmapped) == ["Unidentified Armed Group (Arcadia)"]
    assert result.findings.skipped == [
        "acled_arcadia.csv: 1 rows of other event types (not transfers of territory)"
    ]
    sources = rows(draft / "sources.csv")[-3:]
    assert all(s["licence"].startswith("no redistribution") for s in sources)
    assert "Arcadia Daily" in sources[0]["title"]
    code, _, err = run(capsys, "validate", "--pack", arcadia.root, "--events", draft / "events.csv")
    assert code == 0
    assert "licence forbids redistribution: 3 rows" in err and "acled_arc101" in err


def test_a_new_pack_takes_its_baseline_from_the_first_snapshot(
    capsys, arcadia: PackPaths, tmp_path: Path
):
    # A new pack has no key events on places it does not track yet.
    config = arcadia.config.read_text(encoding="utf-8")
    arcadia.config.write_text(config.split("[[key_events]]")[0], encoding="utf-8")
    for name, header in (
        ("events.csv", EVENT_HEADER),
        ("towns.csv", town_header(("es", "uk"))),
        ("sources.csv", SOURCE_HEADER),
    ):
        (arcadia.root / name).write_text(",".join(header) + "\n", encoding="utf-8")
    # A new pack has no places yet: no zones drawn, no key event at a place.
    arcadia.zones.unlink()
    config = arcadia.config.read_text(encoding="utf-8")
    arcadia.config.write_text(config.replace('place = "vado"\n', ""), encoding="utf-8")
    shutil.rmtree(arcadia.geo_dir / "areas.geojson", ignore_errors=True)
    table = tmp_path / "first.csv"
    table.write_text(
        "date,place,side,lat,lon\n"
        "2023-03-02,Alfa,Blue,41.5,20.5\n2023-03-02,Beta,Red,40.5,21.5\n"
        "2023-03-05,Alfa,Red,41.5,20.5\n2023-03-05,Gamma,Red,41.5,22.5\n",
        encoding="utf-8",
    )
    result = run_import("snapshots", [table], arcadia, FIXTURES / "snapshots.toml")
    assert by_town(result.folder) == {
        "alfa": [("2023-03-02", "baseline", "", "azul"), ("2023-03-05", "change", "azul", "rojo")],
        "beta": [("2023-03-02", "baseline", "", "rojo")],
        "gamma": [("2023-03-02", "baseline", "", "rojo")],
    }
    gamma = next(r for r in imported(result.folder) if r["town_id"] == "gamma")
    assert "First shown on 2023-03-05" in gamma["date_note"]
    events = result.folder / "events.csv"
    assert run(capsys, "build-geo", "--pack", arcadia.root, "--events", events)[0] == 0
    assert holders(capsys, arcadia, result.folder, "2023-03-05") == {
        "alfa": "rojo",
        "beta": "rojo",
        "gamma": "rojo",
    }


def test_mapping_mistakes_are_named_by_key(arcadia: PackPaths, tmp_path: Path):
    mapping = tmp_path / "bad.toml"
    mapping.write_text(
        '[sides]\nBlue = "blue_army"\noutside = "azul"\n[columns]\nholder = "x"\n[extra]\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as refused:
        run_import("snapshots", [FIXTURES / "arcadia_control.csv"], arcadia, mapping)
    text = str(refused.value)
    assert f"{mapping} [sides.Blue]: unknown side 'blue_army'" in text
    assert f"{mapping} [sides.outside]: only polygon imports use it" in text
    assert f"{mapping} [columns.holder]: unknown field for snapshots" in text
    assert f"{mapping} [extra]: unknown table" in text
    assert f"{mapping} [source.licence]: say under which terms" in text
    assert not (arcadia.root / "imports").exists()


def test_a_draft_is_never_overwritten_and_names_are_ids(arcadia: PackPaths):
    args = ([FIXTURES / "arcadia_control.csv"], arcadia, FIXTURES / "snapshots.toml")
    first = run_import("snapshots", *args, name="mine")
    written = (first.folder / "events.csv").read_bytes()
    with pytest.raises(ImportRefused, match="a draft of that name exists"):
        run_import("snapshots", *args, name="mine")
    assert (first.folder / "events.csv").read_bytes() == written
    with pytest.raises(ImportRefused, match="not a valid id"):
        run_import("snapshots", *args, name="../elsewhere")


def test_bad_cells_are_named_by_file_line_and_column(arcadia: PackPaths, tmp_path: Path):
    table = tmp_path / "bad.csv"
    table.write_text(
        "date,place,side,lat,lon\n12/03/2023,Alfa,Blue,41.5,20.5\n2023-03-12,Beta,Red,95,x\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as refused:
        run_import("snapshots", [table], arcadia, FIXTURES / "snapshots.toml")
    text = str(refused.value)
    assert f"{table}:2 [date]: '12/03/2023' is not a date" in text
    assert f"{table}:3 [lat]: latitude 95.0 is outside" in text
    assert f"{table}:3 [lon]: 'x' is not a number" in text
    assert not (arcadia.root / "imports").exists()


def test_wikipedia_needs_a_date_per_revision(arcadia: PackPaths):
    with pytest.raises(ImportRefused, match="1 date\\(s\\) for 2 input file\\(s\\)"):
        run_import(
            "wikipedia",
            [FIXTURES / "arcadia_map_rev1.lua", FIXTURES / "arcadia_map_rev2.lua"],
            arcadia,
            FIXTURES / "wikipedia.toml",
            dates=[dt("2023-03-12")],
        )


def test_settled_places_and_doubts(arcadia: PackPaths, tmp_path: Path):
    table = tmp_path / "names.csv"
    table.write_text(
        "date,place,side,lat,lon\n"
        "2023-03-12,Old Mill,Red,41.21,20.81\n"  # 1 km from molino: by distance
        "2023-03-12,Ford,Blue,,\n"  # settled by hand in [places]
        "2023-03-12,Molinito,Red,41.35,20.65\n",  # between puerto and molino: two nearby
        encoding="utf-8",
    )
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        (FIXTURES / "snapshots.toml").read_text(encoding="utf-8")
        + '\n[places]\nFord = "vado"\n[matching]\nnear_km = 25\n',
        encoding="utf-8",
    )
    result = run_import("snapshots", [table], arcadia, mapping)
    assert by_town(result.folder) == {"vado": [("2023-03-12", "change", "rojo", "azul")]}
    assert result.matched_by_distance == [
        "names.csv:2: 'Old Mill' -> molino distance (1.4 km); listed as 'Red'"
    ]
    (doubt,) = result.findings.doubtful
    assert doubt == (
        "names.csv:4: 'Molinito': several places nearby: puerto (20.8 km), molino (20.9 km)"
    )


def test_review_lists_and_decides(capsys, arcadia: PackPaths):
    run_import(
        "snapshots", [FIXTURES / "arcadia_control.csv"], arcadia, FIXTURES / "snapshots.toml"
    )
    draft = arcadia.root / "imports" / "snapshots"
    events = draft / "events.csv"
    assert run(capsys, "build-geo", "--pack", arcadia.root, "--events", events)[0] == 0
    base = ("review", "--pack", arcadia.root, "--events", events)
    code, out, _ = run(capsys, *base)
    assert code == 0
    assert out.index("Provincia Norte:") < out.index("snapshots-0001") < out.index("Provincia Sur:")
    assert "source snapshots_arcadia_control_20230312: Arcadia Desk" in out
    assert "3 pending rows" in out

    original = events.read_bytes()
    # Dropping a place's baseline alone would leave its later change hanging: refused.
    code, _, err = run(capsys, *base, "--drop", "b-san_lucas", "--note", "one source only")
    assert code == EXIT_INVALID and "nothing was written" in err
    assert events.read_bytes() == original
    code, _, err = run(capsys, *base, "--confirm", "snapshots-0001")
    assert code == 0, err
    code, _, err = run(capsys, *base, "--confirm", "snapshots-0001")
    assert code == EXIT_INVALID and "is not pending" in err
    code, _, err = run(capsys, *base, "--correct", "snapshots-0002", "confidence=medium")
    assert code == EXIT_INVALID and "--note" in err
    code, _, err = run(
        capsys,
        *base,
        "--correct",
        "snapshots-0002",
        "confidence=medium",
        "date=2023-03-11",
        "--note",
        "Arcadia Daily of 11 March names the day",
    )
    assert code == 0, err
    decided = {row["event_id"]: row for row in rows(events)}
    assert (decided["snapshots-0001"]["review"], decided["snapshots-0002"]["review"]) == (
        "confirmed",
        "corrected",
    )
    assert decided["snapshots-0002"]["date"] == "2023-03-11"
    # Dropping the new place's every row takes the place out of the draft, kept aside.
    code, _, err = run(
        capsys, *base, "--drop", "b-san_lucas", "--note", "no second source for San Lucas"
    )
    assert code == EXIT_INVALID  # its corrected change still depends on it
    code, out, _ = run(capsys, *base)
    assert code == 0 and "1 pending rows" in out
    record = load_record(
        events, draft / "towns.csv", draft / "sources.csv", load_project(arcadia).config
    )
    assert [e.event_id for e in record.events if e.is_pending] == ["b-san_lucas"]


def test_dropped_rows_and_places_are_kept_aside(capsys, arcadia: PackPaths):
    run_import(
        "snapshots", [FIXTURES / "arcadia_control.csv"], arcadia, FIXTURES / "snapshots.toml"
    )
    draft = arcadia.root / "imports" / "snapshots"
    events = draft / "events.csv"
    code, out, err = run(
        capsys,
        "review",
        "--pack",
        arcadia.root,
        "--events",
        events,
        "--drop",
        "b-san_lucas",
        "snapshots-0002",
        "--note",
        "no second source for San Lucas",
    )
    assert code == 0, err
    assert "2 dropped, 1 places dropped" in out
    dropped = rows(draft / "dropped.csv")
    assert [(r["event_id"], r["review"]) for r in dropped] == [
        ("b-san_lucas", "dropped"),
        ("snapshots-0002", "dropped"),
    ]
    assert [r["town_id"] for r in rows(draft / "dropped_towns.csv")] == ["san_lucas"]
    assert "san_lucas" not in {r["town_id"] for r in rows(draft / "towns.csv")}
    # Without the new place the draft draws on the pack's own layers again.
    code, out, err = run(capsys, "validate", "--pack", arcadia.root, "--events", events)
    assert code == 0, err


def dt(text: str):
    import datetime

    return datetime.date.fromisoformat(text)
