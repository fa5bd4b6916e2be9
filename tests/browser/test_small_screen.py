"""The reader on a phone, 390 pixels wide: nothing scrolls sideways, the map starts on
the first screen, the slider shows only the date marks that fit, and a tap on a town
opens its card on the same screen, with the town in view above it."""

from __future__ import annotations

from itertools import pairwise

import pytest
from reader import click_place, console_problems, open_reader, town_name, until

LAYOUT = """
const box = (s) => document.querySelector(s).getBoundingClientRect();
const marks = [...document.querySelectorAll('.fl-mark')].map((m) => m.getBoundingClientRect())
  .sort((a, b) => a.left - b.left).map((r) => [r.left, r.right]);
return {
  width: document.documentElement.clientWidth,
  scroll: document.documentElement.scrollWidth,
  screen: window.innerHeight,
  mapTop: box('.fl-map').top,
  mapBottom: box('.fl-map').bottom,
  dateBottom: box('.fl-date').bottom,
  sliderBottom: box('.fl-slider').bottom,
  mapWidth: box('.fl-map').width,
  marks, ticks: window.frontline.tables.ticks.length,
};
"""
CARD = """
const r = document.querySelector('.fl-card').getBoundingClientRect();
return {top: r.top, bottom: r.bottom, screen: window.innerHeight};
"""


@pytest.mark.parametrize("where", ["site", "site-ar", "app"])
def test_the_reader_fits_a_phone(page, site_url, app_url, bundled_project, where):
    page.set_window_size(390, 844)
    search = "?lang=ar" if where.endswith("-ar") else ""
    url = f"{site_url}/index.html{search}" if where.startswith("site") else f"{app_url}/"
    open_reader(page, url)
    layout = page.execute_script(LAYOUT)
    assert 350 <= layout["width"] <= 390
    assert layout["scroll"] <= layout["width"], "the page scrolls sideways"
    # The first screen holds the date, the slider and a map filling half of it at least.
    shown = min(layout["mapBottom"], layout["screen"]) - layout["mapTop"]
    assert shown >= layout["screen"] / 2, layout
    assert max(layout["dateBottom"], layout["sliderBottom"]) <= layout["mapTop"]
    assert layout["mapWidth"] > 300
    # Fewer marks than a wide screen shows, none overlapping, all on the screen.
    marks = layout["marks"]
    assert 2 <= len(marks) < layout["ticks"]
    for (_, right), (left, _) in pairwise(marks):
        assert left >= right
    assert marks[0][0] >= 0 and marks[-1][1] <= layout["width"]

    hama = bundled_project.record.towns["hama"]
    click_place(page, hama.lon, hama.lat)
    until(lambda: town_name(page) == hama.names["ar" if search else "en"], what="Hama's card")
    card = page.execute_script(CARD)
    # The card is on the screen the tap was on: no scrolling to find it.
    assert 0 <= card["top"] < card["screen"] - 100 and card["bottom"] > card["top"], card
    assert page.execute_script(LAYOUT)["scroll"] <= layout["width"]
    # The place stays in view above the sheet, also one opened from elsewhere (Daraa
    # lies at the map's bottom edge, under the sheet's height).
    assert visible_above_card(page, "hama"), "Hama under its card"
    page.execute_script("window.frontline.setTown('daraa')")
    until(
        lambda: (
            town_name(page) == bundled_project.record.towns["daraa"].names["ar" if search else "en"]
        )
    )
    until(lambda: visible_above_card(page, "daraa"), what="Daraa above its card")
    assert console_problems(page) == []


def visible_above_card(page, town: str) -> bool:
    """The place's marker lies on the screen, on the map, above the card."""
    return page.execute_script(
        """
        const map = window.frontline.map, t = window.frontline.tables.towns;
        const i = t.ids.indexOf(arguments[0]);
        const p = map.project([t.lon[i], t.lat[i]]);
        const box = map.getContainer().getBoundingClientRect();
        const card = document.querySelector('.fl-card').getBoundingClientRect();
        const y = box.top + p.y;
        return y >= Math.max(0, box.top) && y <= Math.min(box.bottom, card.top) - 8;
        """,
        town,
    )
