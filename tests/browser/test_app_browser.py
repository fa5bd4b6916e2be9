"""The app in a real browser: the reader on the bundled packs, with the tools around it.

The map, the slider, the cards and the search are the reader's, as on a published
site; the app serves them, and nothing but the app is asked for anything.
"""

from __future__ import annotations

import time

from reader import (
    click_place,
    console_problems,
    foreign,
    heading,
    map_state,
    open_reader,
    painted,
    requests_made,
    step,
    timeline_state,
    town_name,
    until,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

RESOURCES = """
return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .map(e => ({name: e.name, size: e.transferSize, body: e.decodedBodySize}));
"""
INITIAL_PAYLOAD_LIMIT = 1_200_000  # bytes on the wire for the first view (issue 13)


def test_the_app_draws_the_last_day_framed_from_its_own_files(page, app_url, bundled_project):
    page.execute_cdp_cmd("Network.clearBrowserCache", {})  # a first visit
    open_reader(page, f"{app_url}/")
    timeline = bundled_project.timeline
    last = len(timeline.dates) - 1
    day = timeline.dates[last]
    assert heading(page) == f"End of {day.day} {day:%B %Y}"
    assert map_state(painted(page)) == timeline_state(bundled_project, last)
    towns = page.execute_script("return Array.from(window.frontline.shown().townCodes)")
    assert towns == timeline.town_codes[last].tolist()
    # Framed on the country at the window's size, not lost in a fixed zoom.
    west, south, east, north = bundled_project.layers.areas_gdf.total_bounds
    shown = page.execute_script(
        "const b = window.frontline.map.getBounds();"
        "return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];"
    )
    assert shown[0] <= west and shown[1] <= south and shown[2] >= east and shown[3] >= north
    share = max((east - west) / (shown[2] - shown[0]), (north - south) / (shown[3] - shown[1]))
    assert share > 0.8
    # Everything came from the app, compressed, and the first view stays light.
    assert foreign(requests_made(page), app_url) == []
    resources = page.execute_script(RESOURCES)
    payload = sum(r["size"] for r in resources)
    assert payload <= INITIAL_PAYLOAD_LIMIT, sorted((r["size"], r["name"]) for r in resources)
    site = [r for r in resources if "/site/" in r["name"] and r["size"] > 1000]
    assert site and all(r["size"] < r["body"] for r in site), site
    assert console_problems(page) == []


def test_a_step_asks_the_server_nothing(page, app_url, bundled_project):
    """Stepping is the browser's: no request per step, also with a town's card open
    (its history does not depend on the day; the holder on the day does)."""
    open_reader(page, f"{app_url}/?town=aleppo")
    until(lambda: town_name(page) == "Aleppo", what="Aleppo's card")
    requests_made(page)  # what the page loaded so far
    timeline = bundled_project.timeline
    target = len(timeline.dates) - 6
    step(page, Keys.ARROW_LEFT, 5)
    until(lambda: painted(page)["day"] == target, what="five days back")
    assert map_state(painted(page)) == timeline_state(bundled_project, target)
    day = timeline.dates[target]
    assert heading(page) == f"End of {day.day} {day:%B %Y}"
    holder = bundled_project.config.label(timeline.town_state("aleppo", target), "en", day)
    assert holder in page.find_element(By.CSS_SELECTOR, ".fl-holder").text
    time.sleep(0.5)  # anything a step would send has been sent by now
    assert requests_made(page) == []
    assert console_problems(page) == []


def test_a_click_on_a_town_opens_its_sourced_history(page, app_url, bundled_project):
    open_reader(page, f"{app_url}/")
    hama = bundled_project.record.towns["hama"]
    click_place(page, hama.lon, hama.lat)
    until(lambda: town_name(page) == "Hama", what="Hama's card")
    assert page.execute_script("return window.frontline.town()") == "hama"
    card = page.find_element(By.CSS_SELECTOR, ".fl-card")
    assert hama.names["ar"] in card.text
    timeline = bundled_project.timeline
    last = len(timeline.dates) - 1
    holder = bundled_project.config.label(
        timeline.town_state("hama", last), "en", timeline.dates[-1]
    )
    assert holder in card.find_element(By.CSS_SELECTOR, ".fl-holder").text
    descriptions = [
        e.text for e in card.find_elements(By.CSS_SELECTOR, ".fl-event .fl-description")
    ]
    assert descriptions == [event.description for event in timeline.history("hama")]
    links = [a.get_attribute("href") for a in card.find_elements(By.CSS_SELECTOR, ".fl-sources a")]
    assert links and all(link.startswith(("https://", "http://")) for link in links)
    assert "town=hama" in page.current_url
    assert console_problems(page) == []


def test_the_search_finds_a_place_by_its_name(page, app_url, bundled_project):
    open_reader(page, f"{app_url}/")
    search = page.find_element(By.CSS_SELECTOR, ".fl-search")
    search.send_keys("Hama", Keys.ENTER)
    until(lambda: town_name(page) == "Hama", what="Hama found")
    # The place's other names find it too.
    search.clear()
    search.send_keys(bundled_project.record.towns["aleppo"].names["ar"], Keys.ENTER)
    until(lambda: town_name(page) == "Aleppo", what="Aleppo found by its Arabic name")
    # A name that is nowhere says so and leaves the card as it was.
    search.clear()
    search.send_keys("Atlantis", Keys.ENTER)
    status = page.find_element(By.CSS_SELECTOR, ".fl-search-status")
    until(lambda: status.text == "No place found", what="the search's answer")
    assert page.execute_script("return window.frontline.town()") == "aleppo"
    assert console_problems(page) == []
