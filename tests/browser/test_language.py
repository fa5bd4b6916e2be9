"""The language switch in the real page: Arabic texts, dates and place names, right to
left, and the language kept in the permalink."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from dash.testing.wait import until
from helpers import wait_for_map

from dashboard.web import create_app


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def open_page(dash_duo, project, search: str) -> None:
    dash_duo.start_server(create_app(project=project))
    dash_duo.driver.get(f"{dash_duo.server_url}/{search}")
    wait_for_map(dash_duo)


def test_switching_to_arabic_keeps_the_day_and_town(dash_duo, bundled_project):
    open_page(dash_duo, bundled_project, "?date=2024-12-01&town=hama")
    dash_duo.wait_for_text_to_equal("#town-name", "Hama")
    link = dash_duo.find_element("#language-switch a[hreflang=ar]")
    until(lambda: query(link.get_attribute("href")).get("date") == "2024-12-01", timeout=5)
    assert query(link.get_attribute("href")) == {"date": "2024-12-01", "town": "hama", "lang": "ar"}
    assert link.text == "العربية" and link.get_attribute("lang") == "ar"

    link.click()
    until(
        lambda: dash_duo.driver.execute_script("return document.documentElement.lang") == "ar",
        timeout=10,
    )
    wait_for_map(dash_duo)
    page = dash_duo.driver.execute_script(
        "const h = document.documentElement; return [h.lang, h.dir, getComputedStyle(h).direction];"
    )
    assert page == ["ar", "rtl", "rtl"]
    dash_duo.wait_for_text_to_equal("#date-heading", "نهاية يوم 1 كانون الأول 2024")
    hama = bundled_project.record.towns["hama"]
    dash_duo.wait_for_text_to_equal("#town-name", hama.names["ar"])
    timeline = bundled_project.timeline
    day = timeline.day_index(dt.date(2024, 12, 1))
    holder = bundled_project.config.label(timeline.town_state("hama", day), "ar")
    until(lambda: holder in dash_duo.find_element("#town-holder").text, timeout=5)
    assert "في نهاية يوم" in dash_duo.find_element("#town-holder").text
    assert "السجل" in dash_duo.find_element("#town-history-panel").text
    legend = dash_duo.find_element("#map-legend").text
    assert bundled_project.config.label("government", "ar") in legend
    assert "Frontline" not in legend
    assert dash_duo.find_element(".dash-slider-mark").text.startswith("كانون الأول")
    assert dash_duo.get_logs() == []


def test_the_arabic_permalink_keeps_the_language(dash_duo, bundled_project):
    open_page(dash_duo, bundled_project, "?lang=ar")
    timeline = bundled_project.timeline
    thumb = dash_duo.find_element("#date-slider [role=slider]")
    thumb.send_keys("\ue012")  # arrow left: the slider runs left to right in Arabic too
    before = timeline.dates[-2]
    assert (before.month, before.year) == (3, 2026)  # آذار in Levantine month names
    until(lambda: query(dash_duo.driver.current_url).get("date") == before.isoformat(), timeout=5)
    assert query(dash_duo.driver.current_url)["lang"] == "ar"
    dash_duo.wait_for_text_to_equal("#date-heading", f"نهاية يوم {before.day} آذار 2026")
    english = dash_duo.find_element("#language-switch a[hreflang=en]")
    until(lambda: query(english.get_attribute("href")).get("date") == before.isoformat(), timeout=5)
    assert query(english.get_attribute("href"))["lang"] == "en"

    dash_duo.driver.get(dash_duo.driver.current_url)  # the permalink, opened again
    wait_for_map(dash_duo)
    dash_duo.wait_for_text_to_equal("#date-heading", f"نهاية يوم {before.day} آذار 2026")
    assert dash_duo.driver.execute_script("return document.documentElement.dir") == "rtl"
    assert dash_duo.get_logs() == []
