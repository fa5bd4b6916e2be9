"""The report page as a figure: the layout every preset and language shares (title block,
map filling the page, legend and scale bar inside the frame, two credit lines), the
label system, the paint (hatch, stripes, symbols), comparisons, grids and the credits.
No browser: these read the figure dict."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from dashboard.credits import original_publishers, ranked_publishers, user_file_name
from dashboard.figures.place_labels import LabelPlacer, map_name
from dashboard.figures.print_figure import Report, print_figure
from dashboard.figures.scale_bar import metres_per_pixel, scale_bar
from dashboard.figures.text import PDI, RLI
from dashboard.figures.vector_map import Panel, last_holders, world_x, world_y
from dashboard.geo.layers import load_basemap
from dashboard.geo.schema import LABELS, LAND, RIVERS
from dashboard.geo.view import MapView
from dashboard.i18n import pack_translator
from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.records import GivenFile
from dashboard.reports.images import page_of, report_context
from dashboard.reports.presets import PRESETS
from dashboard.reports.stamp import made_at, record_version
from dashboard.style import CHANGED_COLOUR, HALO_SHADOW, LABEL_TIERS, label_rank
from dashboard.territory import compare

DAY = 12  # 8 December 2024
NOW = dt.datetime(2026, 11, 27, 13, 5, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(find_pack())


def page(project: Project, report: Report, preset: str = "slide", lang: str | None = None) -> dict:
    ctx = report_context(project, lang, now=NOW)
    return print_figure(ctx, report, page_of(PRESETS[preset]))


def texts(figure: dict) -> list[str]:
    return [a["text"] for a in figure["layout"]["annotations"]]


def joined(figure: dict) -> str:
    return "\n".join(texts(figure)).replace("<br>", " ")


def map_axes(figure: dict) -> list[tuple[list[float], list[float]]]:
    """Domains of the map panels (the legend's axes are numbered from 100)."""
    layout = figure["layout"]
    return [
        (layout[key]["domain"], layout[key.replace("x", "y", 1)]["domain"])
        for key in layout
        if key.startswith("xaxis") and int(key[5:] or 1) < 100
    ]


def legend_axes(figure: dict) -> tuple[list[float], list[float]]:
    layout = figure["layout"]
    key = next(k for k in layout if k.startswith("xaxis") and int(k[5:] or 1) >= 100)
    return layout[key]["domain"], layout[key.replace("x", "y", 1)]["domain"]


@pytest.mark.parametrize("preset", ["slide", "print", "svg", "square"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_preset_fills_the_page_with_the_map_and_keeps_the_legend_inside(
    project, preset, lang
):
    figure = page(project, Report((DAY,)), preset, lang)
    ((x, y),) = map_axes(figure)
    assert (x[1] - x[0]) * (y[1] - y[0]) >= 2 / 3
    lx, ly = legend_axes(figure)
    assert x[0] <= lx[0] and lx[1] <= x[1] and y[0] <= ly[0] and ly[1] <= y[1]


def test_the_title_block_is_the_headline_and_the_date_not_the_product(project):
    figure = page(project, Report((DAY,), subtitle="For the <b>briefing</b>"))
    shown = joined(figure)
    assert "Who held Syria, 26 November 2024 to 11 March 2026" in shown
    assert "Territorial control at the end of 8 December 2024" in shown
    assert "Frontline Map:" not in shown
    assert "For the &lt;b&gt;briefing&lt;/b&gt;" in shown  # data text, never markup


def test_credits_take_two_lines_and_name_original_publishers_by_weight(project):
    figure = page(project, Report((DAY,)))
    credits = next(t for t in texts(figure) if "Sources:" in t)
    lines = credits.split("<br>")
    assert len(lines) == 2
    assert "(via" not in credits and "publishers cited by the record" in credits
    assert ranked_publishers(project.record)[0] in lines[0]
    assert record_version(project.record) in lines[1] and made_at(NOW) in lines[1]
    assert "OCHA" in lines[1]


@pytest.mark.parametrize(
    ("publisher", "credited"),
    [
        ("The Cradle (via ZeroHedge)", ("The Cradle",)),
        ("ANF News (Italian translation via Osservatorio Afghanistan)", ("ANF News",)),
        ("Business Recorder (AFP)", ("AFP",)),
        ("Arab Khabar (relaying AFP / SOHR)", ("AFP", "SOHR")),
        ("TRT World (Anadolu report)", ("Anadolu",)),
        ("Al Arab (London)", ("Al Arab",)),
        ("Reuters", ("Reuters",)),
    ],
)
def test_a_relayed_source_credits_its_original_publisher(publisher, credited):
    assert original_publishers(publisher, {"AFP", "SOHR", "Anadolu", "Reuters"}) == credited


def test_an_export_of_a_users_file_says_so_under_the_title_and_in_the_credits(project):
    data = project.paths.events.read_bytes()
    mine = replace(project.record, events_path=GivenFile("my_events.csv", data))
    assert user_file_name(mine, project.paths.events) == "my_events.csv"
    assert user_file_name(project.record, project.paths.events) is None
    figure = page(replace(project, record=mine), Report((DAY,)))
    notice = "Data: your file my_events.csv — not the published record"
    assert sum(notice in t for t in texts(figure)) == 2  # under the title, in the credits


def test_the_legend_lists_the_sides_present_by_area_with_their_names_of_the_day(project):
    figure = page(project, Report((DAY,)))
    shown = joined(figure)
    timeline = project.timeline
    present = [s for s, km2 in sorted(timeline.territory(DAY).items(), key=lambda i: -i[1])]
    config = project.config
    names = [config.short_label(s, "en", timeline.dates[DAY]) for s in present]
    positions = [shown.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Former government" in shown  # the government side's name from 8 December
    assert config.label("government", "en") not in shown


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_right_to_left_pages_set_text_from_the_right_and_swatches_on_the_right(project, lang):
    figure = page(project, Report((DAY,)), lang=lang)
    layout = figure["layout"]
    title = layout["annotations"][0]
    rtl = lang == "ar"
    assert title["xanchor"] == ("right" if rtl else "left")
    assert title["text"].startswith(RLI) == rtl
    legend_key = next(k for k in layout if k.startswith("xaxis") and int(k[5:] or 1) >= 100)
    width = layout[legend_key]["range"][1]
    swatches = [
        t
        for t in figure["data"]
        if t.get("xaxis") == legend_key.replace("axis", "")
        and t.get("fill")
        and len(t["x"]) == 5
        and max(t["x"]) - min(t["x"]) < width / 2
    ]
    assert swatches
    for swatch in swatches:
        assert (min(swatch["x"]) > width / 2) == rtl
    bar = next(t for t in texts(figure) if "km" in t or "كم" in t)
    assert ("كم" in bar) == rtl


def test_arabic_dates_and_latin_names_are_isolated_inside_the_line(project):
    figure = page(project, Report((DAY,)), lang="ar")
    dateline = texts(figure)[1]
    assert dateline.startswith(RLI) and dateline.endswith(PDI)
    date = pack_translator(project.config, "ar").date(project.timeline.dates[DAY])
    assert "\u2068" + date.replace(" ", "\u00a0") + "\u2069" in dateline


def test_labels_have_tiers_halos_and_never_overlap_each_other_or_the_dots(project):
    view = project.home_view.resized(1400, 900)
    panel = Panel(view)
    towns = list(project.record.towns.values())
    placer = LabelPlacer(panel, False, "Noto Sans")
    placer.reserve_markers(towns, 1.0)
    markers = list(placer.taken)
    placer.places(towns, "en", 1.0, 3, 1.0)
    labels = placer.annotations
    assert len(labels) > 20
    boxes = placer.taken[len(markers) :]
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= 1400 and a[1] >= 0 and a[3] <= 900
        for b in boxes[:i] + markers:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    sizes = {label["text"]: label["font"]["size"] for label in labels}
    assert sizes["Damascus"] == LABEL_TIERS[0]["size"] > sizes["Aleppo"] > sizes.get("Douma", 0)
    assert all(
        label["font"]["shadow"] == HALO_SHADOW and "bgcolor" not in label for label in labels
    )


def test_one_short_name_per_place():
    town = replace(
        next(iter(load_project(find_pack()).record.towns.values())),
        names={"en": "Baath City (Madinat al-Baath, New Quneitra)"},
    )
    assert map_name(town, "en") == "Baath City"


def test_label_rank_puts_capitals_then_cities_then_towns(project):
    towns = project.record.towns
    city = next(t for t in towns.values() if t.kind == "city" and not t.capital)
    town = next(t for t in towns.values() if t.kind == "town" and not t.capital)
    assert label_rank(towns["damascus"]) == 0
    assert label_rank(towns["aleppo"]) == 1
    assert label_rank(city) < label_rank(town)


def test_markers_have_a_symbol_per_kind_and_the_legend_shows_them(project):
    figure = page(project, Report((DAY,)))
    towns = next(t for t in figure["data"] if t.get("mode") == "markers" and len(t["x"]) > 50)
    symbols = set(towns["marker"]["symbol"])
    assert {"star", "circle", "triangle-up", "square"} <= symbols
    shown = joined(figure)
    assert "Capital" in shown and "Airbase or airport" in shown


def test_contested_land_is_striped_over_its_last_holder(project):
    timeline = project.timeline
    contested = project.config.state_ids.index("contested")
    day = next(d for d in range(len(timeline.dates)) if (timeline.area_codes[d] == contested).any())
    under = last_holders(timeline, day)
    striped = timeline.area_codes[day] == contested
    assert striped.any()
    figure = page(project, Report((day,)))
    patterns = [t["fillpattern"]["shape"] for t in figure["data"] if t.get("fillpattern")]
    assert "\\" in patterns and "/" in patterns
    assert (under[striped] != contested).any() or (under[striped] == contested).all()


@pytest.mark.parametrize(
    ("lang", "name"), [("en", "Israeli-occupied Golan"), ("ar", "الجولان المحتل")]
)
def test_the_occupied_golan_has_its_own_lines_and_its_name_in_the_legend(project, lang, name):
    """Held since 1967, apart from the December advance: level lines over the holder's
    colour on the zone's areas only, named in the legend."""
    zone = next(
        f
        for f in project.layers.zones["features"]
        if f["properties"]["town_id"] == "golan_occupied"
    )
    areas = project.layers.areas["features"]
    golan = {
        i
        for i, f in enumerate(areas)
        if f["properties"]["area_id"] in zone["properties"]["area_ids"]
    }
    day = project.timeline.dates.index(dt.date(2024, 12, 8))
    figure = page(project, Report((day,)), lang=lang)
    lines = [t for t in figure["data"] if (t.get("fillpattern") or {}).get("shape") == "-"]
    on_map = [t for t in lines if t["xaxis"] == "x"]
    assert len(on_map) == 1 and len(lines) == 2  # the map's, and the legend's swatch
    rings = sum(1 for x in on_map[0]["x"] if x is None)
    assert rings == sum(len(_rings(areas[i]["geometry"])) for i in golan)
    assert any(name in text for text in texts(figure))


def _rings(geometry: dict) -> list:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [ring for polygon in polygons for ring in polygon]


def test_the_key_event_of_the_day_is_a_callout(project):
    figure = page(project, Report((DAY,)))
    callouts = [a for a in figure["layout"]["annotations"] if a.get("showarrow")]
    assert any("Assad government falls" in a["text"] for a in callouts)


@pytest.mark.parametrize(
    ("lat", "zoom", "metres"), [(0, 0, 78271.5), (60, 0, 39135.8), (35, 6, 1002.0)]
)
def test_metres_per_pixel_follow_latitude_and_zoom(lat, zoom, metres):
    assert metres_per_pixel(lat, zoom) == pytest.approx(metres, rel=1e-3)


def test_the_scale_bar_is_a_round_distance_in_the_language(project):
    bar = scale_bar(lat=35, zoom=6, max_pixels=300)
    assert bar.metres in {100_000, 200_000, 50_000}
    assert bar.pixels <= 300
    assert bar.label == f"{bar.metres / 1000:g} km"
    assert bar.label_in(pack_translator(project.config, "ar")).endswith("كم")


def test_the_web_mercator_plane_matches_maplibres():
    """At zoom 0 the world is 512 px wide; the equator is halfway down."""
    assert float(world_x(-180)) == 0
    assert float(world_x(180)) == 512
    assert float(world_y(0)) == pytest.approx(256)
    panel = Panel(MapView(lat=0, lon=0, zoom=1, width=1024, height=1024))
    assert panel.pixel(0, 0) == pytest.approx((512, 512))
    lat_edge = math.degrees(math.atan(math.sinh(math.pi)))
    assert panel.pixel(180, lat_edge) == pytest.approx((1024, 0), abs=1e-6)


def test_a_comparison_marks_changes_on_the_after_map_only_and_lists_them_by_date(project):
    timeline = project.timeline
    first, second = timeline.day_index(dt.date(2024, 11, 28)), DAY
    figure = page(project, Report((first, second), kind="compare"))
    layout = figure["layout"]
    assert len(map_axes(figure)) == 2
    magenta = [s for s in layout["shapes"] if s.get("line", {}).get("color") == CHANGED_COLOUR]
    assert not magenta  # no magenta at all; gains are outlined on the after map
    outlined_refs = {
        s["xref"]
        for s in layout["shapes"]
        if s.get("line", {}).get("width", 0) >= 2
        and s["type"] == "path"
        and s.get("fillcolor") is None
        and s["line"]["color"] not in ("#111111",)
    }
    assert outlined_refs <= {"x2", "paper"}
    shown = joined(figure)
    assert "places changed hands between 28 November 2024 and 8 December 2024" in shown
    aleppo, damascus = shown.index("Aleppo: "), shown.index("Damascus: ")
    assert aleppo < damascus  # key places first, in date order
    # The land each side gained and lost is the territory table's, line by line.
    tr = pack_translator(project.config, "en")
    for row in compare(timeline, first, second)["sides"]:
        if round(row["gained_km2"]) or round(row["lost_km2"]):
            net, gained = tr.km2(row["net_km2"], signed=True), tr.km2(row["gained_km2"])
            assert f"{net} km² ({gained} gained, {tr.km2(row['lost_km2'])} lost)" in shown
    assert shown.index(" gained, ") < aleppo
    (ax, ay), (bx, by) = map_axes(figure)
    assert (ax[1] - ax[0]) * (ay[1] - ay[0]) + (bx[1] - bx[0]) * (by[1] - by[0]) > 0.45


def test_a_grid_has_one_dated_panel_per_day_and_panels_never_overlap(project):
    days = tuple(range(0, 17, 2))
    figure = page(project, Report(days, kind="grid"))
    domains = map_axes(figure)
    assert len(domains) == len(days)
    for i, (xa, ya) in enumerate(domains):
        for xb, yb in domains[:i]:
            assert xa[1] <= xb[0] or xb[1] <= xa[0] or ya[1] <= yb[0] or yb[1] <= ya[0]


def test_the_record_version_changes_with_the_events_file(project):
    data = project.paths.events.read_bytes()
    same = replace(project.record, events_path=GivenFile("copy.csv", data))
    edited = replace(project.record, events_path=GivenFile("copy.csv", data + b"\n"))
    assert record_version(same) == record_version(project.record)
    assert record_version(edited) != record_version(project.record)


# A basemap in the format the packs' geo/basemap/ layers take (names per language).
BASEMAP = {
    LAND: {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": {"en": "Lebanon", "ar": "لبنان"}},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[35.1, 33.0], [36.6, 33.0], [36.6, 34.7], [35.1, 34.7], [35.1, 33.0]]
                    ],
                },
            }
        ],
    },
    RIVERS: {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": {"en": "Euphrates", "ar": "الفرات"}, "rank": 1},
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[38.0, 36.8], [39.0, 35.9], [40.5, 34.8]],
                },
            }
        ],
    },
    LABELS: {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "kind": "country",
                    "name": {"en": "Iraq", "ar": "العراق"},
                    "rank": 1,
                },
                "geometry": {"type": "Point", "coordinates": [42.5, 33.8]},
            },
            {
                "type": "Feature",
                "properties": {
                    "kind": "sea",
                    "name": {"en": "Mediterranean Sea", "ar": "البحر المتوسط"},
                    "rank": 1,
                },
                "geometry": {"type": "Point", "coordinates": [34.6, 34.5]},
            },
        ],
    },
}


