"""A published site in a real browser: from a static host (`python -m http.server`) and
from a folder opened as file://, as a newsroom and a field worker would use it; and
its embed in a host page at a phone's and a desktop's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader import (
    console_problems,
    every_day,
    foreign,
    heading,
    map_state,
    open_reader,
    painted,
    requests_made,
    step,
    timeline_state,
    until,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.i18n import pack_translator


def test_the_site_draws_the_last_day_and_asks_nothing_of_anyone_else(
    page, site_url, bundled_project
):
    open_reader(page, f"{site_url}/index.html")
    last = len(bundled_project.timeline.dates) - 1
    tr = pack_translator(bundled_project.config, "en")
    assert heading(page) == tr("End of {date}", date=tr.date(bundled_project.timeline.dates[last]))
    assert map_state(painted(page)) == timeline_state(bundled_project, last)
    assert foreign(requests_made(page), site_url) == []
    assert console_problems(page) == []


def test_a_step_repaints_the_day_and_makes_no_request(page, site_url, bundled_project):
    open_reader(page, f"{site_url}/index.html")
    requests_made(page)  # what the page loaded so far
    step(page, Keys.ARROW_LEFT, 3)
    last = len(bundled_project.timeline.dates) - 1
    until(lambda: painted(page)["day"] == last - 3, what="three days back")
    assert map_state(painted(page)) == timeline_state(bundled_project, last - 3)
    step(page, Keys.ARROW_RIGHT)
    until(lambda: painted(page)["day"] == last - 2, what="a day forward")
    assert map_state(painted(page)) == timeline_state(bundled_project, last - 2)
    assert requests_made(page) == []


def test_the_browser_gives_pythons_state_on_every_day(page, site_url, bundled_project):
    open_reader(page, f"{site_url}/index.html")
    timeline = bundled_project.timeline
    for day, state in enumerate(every_day(page)):
        assert state["towns"] == timeline.town_codes[day].tolist(), timeline.dates[day]
        assert state["certainty"] == timeline.area_certainty[day].tolist(), timeline.dates[day]
        assert {k: state[k] for k in ("areas", "changed", "front")} == timeline_state(
            bundled_project, day
        ), timeline.dates[day]


def test_a_permalink_opens_the_day_and_the_towns_sourced_card(page, site_url, bundled_project):
    open_reader(page, f"{site_url}/index.html?date=2024-11-30&town=aleppo")
    assert heading(page) == "End of 30 November 2024"
    until(lambda: page.find_elements(By.CSS_SELECTOR, ".fl-event"), what="Aleppo's history")
    assert page.find_element(By.CSS_SELECTOR, ".fl-town-name").text == "Aleppo"
    events = page.find_elements(By.CSS_SELECTOR, ".fl-event")
    assert len(events) == len(bundled_project.timeline.history("aleppo"))
    links = [a.get_attribute("href") for a in page.find_elements(By.CSS_SELECTOR, ".fl-sources a")]
    assert links and all(link.startswith(("https://", "http://")) for link in links)
    holder = page.find_element(By.CSS_SELECTOR, ".fl-holder").text
    assert holder.startswith("At the end of 30 November 2024:")
    # The address keeps the view; a step replaces it rather than adding history.
    length = page.execute_script("return history.length")
    step(page, Keys.ARROW_RIGHT)
    until(lambda: "date=2024-12-01" in page.current_url, what="the address to follow")
    assert "town=aleppo" in page.current_url
    assert page.execute_script("return history.length") == length


def test_the_reader_can_be_driven_by_a_page(page, site_url):
    open_reader(page, f"{site_url}/index.html")
    page.execute_script(
        "window.__dates = []; window.addEventListener('frontline:date',"
        " (e) => window.__dates.push(e.detail.date));"
    )
    assert page.execute_script("return window.frontline.setDate('2024-12-05')") is True
    assert page.execute_script("return window.frontline.setDate('1999-01-01')") is False
    assert page.execute_script("return window.frontline.setTown('hama')") is True
    until(lambda: heading(page) == "End of 5 December 2024", what="setDate")
    assert page.execute_script("return window.__dates")[0] == "2024-12-05"
    assert page.execute_script("return window.frontline.town()") == "hama"
    until(lambda: page.find_elements(By.CSS_SELECTOR, ".fl-event"), what="Hama's card")


def test_the_arabic_edition_reads_right_to_left(page, site_url):
    open_reader(page, f"{site_url}/index.html?lang=ar&date=2024-12-08")
    assert page.execute_script("return [document.documentElement.lang, document.dir]") == [
        "ar",
        "rtl",
    ]
    assert heading(page) == "نهاية يوم 8 كانون الأول 2024"
    # Place names on the map are the pack's Arabic ones, drawn from the site's glyphs.
    names = until(
        lambda: page.execute_script(
            "const m = window.frontline.map;"
            "const layers = m.getStyle().layers.filter(l => l.id.startsWith('fl-places'));"
            "return m.queryRenderedFeatures({layers: layers.map(l => l.id)})"
            ".map(f => f.properties.name);"
        ),
        what="place names on the map",
    )
    assert "دمشق" in names
    assert console_problems(page) == []


def test_the_site_works_opened_from_a_folder(page, site: Path, bundled_project):
    url = (site / "index.html").as_uri()
    open_reader(page, url + "?town=homs")
    until(lambda: page.find_elements(By.CSS_SELECTOR, ".fl-event"), what="a card read from disk")
    assert page.find_element(By.CSS_SELECTOR, ".fl-town-name").text == "Homs"
    step(page, Keys.ARROW_LEFT)
    last = len(bundled_project.timeline.dates) - 1
    until(lambda: painted(page)["day"] == last - 1, what="a step from disk")
    assert map_state(painted(page)) == timeline_state(bundled_project, last - 1)
    assert [u for u in requests_made(page) if not u.startswith(("file:", "data:", "blob:"))] == []
    assert console_problems(page) == []


HOST_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title>
<link rel="icon" href="data:,">
<style>body{{margin:0;font:16px serif}}
article{{max-width:{column}px;margin:0 auto;padding:0 8px}}</style>
</head><body><article><h1>A newsroom's article</h1><p>Text before the map.</p>
{snippet}<p id="after">Text after the map.</p></article></body></html>"""

