"""Seats of government in the gazetteer: the optional `capital` column of towns.csv."""

from __future__ import annotations

import pytest

from dashboard.pack.paths import find_pack
from dashboard.project import load_project

NATIONAL = {"syria": "damascus", "sudan": "khartoum"}


@pytest.mark.parametrize("pack", ["syria", "sudan"])
def test_each_first_level_unit_has_one_seat_and_the_country_one_capital(pack: str):
    """Every governorate (state) of the boundary file holds exactly one capital, and the
    national capital is also its own unit's seat."""
    project = load_project(find_pack(pack))
    towns = project.record.towns.values()
    capitals = {town.town_id: town.capital for town in towns if town.capital}
    assert [t for t, level in capitals.items() if level == "national"] == [NATIONAL[pack]]
    assert set(capitals.values()) == {"national", "regional"}
    areas = project.layers.areas_gdf
    own = areas[~areas["nearest"]].set_index("town_id")["parent_id"]
    seats = [own.loc[town_id] for town_id in capitals]
    assert sorted(seats) == sorted(set(areas["parent_id"]))


def test_places_that_are_no_seat_have_none():
    towns = load_project(find_pack("sudan")).record.towns
    assert towns["port_sudan"].capital == "regional"
    assert towns["omdurman"].capital is None
    assert towns["khartoum_airport"].capital is None
