"""The Arabic page of the app: its texts, dates and place names, right to left, drawn
from the app's own glyphs; the language switch keeps the day and the place shown."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

from reader import (
    console_problems,
    foreign,
    heading,
    open_reader,
    requests_made,
    step,
    town_name,
    until,
    wait_ready,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.i18n import pack_translator

NAMES_ON_MAP = """
const m = window.frontline.map;
const layers = m.getStyle().layers.filter(l => l.id.startsWith('fl-places')).map(l => l.id);
return m.queryRenderedFeatures({layers}).map(f => f.properties.name);
"""


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def link_to(page, lang: str):
    return page.find_element(By.CSS_SELECTOR, f".fl-languages a[hreflang={lang}]")


def test_switching_to_arabic_keeps_the_day_and_the_town(page, app_url, bundled_project):
    open_reader(page, f"{app_url}/?date=2024-12-02&town=hama")
    until(lambda: town_name(page) == "Hama", what="Hama's card")
    # A step after the page opened: the link follows the day shown, not the first address.
    page.find_element(By.CSS_SELECTOR, ".fl-step.fl-back").click()
    until(lambda: heading(page) == "End of 1 December 2024", what="a day back")
    link = link_to(page, "ar")
    assert query(link.get_attribute("href")) == {"date": "2024-12-01", "town": "hama", "lang": "ar"}
    assert link.text == "العربية" and link.get_attribute("lang") == "ar"

    link.click()
    until(lambda: page.execute_script("return document.documentElement.lang") == "ar", 20)
    wait_ready(page)
    assert page.execute_script(
        "const h = document.documentElement; return [h.dir, getComputedStyle(h).direction];"
    ) == ["rtl", "rtl"]
    assert heading(page) == "نهاية يوم 1 كانون الأول 2024"
    hama = bundled_project.record.towns["hama"]
    until(lambda: town_name(page) == hama.names["ar"], what="Hama's Arabic card")
    config, timeline = bundled_project.config, bundled_project.timeline
    day = timeline.day_index(dt.date(2024, 12, 1))
    holder = page.find_element(By.CSS_SELECTOR, ".fl-holder").text
    assert config.label(timeline.town_state("hama", day), "ar", timeline.dates[day]) in holder
    assert "في نهاية يوم" in holder
    assert "السجل" in page.find_element(By.CSS_SELECTOR, ".fl-card").text
    legend = page.find_element(By.CSS_SELECTOR, ".fl-legend").text
    assert config.short_label("government", "ar", timeline.dates[day]) in legend
    assert "Frontline" not in legend and "Dots" not in legend
    first = page.find_element(By.CSS_SELECTOR, ".fl-mark").text
    assert re.fullmatch(r"[\u0600-\u06ff ]+ \d{4}", first), first  # an Arabic month, its year
    # The tools around the reader speak Arabic too.
    tools = page.find_element(By.CSS_SELECTOR, "#tools summary").text
    assert tools and "Tools" not in tools
    assert console_problems(page) == []


def test_the_arabic_page_keeps_its_language_and_draws_names_from_its_own_glyphs(
    page, app_url, bundled_project
):
    open_reader(page, f"{app_url}/?lang=ar")
    # Place names are the pack's Arabic ones, shaped by the RTL plugin, from the app's
    # glyphs: Latin, and the Arabic presentation forms the plugin shapes letters into.
    names = until(lambda: page.execute_script(NAMES_ON_MAP), what="names on the map")
    assert "دمشق" in names and "Damascus" not in names
    # The credits are the pack's Arabic ones, marked as Arabic.
    credits = page.execute_script(
        "return [...document.querySelectorAll('.fl-credits p')]"
        ".map((p) => [p.lang, p.textContent]);"
    )
    credit_texts, _ = bundled_project.config.credits("ar")
    assert credits and all(lang == "ar" for lang, _ in credits), credits
    assert [text for _, text in credits][:3] == [
        credit_texts.boundaries,
        credit_texts.places,
        credit_texts.control,
    ]
    loaded = requests_made(page)
    assert foreign(loaded, app_url) == []
    ranges = {url.rsplit("/", 1)[-1].split(".")[0] for url in loaded if "/glyphs/" in url}
    assert {"0-255", "65024-65279"} <= ranges, ranges

    # The slider runs right to left: the right arrow goes back a day.
    step(page, Keys.ARROW_RIGHT)
    before = bundled_project.timeline.dates[-2]
    said = f"نهاية يوم {pack_translator(bundled_project.config, 'ar').date(before)}"
    until(lambda: query(page.current_url).get("date") == before.isoformat(), what="a day back")
    assert query(page.current_url)["lang"] == "ar"
    assert heading(page) == said
    english = query(link_to(page, "en").get_attribute("href"))
    assert english == {"date": before.isoformat(), "lang": "en"}

    page.get(page.current_url)  # the permalink, opened again
    wait_ready(page)
    assert heading(page) == said
    assert page.execute_script("return document.documentElement.dir") == "rtl"
    assert console_problems(page) == []
