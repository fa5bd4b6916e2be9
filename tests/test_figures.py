"""Figure builders: the map and its hidden app form (the print layout: test_export_figures)."""

from __future__ import annotations

import numpy as np
import pytest
from dashboard.figures.map_figure import (
    AREAS,
    TOWNS,
    GeometryRefs,
    MapView,
    map_figure,
)
from record_fixtures import TOWN_HEADER, load_test_record, write_csv
from record_fixtures import TOWNS as TOWN_ROWS

from dashboard.geo.frontiers import FrontierTable
from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.timeline import AreaTable, Timeline


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(find_pack())


def test_hover_text_escapes_markup(record_files):
    rows = [list(row) for row in TOWN_ROWS]
    rows[0][1] = "<img src=x onerror=alert(1)>"
    write_csv(record_files.towns, TOWN_HEADER, rows)
    record = load_test_record(record_files)
    areas = AreaTable(("X-alpha",), ("alpha",), ("X",), np.array([1.0]))
    timeline = Timeline(record, areas)
    draws = np.ones(len(timeline.state_ids), dtype=bool)
    empty = FrontierTable.from_geojson({"features": []}, areas.area_ids, draws)
    view = MapView(35, 38, 6)
    figure = map_figure(timeline, 0, GeometryRefs("/a", "/g", empty), view).to_dict()
    town_text = figure["data"][TOWNS]["text"][timeline.town_ids.index("alpha")]
    assert town_text.startswith("&lt;img src=x onerror=alert(1)&gt;: ")
    assert figure["data"][AREAS]["text"][0].startswith("&lt;img")


def test_frontline_separates_only_different_holders():
    edges = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"area_a": "a", "area_b": "b"},
                "geometry": {"type": "LineString", "coordinates": [[0, 0], [0, 1]]},
            },
            {
                "type": "Feature",
                "properties": {"area_a": "b", "area_b": "c"},
                "geometry": {
                    "type": "MultiLineString",
                    "coordinates": [[[1, 0], [1, 1]], [[2, 0], [2, 1]]],
                },
            },
        ],
    }
    sdf, sna, contested = 0, 1, 2
    draws = np.array([True, True, False])
    table = FrontierTable.from_geojson(edges, ("a", "b", "c"), draws)
    assert table.lines(np.array([sdf] * 3)) == ([], [])
    codes = np.array([sdf, sdf, sna])
    assert table.lines(codes) == ([1, 1, None, 2, 2, None], [0, 1, None, 0, 1, None])
    # A contested area's border is no frontline: the front runs somewhere inside it.
    assert table.lines(np.array([sdf, contested, sna])) == ([], [])
    assert table.lines(np.array([sna, sdf, contested])) == ([0, 0, None], [0, 1, None])


def test_frontline_never_follows_the_international_border(project):
    """All frontier edges are inner borders, so on any day the front stays inside."""
    timeline = project.timeline
    lon, _ = project.frontiers.lines(timeline.area_codes[-1])
    assert lon, "the last day has a frontline"
    assert len(project.frontiers.area_a) == len(project.layers.frontier_edges["features"])


def test_view_fitting_and_resizing_keep_the_same_ground():
    view = MapView.fitting((35.6, 32.3, 42.4, 37.3), width=900, height=600)
    assert 34.5 < view.lat < 35.2 and 38.9 < view.lon < 39.1
    bigger = view.resized(1800, 1200)
    assert bigger.zoom == pytest.approx(view.zoom + 1, abs=0.01)
    assert (bigger.lat, bigger.lon) == (view.lat, view.lon)
