"""The report page as a figure: title and date, legend swatches, scale bar, place names,
credits and stamp, comparisons and grids. No browser: these read the figure dict."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import pytest

from dashboard.figures.map_figure import CHANGED_COLOUR, CHANGED_LABEL, FRONTLINE_LABEL, MapView
from dashboard.figures.place_labels import label_rank, place_labels
from dashboard.figures.print_figure import Page, Report, print_figure
from dashboard.figures.scale_bar import metres_per_pixel, scale_bar
from dashboard.figures.vector_map import Panel, world_x, world_y
from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.records import GivenFile
from dashboard.reports.images import geometry_of, report_figure_dict, report_notes
from dashboard.reports.presets import PRESETS
from dashboard.reports.stamp import made_at, record_version

SLIDE = Page(1920, 1080, 17)
DAY = 9  # 5 December 2024


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(find_pack())


def page_of(project: Project, report: Report, page: Page = SLIDE) -> dict:
    return print_figure(project.timeline, report, geometry_of(project), project.home_view, page)


def texts(figure: dict) -> str:
    return "\n".join(a["text"] for a in figure["layout"]["annotations"])


def test_a_day_carries_title_date_subtitle_credits_and_stamp(project):
    report = Report((DAY,), subtitle="For the <b>briefing</b>")
    figure = report_figure_dict(project, report, PRESETS["slide"])
    shown = texts(figure)
    assert f"{project.config.title_in()}: territorial control at the end of 5 December" in shown
    assert "For the &lt;b&gt;briefing&lt;/b&gt;" in shown  # data text, never markup
    assert "CC BY-IGO 3.0" in shown
    assert "GeoNames" in shown
    assert "Sources of the holders shown:" in shown
    assert record_version(project.record) in shown.replace("<br>", " ")
    assert figure["layout"]["width"] == 1920
    assert figure["layout"]["height"] == 1080


def test_the_legend_has_a_swatch_for_every_symbol_the_outline_included(project):
    figure = page_of(project, Report((DAY,)))
    entries = [trace for trace in figure["data"] if trace.get("showlegend", True)]
    names = " ".join(trace["name"].replace("<br>", " ") for trace in entries)
    assert CHANGED_LABEL in names
    assert FRONTLINE_LABEL in names
    outline = next(t for t in entries if t["name"].replace("<br>", " ") == CHANGED_LABEL)
    assert outline["marker"]["symbol"] == "square-open"
    assert outline["marker"]["line"]["color"] == CHANGED_COLOUR
    held = {state.colour for state in project.config.all_states}
    swatches = {t["marker"]["color"] for t in entries if t.get("marker", {}).get("color") in held}
    assert len(swatches) >= 4
    # The map outlines the day's changes in the same colour.
    assert any(s["line"].get("color") == CHANGED_COLOUR for s in figure["layout"]["shapes"])


@pytest.mark.parametrize(
    ("lat", "zoom", "metres"), [(0, 0, 78271.5), (60, 0, 39135.8), (35, 6, 1002.0)]
)
def test_metres_per_pixel_follow_latitude_and_zoom(lat, zoom, metres):
    assert metres_per_pixel(lat, zoom) == pytest.approx(metres, rel=1e-3)


def test_the_scale_bar_is_a_round_distance_that_fits():
    bar = scale_bar(lat=35, zoom=6, max_pixels=300)
    assert bar.metres in {100_000, 200_000, 50_000}
    assert bar.pixels <= 300
    assert bar.pixels == pytest.approx(bar.metres / metres_per_pixel(35, 6))
    assert bar.label == f"{bar.metres / 1000:g} km"
    assert scale_bar(lat=35, zoom=16, max_pixels=200).label.endswith(" m")


def test_the_scale_bar_is_drawn_with_its_label(project):
    figure = page_of(project, Report((DAY,)))
    assert any(a["text"].endswith(" km") for a in figure["layout"]["annotations"])


def test_label_rank_puts_capitals_then_cities_then_towns(project):
    towns = project.record.towns
    city = next(t for t in towns.values() if t.kind == "city")
    town = next(t for t in towns.values() if t.kind == "town")
    village = next(t for t in towns.values() if t.kind == "village")
    assert label_rank(city) < label_rank(town) < label_rank(village)
    assert label_rank(replace(city, capital="national")) == 0
    assert label_rank(replace(town, capital="regional")) == 1
    assert label_rank(towns["damascus"]) == 0
    assert label_rank(towns["aleppo"]) == 1


def test_place_labels_never_overlap_and_prefer_higher_ranks(project):
    view = project.home_view.resized(1400, 900)
    panel = Panel(view)
    labels = place_labels(project.record.towns.values(), panel, "en", font_size=14)
    assert len(labels) > 10
    boxes = []
    for label in labels:
        x = (label["x"] - panel.corner[0]) * panel.pixels_per_unit + label["xshift"]
        y = (label["y"] - panel.corner[1]) * panel.pixels_per_unit
        width = len(label["text"]) * 14 * 0.6
        boxes.append((x, y - 9.1, x + width, y + 9.1))
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= 1400 and a[1] >= 0 and a[3] <= 900
        for b in boxes[:i]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    shown = {label["text"] for label in labels}
    cities = [t for t in project.record.towns.values() if t.kind == "city"]
    # Every city that fits comes before any town crowds it out: most cities are named.
    assert sum(c.name in shown for c in cities) >= len(cities) * 0.6


def test_place_labels_sit_at_the_towns_web_mercator_position(project):
    panel = Panel(project.home_view)
    town = project.record.towns["aleppo"]
    label = next(
        a
        for a in place_labels([town], panel, "en", font_size=12, max_rank=9)
        if a["text"] == town.name
    )
    assert label["x"] == pytest.approx(float(world_x(town.lon)))
    assert label["y"] == pytest.approx(float(world_y(town.lat)))
    x, y = panel.pixel(town.lon, town.lat)
    assert 0 < x < panel.view.width and 0 < y < panel.view.height


def test_the_web_mercator_plane_matches_maplibres():
    """At zoom 0 the world is 512 px wide; the equator is halfway down."""
    assert float(world_x(-180)) == 0
    assert float(world_x(180)) == 512
    assert float(world_y(0)) == pytest.approx(256)
    panel = Panel(MapView(lat=0, lon=0, zoom=1, width=1024, height=1024))
    assert panel.pixel(0, 0) == pytest.approx((512, 512))
    assert panel.pixel(-180, 0) == pytest.approx((0, 512))
    lat_edge = math.degrees(math.atan(math.sinh(math.pi)))  # the Web-Mercator limit
    assert panel.pixel(180, lat_edge) == pytest.approx((1024, 0), abs=1e-6)


def test_names_and_labels_come_in_the_language_asked(project):
    aleppo = project.record.towns["aleppo"]
    figure = page_of(project, Report((DAY,), lang="ar"))
    shown = texts(figure)
    assert aleppo.names["ar"] in shown
    assert aleppo.names["en"] not in shown
    legend = " ".join(trace.get("name", "") for trace in figure["data"])
    assert project.config.label("government", "ar").split()[0] in legend


def test_a_comparison_shows_both_days_and_lists_what_changed(project):
    timeline = project.timeline
    first, second = (
        timeline.day_index(dt.date(2024, 11, 28)),
        timeline.day_index(dt.date(2024, 12, 8)),
    )
    figure = page_of(project, Report((first, second), kind="compare"))
    shown = texts(figure).replace("<br>", " ")
    assert "28 November 2024 and 8 December 2024 compared" in shown
    assert "Changed hands between 28 November 2024 and 8 December 2024:" in shown
    assert f"{project.record.towns['aleppo'].name}:" in shown
    layout = figure["layout"]
    assert "xaxis2" in layout and "xaxis3" not in layout
    # Both panels outline the areas that changed between the two days.
    outlines = [s for s in layout["shapes"] if s["line"].get("color") == CHANGED_COLOUR]
    assert {s["xref"] for s in outlines} == {"x", "x2"}


def test_a_grid_has_one_dated_panel_per_day(project):
    days = tuple(range(0, 17, 2))
    figure = page_of(project, Report(days, kind="grid"))
    layout = figure["layout"]
    assert sum(key.startswith("xaxis") for key in layout) == len(days)
    shown = texts(figure)
    for day in days:
        assert f"{project.timeline.dates[day].day} " in shown
    # Panels never overlap.
    domains = [
        (layout[k]["domain"], layout[k.replace("x", "y", 1)]["domain"])
        for k in layout
        if k.startswith("xaxis")
    ]
    for i, (xa, ya) in enumerate(domains):
        for xb, yb in domains[:i]:
            assert xa[1] <= xb[0] or xb[1] <= xa[0] or ya[1] <= yb[0] or yb[1] <= ya[0]


def test_an_animation_frame_shows_the_date_large(project):
    figure = page_of(project, Report((DAY,), kind="frame"))
    badges = [a for a in figure["layout"]["annotations"] if a["text"] == "<b>5 December 2024</b>"]
    assert len(badges) == 1


def test_a_square_page_keeps_the_legend_under_the_map(project):
    page = Page(1080, 1080, 14)
    figure = page_of(project, Report((DAY,)), page)
    layout = figure["layout"]
    assert layout["legend"]["orientation"] == "h"
    assert layout["legend"]["y"] < layout["yaxis"]["domain"][0]


def test_the_stamp_names_the_time_and_the_record(project):
    now = dt.datetime(2026, 11, 27, 13, 5, tzinfo=dt.UTC)
    notes = report_notes(project, Report((DAY,)), now)
    assert notes[-1].startswith("Made 2026-11-27 13:05 UTC from record ")
    assert made_at(now) == "2026-11-27 13:05 UTC"
    digest = record_version(project.record).removeprefix("record ").split(",")[0]
    assert len(digest) == 10 and int(digest, 16) >= 0


def test_the_record_version_changes_with_the_events_file(project):
    data = project.paths.events.read_bytes()
    same = replace(project.record, events_path=GivenFile("copy.csv", data))
    edited = replace(project.record, events_path=GivenFile("copy.csv", data + b"\n"))
    assert record_version(same) == record_version(project.record)
    assert record_version(edited) != record_version(project.record)
