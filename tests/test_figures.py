"""Figure builders and the per-day patch: patching day A's figure must give day B's figure."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from record_fixtures import TOWN_HEADER, load_test_record, write_csv
from record_fixtures import TOWNS as TOWN_ROWS

from dashboard.figures.map_figure import (
    AREAS,
    CHANGED,
    FRONTLINE,
    TOWNS,
    GeometryRefs,
    MapView,
    day_changes,
    map_figure,
)
from dashboard.figures.print_figure import print_figure
from dashboard.geo.frontiers import FrontierTable
from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.timeline import AreaTable, Timeline


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(find_pack())


def figure_dict(project: Project, day_index: int) -> dict:
    geometry = GeometryRefs("/geo/areas.geojson", "/geo/parents.geojson", project.frontiers)
    return map_figure(project.timeline, day_index, geometry, project.home_view).to_dict()


def apply(figure: dict, changes) -> dict:
    patched = copy.deepcopy(figure)
    for (trace, *keys), value in changes:
        target = patched["data"][trace]
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value
    return patched


@pytest.mark.parametrize(("shown", "target"), [(0, 5), (5, 6), (16, 3), (None, 9), (9, 9)])
def test_patch_turns_one_day_into_another(project, shown, target):
    before = figure_dict(project, 0 if shown is None else shown)
    after = apply(before, day_changes(project.timeline, target, shown))
    expected = figure_dict(project, target)
    for trace in (AREAS, CHANGED, TOWNS):
        assert after["data"][trace] == expected["data"][trace]


def test_patch_for_one_day_step_is_small(project):
    timeline = project.timeline
    step = timeline.day_index(timeline.dates[0].replace(day=29))
    changes = day_changes(timeline, step, step - 1)
    changed_towns = int((timeline.town_codes[step] != timeline.town_codes[step - 1]).sum())
    assert 0 < changed_towns < 10
    assert len(changes) <= 4 * changed_towns + 2 + 4 * len(timeline.areas.area_ids) // 3


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


def test_print_figure_carries_date_legend_and_attribution(project):
    geometry = GeometryRefs(project.layers.areas, project.layers.parents, project.frontiers)
    figure = print_figure(project.timeline, 9, geometry, project.home_view)
    layout = figure.to_dict()["layout"]
    assert "5 December 2024" in layout["title"]["text"]
    assert "CC BY-IGO 3.0" in layout["annotations"][0]["text"]
    assert "GeoNames" in layout["annotations"][0]["text"]
    assert any(trace.showlegend for trace in figure.data)
    assert figure.data[FRONTLINE].lon
