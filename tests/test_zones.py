"""Zones with their own polygons and the reach of places: what `build-geo` makes of
them, and every mistake in `zones.geojson` named by file, feature and property."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from fictional_pack import ZONE_BOX, zone_collection
from test_cli import run

from dashboard.cli import EXIT_INVALID
from dashboard.geo.build import build_pack_layers
from dashboard.geo.projection import EqualArea
from dashboard.geo.zones import ZoneError
from dashboard.pack.config import ConfigError, load_config
from dashboard.pack.paths import PackPaths, find_pack
from dashboard.project import load_project, with_events
from dashboard.records import GivenFile, RecordError


def layer(pack: PackPaths, name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(pack.geo_dir / f"{name}.geojson")


def test_a_zone_holds_exactly_its_polygon(pack):
    areas = layer(pack, "areas")
    zone = areas[areas["town_id"] == "meseta"]
    assert sorted(zone["unit_id"]) == ["AR-N2", "AR-N3"]  # a piece in each district
    assert not zone["nearest"].any()
    drawn = shapely.box(*ZONE_BOX)
    built = shapely.union_all(zone.geometry.to_numpy())
    assert shapely.symmetric_difference(built, drawn).area < 1e-6
    others = areas[areas["town_id"] != "meseta"].geometry.to_numpy()
    assert shapely.area(shapely.intersection(others, drawn)).max() < 1e-9
    zones = layer(pack, "zones")
    assert list(zones["town_id"]) == ["meseta"]
    assert json.loads((pack.geo_dir / "zones.geojson").read_text())["features"][0]["properties"][
        "area_ids"
    ] == ["AR-N2-meseta", "AR-N3-meseta"]
    assert shapely.symmetric_difference(zones.geometry.iloc[0], drawn).area < 1e-6


def test_units_and_parents_keep_their_borders_around_a_zone(pack):
    units = layer(pack, "units").set_index("unit_id")
    for unit_id, west in (("AR-N2", 21), ("AR-N3", 22)):
        square = shapely.box(west, 41, west + 1, 42)
        assert shapely.symmetric_difference(units.geometry[unit_id], square).area < 1e-6


@pytest.mark.parametrize("pack_name", ["syria", "sudan", "arcadia"])
def test_held_and_beyond_reach_add_up_to_each_area(pack, pack_name):
    geo = pack.geo_dir if pack_name == "arcadia" else find_pack(pack_name).geo_dir
    areas = gpd.read_file(geo / "areas.geojson").set_index("area_id")
    beyond = gpd.read_file(geo / "beyond.geojson")
    assert (areas["km2_held"] <= areas["area_km2"]).all()
    outside = beyond.groupby("area_id")["km2"].sum().reindex(areas.index, fill_value=0)
    assert np.allclose(areas["km2_held"] + outside, areas["area_km2"], atol=0.02)
    # Land beyond reach lies inside its own area: where the reach crosses a straight
    # border, the crossing put on the 1e-4 degree grid leaves a wedge a few metres wide
    # (its area grows with the border's length: 0.25 km² along Um Baru's 140 km one).
    mine = areas.geometry[beyond["area_id"]].to_numpy()
    spill = shapely.get_parts(shapely.difference(beyond.geometry.to_numpy(), mine))
    spill = spill[~shapely.is_empty(spill)]
    radius = [shapely.maximum_inscribed_circle(part, 1e-7).length for part in spill]
    assert max(radius, default=0) < 0.5e-4  # no part wider than a grid step, about 11 m


def test_land_beyond_reach_is_farther_than_the_reach_of_its_place(pack):
    config = load_config(pack.config)
    areas = layer(pack, "areas").set_index("area_id")
    beyond = layer(pack, "beyond")
    plane = EqualArea.centred_on((20, 40, 23, 42))
    town = {"puerto": (20.5, 41.5), "molino": (20.8, 41.2), "vado": (21.5, 40.5)}
    kinds = {"puerto": config.reach.city, "molino": config.reach.town, "vado": config.reach.town}
    for area_id, geometry in zip(beyond["area_id"], beyond.geometry, strict=True):
        town_id = areas.loc[area_id, "town_id"]
        point = plane.to_plane(np.array([shapely.Point(*town[town_id])]))[0]
        near = shapely.buffer(point, kinds[town_id] * 1000 * 0.99)
        assert shapely.intersection(plane.to_plane(np.array([geometry]))[0], near).area < 1e3


def test_a_frontline_is_never_drawn_across_land_beyond_reach(pack):
    edges = layer(pack, "frontier_edges")
    beyond = shapely.union_all(layer(pack, "beyond").geometry.to_numpy())
    inner = shapely.buffer(beyond, -1e-3)  # its border with the held land may be an edge
    assert shapely.length(shapely.intersection(edges.geometry.to_numpy(), inner)).max() == 0


def test_reach_is_set_per_kind_and_checked(tmp_path: Path):
    paths = find_pack("syria")
    assert load_config(paths.config).reach.city == 50
    text = paths.config.read_text(encoding="utf-8").replace("city = 50", "city = -5")
    (tmp_path / "conflict.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "conflict.toml")
    assert "reach.city" in str(error.value)


def broken(pack: PackPaths, tmp_path: Path, change) -> PackPaths:
    """A copy of the pack whose zones file `change` edits (a dict, in place)."""
    root = tmp_path / "arcadia"
    shutil.copytree(pack.root, root)
    copy_paths = PackPaths.in_dir(root)
    collection = zone_collection()
    change(collection)
    copy_paths.zones.write_text(json.dumps(collection), encoding="utf-8")
    return copy_paths


def _second(collection: dict, **properties) -> dict:
    feature = copy.deepcopy(collection["features"][0])
    feature["properties"].update(properties)
    collection["features"].append(feature)
    return feature


def _box(feature: dict, west: float, south: float, east: float, north: float) -> None:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    feature["geometry"] = {"type": "Polygon", "coordinates": [ring]}


# (what is wrong, the change to the zones file, [(feature, property, words)])
MISTAKES = [
    (
        "unknown-property",
        lambda c: c["features"][0]["properties"].update(colour="red"),
        [(0, "colour", "unknown property; the properties are town_id")],
    ),
    (
        "unknown-pattern",
        lambda c: c["features"][0]["properties"].update(pattern="hatched"),
        [(0, "pattern", "'hatched' is not a zone pattern (occupied)")],
    ),
    (
        "not-a-zone",
        lambda c: c["features"][0]["properties"].update(town_id="vado"),
        [(0, "town_id", "vado is a town; a zone's place has kind zone")],
    ),
    (
        "unknown-place",
        lambda c: c["features"][0]["properties"].update(town_id="nowhere"),
        [(0, "town_id", "'nowhere' is not a place of towns.csv")],
    ),
    (
        "no-source",
        lambda c: c["features"][0]["properties"].update(source_ids=" ; "),
        [(0, "source_ids", "at least one source id is required")],
    ),
    (
        "unknown-source",
        lambda c: c["features"][0]["properties"].update(source_ids="arc_wire_2023_03_01;nope"),
        [(0, "source_ids", "unknown source 'nope'")],
    ),
    (
        "label-language",
        lambda c: c["features"][0]["properties"].update(labels={"uk": "Плато", "fr": "x"}),
        [
            (0, "labels", "'fr' is not a language of the pack"),
            (0, "labels", "needs a text in the primary language 'es'"),
        ],
    ),
    (
        "point-geometry",
        lambda c: c["features"][0].update(geometry={"type": "Point", "coordinates": [21, 41]}),
        [(0, "geometry", "expected Polygon or MultiPolygon, found Point")],
    ),
    (
        "bowtie",
        lambda c: c["features"][0].update(
            geometry={
                "type": "Polygon",
                "coordinates": [[[21, 41], [22, 42], [22, 41], [21, 42], [21, 41]]],
            }
        ),
        [(0, "geometry", "invalid (Self-intersection")],
    ),
    (
        "place-outside",
        lambda c: _box(c["features"][0], 21.0, 40.2, 21.4, 40.4),
        [(0, "geometry", "does not contain its place meseta")],
    ),
    (
        "town-inside",
        lambda c: _box(c["features"][0], 20.1, 41.1, 21.9, 41.9),
        [
            (0, "geometry", "contains puerto (a city), which would then hold no land"),
            (0, "geometry", "contains molino (a town)"),
        ],
    ),
    (
        "twice",
        lambda c: _box(_second(c), 21.7, 41.5, 21.9, 41.7),
        [
            (1, "town_id", "meseta already has a polygon (feature 0)"),
            (1, "geometry", "overlaps feature 0 (meseta) by"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "change", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_every_mistake_in_the_zones_file_is_named(pack, tmp_path, capsys, name, change, expected):
    paths = broken(pack, tmp_path, change)
    with pytest.raises(ZoneError) as error:
        build_pack_layers(paths, tmp_path / "geo")
    reported = [(p.column, p.message) for p in error.value.problems]
    for feature, key, words in expected:
        assert any(
            column == f"feature {feature}: {key}" and words in message
            for column, message in reported
        ), reported
    assert all(p.file == str(paths.zones) for p in error.value.problems)
    assert len(reported) == len(expected), reported
    code, _, err = run(capsys, "validate", "--data-dir", str(paths.root))
    assert code == EXIT_INVALID
    assert f"{paths.zones} [feature {expected[0][0]}: {expected[0][1]}]: " in err


def test_overlapping_zones_are_refused(pack, tmp_path):
    def change(collection: dict) -> None:
        feature = _second(collection, town_id="meseta")
        _box(feature, 21.0, 41.5, 21.7, 41.7)

    # A second zone place is needed: give the copy's towns one, inside the overlap.
    paths = broken(pack, tmp_path, change)
    towns = paths.towns.read_text(encoding="utf-8")
    paths.towns.write_text(towns + "cumbre,La Cumbre,,zone,,41.6,21.65,,made up\n", "utf-8")
    collection = json.loads(paths.zones.read_text(encoding="utf-8"))
    collection["features"][1]["properties"]["town_id"] = "cumbre"
    paths.zones.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(ZoneError) as error:
        build_pack_layers(paths, tmp_path / "geo")
    (problem,) = error.value.problems
    assert problem.column == "feature 1: geometry"
    assert "overlaps feature 0 (meseta) by" in problem.message


def test_a_zone_outside_the_map_is_refused(pack, tmp_path):
    def change(collection: dict) -> None:
        _box(collection["features"][0], 30, 10, 31, 11)

    paths = broken(pack, tmp_path, change)
    text = paths.towns.read_text(encoding="utf-8").replace(",41.6,21.8,", ",10.5,30.5,")
    paths.towns.write_text(text, encoding="utf-8")
    with pytest.raises(ZoneError, match=r"\[feature 0: geometry\]: outside every unit"):
        build_pack_layers(paths, tmp_path / "geo")


def test_labels_default_to_the_place_s_names(pack, tmp_path):
    paths = broken(pack, tmp_path, lambda c: c["features"][0]["properties"].pop("labels"))
    build_pack_layers(paths)
    zones = json.loads((paths.geo_dir / "zones.geojson").read_text(encoding="utf-8"))
    assert zones["features"][0]["properties"]["labels"] == {"es": "La Meseta", "uk": "Плато"}


def test_validate_says_when_the_layers_are_older_than_the_zones(pack, tmp_path, capsys):
    paths = broken(pack, tmp_path, lambda c: None)
    paths.zones.unlink()
    code, _, err = run(capsys, "validate", "--data-dir", str(paths.root))
    assert code == EXIT_INVALID
    assert "the map's layers do not match this file (zones: meseta); run `frontline" in err
    # Rebuilt without zones, the zone place is a point of its own again.
    build_pack_layers(paths)
    assert not (paths.geo_dir / "zones.geojson").exists()
    code, _, err = run(capsys, "validate", "--data-dir", str(paths.root))
    assert code == 0, err


def test_an_occupied_zone_carries_its_pattern_and_keeps_its_holder(pack, tmp_path):
    """The builder writes the pattern the painters draw; a record in which the zone
    changes hands is refused (the lines would mislabel the land on those days), for the
    pack and for a user's own file alike, naming the row."""
    paths = broken(
        pack, tmp_path, lambda c: c["features"][0]["properties"].update(pattern="occupied")
    )
    build_pack_layers(paths)
    zones = json.loads((paths.geo_dir / "zones.geojson").read_text(encoding="utf-8"))
    assert zones["features"][0]["properties"]["pattern"] == "occupied"
    project = load_project(paths)
    assert project.layers.zones["features"][0]["properties"]["pattern"] == "occupied"

    events = paths.events.read_text(encoding="utf-8")
    change = (
        "c-meseta,2023-03-04,meseta,change,rojo,azul,Taken.,medium,place,arc_daily_2023_03_04,,,\n"
    )
    mine = GivenFile("mine.csv", (events + change).encode())
    with pytest.raises(RecordError) as error:
        with_events(project, mine)
    (problem,) = error.value.problems
    rows = len(events.splitlines()) + 1
    assert (problem.file, problem.row, problem.column) == ("mine.csv", rows, "town_id")
    assert "meseta is a zone drawn as occupied on every day" in problem.message
    paths.events.write_text(events + change, encoding="utf-8")
    with pytest.raises(RecordError, match=r"meseta is a zone drawn as occupied"):
        load_project(paths)