@pytest.fixture(scope="module")
def basemap_project(project, tmp_path_factory) -> Project:
    folder = tmp_path_factory.mktemp("basemap")
    for name, collection in BASEMAP.items():
        (folder / name).write_text(json.dumps(collection), encoding="utf-8")
    problems: list[str] = []
    layers = load_basemap(folder, problems)
    assert problems == [] and set(layers) == set(BASEMAP)
    return replace(project, layers=replace(project.layers, basemap=layers))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_basemap_draws_sea_land_rivers_and_names_them(basemap_project, lang):
    figure = page(basemap_project, Report((DAY,)), lang=lang)
    shapes = figure["layout"]["shapes"]
    assert any(s["type"] == "rect" and s.get("fillcolor") == "#d6e6ef" for s in shapes)
    assert any(s.get("fillcolor") == "#efeeea" for s in shapes)
    shown = joined(figure)
    if lang == "en":
        assert "I\u2009R\u2009A\u2009Q" in shown and "Mediterranean Sea" in shown
    else:
        assert "العراق" in shown and "البحر المتوسط" in shown


def test_a_broken_basemap_layer_is_refused_with_its_file_and_feature(tmp_path):
    (tmp_path / LABELS).write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"kind": "ocean", "name": {"en": "X"}, "rank": 1},
                        "geometry": {"type": "Point", "coordinates": [1, 2]},
                    }
                ],
            }
        )
    )
    problems: list[str] = []
    load_basemap(tmp_path, problems)
    kinds = "country, sea, lake, river, region"
    assert problems == [f"{tmp_path / LABELS}: feature 0: kind: 'ocean' is not one of {kinds}"]
    assert load_basemap(Path(tmp_path / "none"), []) == {}
