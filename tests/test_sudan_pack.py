"""The Sudan pack: a second real war on the same format, with no code of its own."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
import shapely

from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.summary import embed, generated_blocks

PACK = find_pack("sudan")
D = dt.date


KEPT_SIDES = ("joint_forces", "other")


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(PACK)


def test_sides_are_exactly_the_agreed_ids(project: Project):
    config = project.config
    assert [side.id for side in config.sides] == [
        "saf",
        "rsf",
        "splm_n",
        "slm_aw",
        "sspdf",
        *KEPT_SIDES,
    ]
    assert [state.id for state in config.states] == ["contested"]
    assert all(set(state.label) == {"en", "ar"} for state in config.all_states)


def test_every_declared_side_holds_a_place_at_some_time(project: Project):
    """Except the ids kept from 0.3 for users' files: side ids are never removed."""
    held = {event.to_side for event in project.record.events}
    assert {side.id for side in project.config.sides} - set(KEPT_SIDES) <= held
    assert not held & set(KEPT_SIDES)


def test_the_slm_abdel_wahid_holds_jebel_marra_throughout_and_tawila_from_2023(project: Project):
    timeline = project.timeline
    assert {timeline.town_state("jebel_marra", i) for i in range(len(timeline.dates))} == {"slm_aw"}
    index = timeline.day_index(D(2023, 9, 23))
    assert timeline.town_state("tawila", index - 1) == "rsf"
    assert timeline.town_state("tawila", index) == "slm_aw"
    assert timeline.town_state("tawila", len(timeline.dates) - 1) == "slm_aw"


def test_drawn_zones_are_zone_places_inside_their_outline_and_apart(project: Project):
    collection = json.loads((PACK.root / "zones.geojson").read_text(encoding="utf-8"))
    towns = project.record.towns
    sources = set(project.record.sources)
    shapes = []
    for feature in collection["features"]:
        properties = feature["properties"]
        town = towns[properties["town_id"]]
        outline = shapely.geometry.shape(feature["geometry"])
        assert town.kind == "zone"
        assert outline.contains(shapely.Point(town.lon, town.lat)), town.town_id
        assert set(properties["source_ids"].split(";")) <= sources
        assert properties["note"]
        shapes.append(outline)
    for first, second in itertools.combinations(shapes, 2):
        assert not first.overlaps(second)


def test_record_runs_from_the_eve_of_the_war_to_the_end_of_2025(project: Project):
    timeline = project.timeline
    assert timeline.dates[0] == D(2023, 4, 14)
    assert timeline.dates[-1] >= D(2025, 12, 31)
    assert len(project.record.changes) >= 60
    assert all(event.source_ids for event in project.record.events)
    # Every state capital of the 18 states is tracked with a holder on every day.
    parents = {f["properties"]["parent_id"] for f in project.layers.areas["features"]}
    assert len(parents) == 18


@pytest.mark.parametrize(
    ("town_id", "day", "before", "after"),
    [
        ("wad_madani", "2023-12-18", "saf", "rsf"),
        ("wad_madani", "2025-01-11", "rsf", "saf"),
        ("republican_palace", "2025-03-21", "rsf", "saf"),
        ("khartoum_airport", "2025-03-26", "rsf", "saf"),
        ("nyala", "2023-10-26", "saf", "rsf"),
        ("el_fasher", "2025-10-26", "saf", "rsf"),
        ("zamzam", "2025-04-13", "saf", "rsf"),
        ("singa", "2024-11-23", "rsf", "saf"),
    ],
)
def test_turning_points_change_hands_on_their_day(project, town_id, day, before, after):
    timeline = project.timeline
    index = timeline.day_index(D.fromisoformat(day))
    assert timeline.town_state(town_id, index - 1) == before
    assert timeline.town_state(town_id, index) == after


def test_disputed_zones_are_drawn_apart_and_never_held(project: Project):
    disputed = project.layers.disputed
    assert disputed is not None
    zones = {f["properties"]["disputed_id"]: f for f in disputed["features"]}
    assert set(zones) == {"abyei", "halaib"}
    areas = shapely.union_all(project.layers.areas_gdf.geometry.to_numpy())
    for zone in zones.values():
        shape = shapely.geometry.shape(zone["geometry"])
        assert shapely.area(shapely.intersection(shape, areas)) < 1e-6 * shape.area
    halaib = shapely.geometry.shape(zones["halaib"]["geometry"])
    assert halaib.bounds[1] == pytest.approx(22.0, abs=0.01)  # north of the 22nd parallel


def test_every_place_lies_in_sudan(project: Project):
    areas = project.layers.areas_gdf
    country = shapely.union_all(areas.geometry.to_numpy())
    for town in project.record.towns.values():
        assert country.contains(shapely.Point(town.lon, town.lat)), town.town_id


def test_pack_readme_counts_are_current(project: Project):
    readme = (PACK.root / "README.md").read_text(encoding="utf-8")
    assert readme == embed(readme, generated_blocks(project)), (
        "run `frontline summary --pack sudan --update packs/sudan/README.md`"
    )
