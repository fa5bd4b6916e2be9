"""What a graphics desk checks on a screenshot, checked on the live map: the geography
around the country is named (neighbours, sea, rivers) in the page's language, the
legend lists exactly the sides that hold land that day, largest first, and no place
name is drawn out of the map's frame."""

from __future__ import annotations

import datetime as dt

import pytest
from reader import open_reader, until
from selenium.webdriver.common.by import By

from dashboard.project import Project

RENDERED = """
const map = window.frontline.map;
const ids = map.getStyle().layers.map((l) => l.id).filter((id) => id.startsWith(arguments[0]));
return map.queryRenderedFeatures({layers: ids}).map((f) => f.properties[arguments[1]]);
"""
# Each placed place name: where its marker is, how wide its text is, which way it leans
# (names lean towards the middle of the country) and the frame's size.
PLACED = """
const map = window.frontline.map, canvas = map.getCanvas();
const layers = map.getStyle().layers.filter((l) => l.id.startsWith('fl-places'));
const context = document.createElement('canvas').getContext('2d');
const out = [];
for (const layer of layers) {
  const size = layer.layout['text-size'];
  context.font = `${size}px sans-serif`;
  for (const f of map.queryRenderedFeatures({layers: [layer.id]})) {
    if (map.getZoom() < (layer.minzoom || 0)) continue;
    const p = map.project(f.geometry.coordinates);
    out.push({name: f.properties.name, x: p.x, y: p.y, west: f.properties.west,
              width: context.measureText(f.properties.name).width, size});
  }
}
return {labels: out, width: canvas.clientWidth, height: canvas.clientHeight};
"""


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", {"Turkey", "Iraq", "Jordan", "Lebanon", "Mediterranean Sea", "Euphrates"}),
        ("ar", {"تركيا", "العراق", "الأردن", "لبنان", "البحر الأبيض المتوسط", "نهر الفرات"}),
    ],
)
def test_the_neighbours_the_sea_and_the_rivers_are_named(page, site_url, lang, words):
    open_reader(page, f"{site_url}/index.html?lang={lang}&date=2024-12-08")
    names = until(
        lambda: set(page.execute_script(RENDERED, "fl-label-", f"name_{lang}")) or None,
        what="the basemap's names",
    )
    assert words <= names, words - names


@pytest.mark.parametrize("day", ["2024-11-26", "2024-12-08", "2026-03-11"])
def test_the_legend_lists_the_sides_holding_land_that_day_largest_first(
    page, site_url, bundled_project: Project, day
):
    open_reader(page, f"{site_url}/index.html?date={day}")
    timeline, config = bundled_project.timeline, bundled_project.config
    index = timeline.dates.index(dt.date.fromisoformat(day))
    held = sorted(
        ((km2, code) for code, km2 in enumerate(timeline.share_km2[index]) if km2 > 0),
        reverse=True,
    )
    expected = [
        config.short_label(timeline.state_ids[code], "en", timeline.dates[index])
        for _, code in held
    ]
    shown = [li.text for li in page.find_elements(By.CSS_SELECTOR, ".fl-legend-sides li")]
    assert shown == expected


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("size", [(1440, 900), (390, 844)])
def test_no_place_name_leaves_the_frame(page, site_url, size, lang):
    page.set_window_size(*size)
    open_reader(page, f"{site_url}/index.html?lang={lang}&date=2024-12-08")
    found = page.execute_script(PLACED)
    assert found["labels"], "no place name was placed"
    # Names lean inwards: the text runs from the marker towards the country's middle.
    for label in found["labels"]:
        left = label["x"] + 4 if label["west"] else label["x"] - 4 - label["width"]
        right = left + label["width"]
        assert left >= 0 and right <= found["width"], label
        top, bottom = label["y"] - label["size"], label["y"] + label["size"]
        assert top >= 0 and bottom <= found["height"], label


@pytest.mark.parametrize(
    ("lang", "name"),
    [("en", "Israeli-occupied Golan (since 1967)"), ("ar", "الجولان المحتل (منذ 1967)")],
)
def test_the_occupied_golan_is_drawn_with_its_lines_and_named_in_the_legend(
    page, site_url, lang, name
):
    """Held since 1967, apart from the December advance beside it."""
    open_reader(page, f"{site_url}/index.html?lang={lang}&date=2024-12-08")
    drawn = until(
        lambda: page.execute_script(RENDERED, "fl-zone-pattern", "pattern") or None,
        what="the Golan's lines",
    )
    assert set(drawn) == {"occupied"}
    keys = [li.text for li in page.find_elements(By.CSS_SELECTOR, ".fl-legend-keys li")]
    assert name in keys


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_key_event_callout_sits_inside_the_map_off_its_place(page, site_url, lang):
    """At a corner of its place, clear of the marker and the row its name is written on,
    and inside the map's frame, in both directions of the page."""
    open_reader(page, f"{site_url}/index.html?lang={lang}&date=2024-12-08")
    box, frame, place = until(
        lambda: page.execute_script(
            """
            const node = document.querySelector('.fl-callout');
            if (!node) return null;
            const map = window.frontline.map, t = window.frontline.tables.towns;
            const i = t.ids.indexOf('damascus');
            const p = map.project([t.lon[i], t.lat[i]]);
            const c = map.getContainer().getBoundingClientRect();
            const box = node.querySelector('span').getBoundingClientRect();
            return [box, c, {x: c.left + p.x, y: c.top + p.y}];
            """
        ),
        what="the day's callout",
    )
    assert frame["left"] <= box["left"] and box["right"] <= frame["right"]
    assert frame["top"] <= box["top"] and box["bottom"] <= frame["bottom"]
    # Above or below the row of the place's marker and name (a corner, not beside it).
    assert box["bottom"] <= place["y"] - 10 or box["top"] >= place["y"] + 10, (box, place)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("pack", ["", "sudan/"])
def test_the_charts_dates_stay_inside_its_frame(page, site_url, app_url, lang, pack):
    """The first and last dates under the territory chart run inwards, not off the
    frame ("ون الثاني 2025" for تشرين الثاني 2025)."""
    open_reader(page, f"{app_url}/{pack}?lang={lang}")
    boxes = page.execute_script(
        """
        const svg = document.querySelector('.fl-chart svg');
        const frame = svg.getBoundingClientRect();
        const labels = [...svg.querySelectorAll('text.fl-axis')];
        return [frame, labels.map((t) => t.getBoundingClientRect())];
        """
    )
    frame, labels = boxes
    assert len(labels) >= 2
    for label in labels:
        assert frame["left"] - 0.5 <= label["left"], label
        assert label["right"] <= frame["right"] + 0.5, label