FIT = """
const f = document.querySelector('iframe');
const inner = f.contentDocument && f.contentDocument.documentElement;
if (!inner || !f.contentWindow.frontline || !f.contentWindow.frontline.map) return null;
return {frame: f.getBoundingClientRect().height, content: inner.scrollHeight,
        inner: inner.clientHeight, wide: inner.scrollWidth > inner.clientWidth,
        page: document.documentElement.scrollWidth > document.documentElement.clientWidth};
"""


@pytest.mark.parametrize(("width", "column"), [(360, 680), (1000, 680), (1400, 1300)])
def test_the_embed_fits_its_iframe_in_a_host_page(page, site: Path, site_url, width, column):
    snippet = (site / "embed.txt").read_text(encoding="utf-8")
    host = HOST_PAGE.format(snippet=snippet, column=column)
    (site / f"host-{width}.html").write_text(host, encoding="utf-8")
    page.set_window_size(width, 900)
    page.get(f"{site_url}/host-{width}.html")

    def fitted() -> dict | None:
        found = page.execute_script(FIT)
        settled = found and abs(found["frame"] - found["content"]) <= 1
        return found if settled and found["frame"] > 300 else None

    fit = until(fitted, 40, "the iframe to take its content's height")
    assert fit["content"] <= fit["inner"] + 1  # no inner scrollbar
    assert not fit["wide"] and not fit["page"]  # nothing scrolls sideways
    # The host can drive the map from its article.
    page.execute_script(
        "document.querySelector('iframe').contentWindow.postMessage("
        "{frontline: 'setDate', date: '2024-12-01'}, '*');"
    )
    page.switch_to.frame(page.find_element(By.TAG_NAME, "iframe"))
    until(lambda: heading(page) == "End of 1 December 2024", what="the host's date")
    assert (
        page.find_elements(By.CSS_SELECTOR, ".fl-find") == []
        or not page.find_element(By.CSS_SELECTOR, ".fl-find").is_displayed()
    )
    # The map fills the embed's width, as the slider does, also where its height stops
    # growing (a wide article column).
    widths = page.execute_script(
        "return ['.fl-map', '.fl-slider'].map((s) => "
        "Math.round(document.querySelector(s).getBoundingClientRect().width));"
    )
    assert abs(widths[0] - widths[1]) <= 2, widths
    page.switch_to.default_content()
