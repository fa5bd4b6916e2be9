"""Geometry layers: coverage properties, payload size, determinism and clear errors.

One build from a small made-up town table (one town per district plus a few extra) runs
once per module from the Syria pack's boundary file; the same layer checks also run on
the committed layers of the pack.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.geo.build import build_geo
from dashboard.geo.errors import GeoBuildError, GeoLayerError
from dashboard.geo.layers import load_layers
from dashboard.geo.projection import EqualArea
from dashboard.geo.reach import reach_km
from dashboard.geo.schema import APP_FILES, BEYOND, DISPUTED, LAYERS, ZONES
from dashboard.geo.source import read_units
from dashboard.pack.config import load_config
from dashboard.pack.paths import find_pack
from dashboard.records.models import SETTLEMENT_KINDS

PACK = find_pack("syria")
CONFIG = load_config(PACK.config)
BOUNDARIES = CONFIG.boundaries
# The Syria pack has no disputed zones; land lies beyond reach. Its drawn zones (and the
# zones layer) are checked in test_zones.py; here their areas are told apart by town.
NAMES = tuple(name.removesuffix(".geojson") for name in LAYERS if name not in (DISPUTED, ZONES))
BROWSER_FILES = tuple(name.removesuffix(".geojson") for name in (*APP_FILES, BEYOND))
# Real places placed in districts that already have a representative-point town.
EXTRA_TOWNS = [
    ("aleppo", "Aleppo", 36.2021, 37.1343),
    ("saraqib", "Saraqib", 35.8647, 36.8006),
    ("maarat_al_numan", "Maarrat al-Nu'man", 35.6431, 36.6739),
    ("khan_shaykhun", "Khan Shaykhun", 35.4417, 36.6511),
    ("hama", "Hama", 35.1318, 36.7578),
    ("tall_refaat", "Tall Rifaat", 36.4733, 37.0969),
]
PLANE = EqualArea.centred_on((35.6, 32.3, 42.4, 37.3))
GRID = 1e-4


def small_towns() -> pd.DataFrame:
    """One town at a point inside each source district, plus a few real towns."""
    units = read_units(PACK.source_dir, BOUNDARIES)
    points = shapely.point_on_surface(units.geometry.to_numpy())
    inner = pd.DataFrame(
        {
            "town_id": [f"t_{unit_id.lower()}" for unit_id in units["unit_id"]],
            "name": units["name_en"].to_numpy(),
            "kind": "town",
            "lat": np.round(shapely.get_y(points), 4),
            "lon": np.round(shapely.get_x(points), 4),
        }
    )
    extra = pd.DataFrame(EXTRA_TOWNS, columns=["town_id", "name", "lat", "lon"])
    return pd.concat([inner, extra.assign(kind="city")], ignore_index=True)


@pytest.fixture(scope="module")
def towns() -> pd.DataFrame:
    return small_towns()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, towns: pd.DataFrame) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("geo")
    return out, build_geo(PACK.source_dir, BOUNDARIES, towns, out)


@pytest.fixture(scope="module", params=["built", "committed"])
def layers(request: pytest.FixtureRequest, built, towns) -> dict:
    """Layers as GeoDataFrames plus the towns they were built from, for either source."""
    if request.param == "built":
        geo_dir, layer_towns, zoned = built[0], towns, set()
    else:
        geo_dir = PACK.geo_dir
        layer_towns = pd.read_csv(PACK.towns, dtype={"town_id": str})
        layer_towns = layer_towns[layer_towns["kind"].isin(SETTLEMENT_KINDS)]
        zoned = set(gpd.read_file(geo_dir / ZONES)["town_id"])
    frames = {name: gpd.read_file(geo_dir / f"{name}.geojson") for name in NAMES}
    country = shapely.union_all(frames["parents"].geometry.to_numpy())
    return {**frames, "country": country, "dir": geo_dir, "towns": layer_towns, "zoned": zoned}


def zone_pieces(layers: dict) -> pd.Series:
    """Per area: whether it is a piece of a zone drawn with its own polygon."""
    return layers["areas"]["town_id"].isin(layers["zoned"])


def country_km2(layers: dict) -> float:
    return float(shapely.area(PLANE.to_plane(np.array([layers["country"]]))).sum() / 1e6)


def union_boundary(frame: gpd.GeoDataFrame) -> shapely.Geometry:
    return shapely.union_all(shapely.boundary(frame.geometry.to_numpy()))


def length_off(lines: shapely.Geometry, reference: shapely.Geometry) -> float:
    """Length of `lines` not lying on `reference`: exact, as shared borders share vertices."""
    return shapely.difference(lines, reference).length


@pytest.mark.parametrize("name", NAMES)
def test_layers_are_valid_lonlat(layers: dict, name: str) -> None:
    frame = layers[name]
    assert len(frame) > 0
    assert shapely.is_valid(frame.geometry.to_numpy()).all()
    assert frame.crs.to_epsg() == 4326
    west, south, east, north = frame.total_bounds
    assert west > 35.5 and east < 42.5 and south > 32.2 and north < 37.4


@pytest.mark.parametrize("name", ["units", "areas", "parents"])
def test_layer_is_a_gapless_coverage_of_the_country(layers: dict, name: str) -> None:
    geoms = layers[name].geometry.to_numpy()
    union = shapely.union_all(geoms)
    country = layers["country"]
    assert shapely.coverage_is_valid(geoms)
    assert shapely.area(geoms).sum() == pytest.approx(union.area, rel=1e-9)  # no overlap
    assert shapely.symmetric_difference(union, country).area < 1e-9  # no gap


def test_layer_counts(layers: dict) -> None:
    assert len(layers["units"]) == 62
    assert len(layers["parents"]) == 14
    # One area per settlement, plus one for each unit that has no settlement of its own;
    # a zone drawn with its own polygon has instead one piece in each unit it covers.
    pieces = zone_pieces(layers)
    towns = layers["towns"][~layers["towns"]["town_id"].isin(layers["zoned"])]
    assert (~pieces).sum() == len(towns) + layers["areas"]["nearest"].sum()
    zones = layers["areas"][pieces]
    assert set(zones["town_id"]) == layers["zoned"]
    assert not zones.duplicated(["town_id", "unit_id"]).any()


def test_area_km2_adds_up_to_country(layers: dict) -> None:
    assert layers["areas"]["area_km2"].sum() == pytest.approx(country_km2(layers), rel=1e-3)
    assert country_km2(layers) == pytest.approx(187_443, rel=0.01)


def test_area_properties_and_order(layers: dict) -> None:
    areas = layers["areas"]
    assert list(areas["area_id"]) == sorted(areas["area_id"])
    assert list(areas["area_id"]) == [
        f"{u}-{t}" for u, t in zip(areas.unit_id, areas.town_id, strict=True)
    ]
    assert all(set(names) == {"en", "ar"} for names in areas["unit_names"])
    pieces = zone_pieces(layers)
    assert not areas.loc[pieces, "nearest"].any()
    # Besides its zone pieces, a unit is divided among its towns or follows one town.
    nearest = areas[~pieces].groupby("unit_id")["nearest"].agg(["all", "any"])
    assert (nearest["all"] == nearest["any"]).all(), "a unit is either divided or follows one town"
    assert (areas[areas["nearest"]].groupby("unit_id").size() == 1).all()
    units = layers["units"].set_index("unit_id")
    assert (areas["parent_id"] == areas["unit_id"].map(units["parent_id"])).all()


def test_parent_borders_coincide_with_unit_borders(layers: dict) -> None:
    unit_lines = union_boundary(layers["units"])
    assert length_off(union_boundary(layers["parents"]), unit_lines) == 0
    assert length_off(unit_lines, union_boundary(layers["areas"])) == 0


def test_every_area_contains_its_town_inside_syria(layers: dict) -> None:
    towns = layers["towns"].set_index("town_id")
    pieces = zone_pieces(layers)
    # A follower lies elsewhere; a zone's point lies in one of its pieces (below).
    areas = layers["areas"][~layers["areas"]["nearest"] & ~pieces]
    points = shapely.points(
        areas["town_id"].map(towns["lon"]).to_numpy(float),
        areas["town_id"].map(towns["lat"]).to_numpy(float),
    )
    assert shapely.covers(areas.geometry.to_numpy(), points).all()
    for town_id, zone in layers["areas"][pieces].groupby("town_id"):
        point = shapely.Point(towns.loc[town_id, "lon"], towns.loc[town_id, "lat"])
        assert shapely.covers(zone.geometry.to_numpy(), point).sum() == 1, town_id
    all_towns = shapely.points(towns["lon"].to_numpy(float), towns["lat"].to_numpy(float))
    assert shapely.covers(layers["country"], all_towns).all()


def reach_discs(layers: dict, areas: pd.DataFrame, shrink: float = 1.0) -> np.ndarray:
    """Per area, its town's reach as a lon/lat disc (`shrink` times the radius); a zone
    drawn with its own polygon reaches all of its piece (with its border)."""
    towns = layers["towns"].set_index("town_id")
    radius = [reach_km(kind, CONFIG.reach) for kind in areas["town_id"].map(towns["kind"])]
    points = PLANE.to_plane(
        shapely.points(
            areas["town_id"].map(towns["lon"]).to_numpy(float),
            areas["town_id"].map(towns["lat"]).to_numpy(float),
        )
    )
    discs = PLANE.to_lonlat(shapely.buffer(points, np.array(radius) * 1000 * shrink))
    zoned = areas["town_id"].isin(layers["zoned"]).to_numpy()
    discs[zoned] = shapely.buffer(areas.geometry.to_numpy()[zoned], GRID)
    return discs


def test_frontier_edges_are_the_inner_borders_within_reach_of_both_sides(layers: dict) -> None:
    edges, areas = layers["frontier_edges"], layers["areas"]
    exterior = shapely.boundary(layers["country"])
    edge_lines = shapely.union_all(edges.geometry.to_numpy())
    assert length_off(edge_lines, exterior) == pytest.approx(edge_lines.length)
    assert (edges["area_a"] < edges["area_b"]).all()
    assert not edges.duplicated(["area_a", "area_b"]).any()
    geometry = areas.set_index("area_id").geometry
    shared = shapely.intersection(
        shapely.boundary(geometry[edges["area_a"]].to_numpy()),
        shapely.boundary(geometry[edges["area_b"]].to_numpy()),
    )
    # Every edge lies on its two areas' shared border (a clipped end is written on the
    # grid, so within 1e-4 degrees of it)...
    off = shapely.length(
        shapely.difference(edges.geometry.to_numpy(), shapely.buffer(shared, GRID))
    )
    assert off.max() < 1e-9
    # ...within reach of both areas' towns (1 % for the discs' polygons)...
    by_id = areas.set_index("area_id")
    discs = pd.Series(list(reach_discs(layers, areas, 1.01)), index=areas["area_id"])
    for column in ("area_a", "area_b"):
        inside = shapely.covers(discs[edges[column]].to_numpy(), edges.geometry.to_numpy())
        assert inside.all(), edges[~inside][["area_a", "area_b"]]
    # ...and every shared border well within both reaches is drawn.
    inner = reach_discs(layers, areas, 0.98)
    pairs = shapely.STRtree(by_id.geometry.to_numpy()).query(
        by_id.geometry.to_numpy(), predicate="intersects"
    )
    left, right = pairs[:, pairs[0] < pairs[1]]
    near = shapely.intersection(
        shapely.intersection(
            shapely.intersection(
                shapely.boundary(by_id.geometry.to_numpy()[left]),
                shapely.boundary(by_id.geometry.to_numpy()[right]),
            ),
            inner[left],
        ),
        inner[right],
    )
    assert length_off(shapely.union_all(near), shapely.buffer(edge_lines, GRID)) < 1e-9
    assert len(edges) > 0


def test_browser_payload_is_small(layers: dict) -> None:
    total = sum((layers["dir"] / f"{name}.geojson").stat().st_size for name in BROWSER_FILES)
    assert total < 1_000_000


def test_summary_reports_counts_and_sizes(built, towns: pd.DataFrame) -> None:
    out, summary = built
    assert summary["features"]["areas.geojson"] == len(towns)
    for name, size in summary["bytes"].items():
        assert (out / name).stat().st_size == size
    browser = sum(summary["bytes"][f"{name}.geojson"] for name in BROWSER_FILES)
    assert summary["browser_bytes"] == browser


def test_coordinates_are_on_the_grid(built) -> None:
    coords = shapely.get_coordinates(gpd.read_file(built[0] / "areas.geojson").geometry)
    assert np.abs(coords * 1e4 - np.round(coords * 1e4)).max() < 1e-6


def test_build_is_deterministic(built, towns: pd.DataFrame, tmp_path: Path) -> None:
    shuffled = towns.sample(frac=1, random_state=7)
    build_geo(PACK.source_dir, BOUNDARIES, shuffled, tmp_path)
    for name in NAMES:
        assert (tmp_path / f"{name}.geojson").read_bytes() == (
            built[0] / f"{name}.geojson"
        ).read_bytes(), name


def test_unit_without_town_follows_the_nearest_town_of_its_parent(
    towns: pd.DataFrame, tmp_path: Path
) -> None:
    without = towns[towns["town_id"] != "t_sy1402"]
    build_geo(PACK.source_dir, BOUNDARIES, without, tmp_path)
    areas = gpd.read_file(tmp_path / "areas.geojson")
    fiq = areas[areas["unit_id"] == "SY1402"]
    assert len(fiq) == 1 and bool(fiq["nearest"].iloc[0])
    # SY1402 (al-Fiq) is in Quneitra governorate (SY14): its only other district is SY1400.
    assert fiq["town_id"].iloc[0] == "t_sy1400"
    assert not areas.loc[areas["unit_id"] != "SY1402", "nearest"].any()


def test_town_outside_syria_is_an_error(towns: pd.DataFrame, tmp_path: Path) -> None:
    beirut = pd.DataFrame(
        [{"town_id": "beirut", "name": "Beirut", "kind": "city", "lat": 33.8938, "lon": 35.5018}]
    )
    with pytest.raises(GeoBuildError, match="beirut") as error:
        build_geo(PACK.source_dir, BOUNDARIES, pd.concat([towns, beirut]), tmp_path)
    assert error.value.town_ids == ("beirut",)


def test_load_layers_returns_parsed_layers(built, towns: pd.DataFrame) -> None:
    loaded = load_layers(built[0])
    assert len(loaded.areas["features"]) == len(towns)
    assert list(loaded.areas_gdf["area_id"]) == sorted(loaded.areas_gdf["area_id"])
    parents = loaded.parents["features"]
    assert {f["properties"]["parent_id"] for f in parents} == {f"SY{n:02d}" for n in range(1, 15)}
    assert loaded.disputed is None


def test_load_layers_reports_every_problem(built, tmp_path: Path) -> None:
    for name in BROWSER_FILES:
        shutil.copy(built[0] / f"{name}.geojson", tmp_path)
    areas_path = tmp_path / "areas.geojson"
    areas = json.loads(areas_path.read_text(encoding="utf-8"))
    bowtie = [[[36.0, 35.0], [36.1, 35.1], [36.1, 35.0], [36.0, 35.1], [36.0, 35.0]]]
    areas["features"][3]["geometry"] = {"type": "Polygon", "coordinates": bowtie}
    del areas["features"][5]["properties"]["unit_names"]
    areas_path.write_text(json.dumps(areas), encoding="utf-8")
    (tmp_path / "parents.geojson").unlink()

    with pytest.raises(GeoLayerError) as error:
        load_layers(tmp_path)
    message = str(error.value)
    assert f"{areas_path}: feature 3: geometry: invalid (Self-intersection" in message
    assert f"{areas_path}: feature 5: unit_names: missing" in message
    assert f"{tmp_path / 'parents.geojson'}: cannot read GeoJSON" in message
