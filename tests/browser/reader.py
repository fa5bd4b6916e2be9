"""Reading what the real reader shows, through its public API (`window.frontline`) and
MapLibre's own state, and acting on it as a reader does."""

from __future__ import annotations

import json
import time
from urllib.parse import urlparse

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By

from dashboard.project import Project

# The reader is up and the map shows the day it says, every feature state applied.
READY = """
const api = window.frontline;
if (!api || !api.map || !api.map.loaded() || !api.shown()) return false;
return api.shown().day === api.tables.dates.indexOf(api.date());
"""

# What MapLibre holds as feature state: what the map really paints.
PAINTED = """
const map = window.frontline.map, t = window.frontline.tables;
const read = (source, count, key) => Array.from({length: count}, (_, id) =>
  map.getFeatureState({source, id})[key]);
return {
  day: window.frontline.shown().day,
  areas: read('fl-areas', t.areas.town.length, 'code'),
  hatched: read('fl-areas', t.areas.town.length, 'hatched'),
  changed: read('fl-areas', t.areas.town.length, 'changed'),
  front: read('fl-edges', t.edges.a.length, 'front'),
};
"""

# Every day's state as the browser computes it (the rule in browser/src/reader/state.js).
EVERY_DAY = """
const api = window.frontline, t = api.tables, out = [];
for (let day = 0; day < t.dates.length; day++) {
  const s = api.state(day), front = [], changed = [];
  s.front.forEach((f, e) => f && front.push(e));
  s.changed.forEach((f, i) => f && changed.push(i));
  out.push({towns: Array.from(s.townCodes), areas: Array.from(s.codes),
            certainty: Array.from(s.certainty), changed, front});
}
return JSON.stringify(out);
"""


# Every text an element shows from now on, however briefly (playback is fast).
RECORD_TEXTS = """
window.__texts = {};
for (const selector of arguments[0]) {
  const element = document.querySelector(selector);
  const seen = (window.__texts[selector] = []);
  const read = () => element.getAttribute('aria-label') || element.textContent;
  new MutationObserver(() => {
    if (seen[seen.length - 1] !== read()) seen.push(read());
  }).observe(element, {childList: true, subtree: true, characterData: true, attributes: true});
}
"""


def until(condition, timeout: float = 30, what: str = "condition") -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def open_reader(driver, url: str, timeout: float = 40) -> None:
    """Open a page and wait until the map shows its day."""
    driver.get(url)
    wait_ready(driver, timeout)


def wait_ready(driver, timeout: float = 40) -> None:
    until(lambda: driver.execute_script(READY), timeout, "the map to show its day")


def painted(driver) -> dict:
    wait_ready(driver)
    return driver.execute_script(PAINTED)


def every_day(driver) -> list[dict]:
    return json.loads(driver.execute_script(EVERY_DAY))


def heading(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".fl-date").text


def step(driver, key: str, times: int = 1) -> None:
    """Arrow keys on the focused slider, as a keyboard user moves it."""
    slider = driver.find_element(By.CSS_SELECTOR, ".fl-slider")
    driver.execute_script("arguments[0].focus()", slider)
    ActionChains(driver).send_keys(*([key] * times)).perform()


# The place's point on the screen, scrolled to the middle of the window first.
PLACE_ON_SCREEN = """
const map = window.frontline.map, p = map.project([arguments[0], arguments[1]]);
const box = map.getCanvas().getBoundingClientRect();
window.scrollBy(0, box.top + p.y - window.innerHeight / 2);
const now = map.getCanvas().getBoundingClientRect();
return [Math.round(now.left + p.x), Math.round(now.top + p.y)];
"""


def place_on_screen(driver, lon: float, lat: float) -> tuple[int, int]:
    """Where a place is in the window (CSS pixels), once scrolled into view."""
    x, y = driver.execute_script(PLACE_ON_SCREEN, lon, lat)
    return x, y


def click_place(driver, lon: float, lat: float) -> None:
    """A click (a tap) on the map at a place's position."""
    x, y = place_on_screen(driver, lon, lat)
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(x, y).pause(0.2).click()
    actions.perform()


def hover_place(driver, lon: float, lat: float) -> None:
    """The mouse moved onto a place, as a reader does, from a few pixels away."""
    x, y = place_on_screen(driver, lon, lat)
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(x - 3, y).pause(0.3).move_to_location(x, y).pause(0.3)
    actions.perform()


def requests_made(driver) -> list[str]:
    """URLs the page asked for since the log was last read (Chrome's own network log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def foreign(urls: list[str], origin: str) -> list[str]:
    """Requests that left `origin` (data: and blob: URLs stay in the page)."""
    home = urlparse(origin)
    return [
        url
        for url in urls
        if not url.startswith(("data:", "blob:"))
        and (urlparse(url).scheme, urlparse(url).netloc) != (home.scheme, home.netloc)
    ]


def console_problems(driver) -> list[str]:
    """Console errors and warnings, but for software WebGL's performance notes."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] in ("SEVERE", "WARNING") and "GL Driver Message" not in entry["message"]
    ]


def timeline_state(project: Project, day: int) -> dict:
    """What Python's timeline says the map shows on `day`: area holders, the areas that
    changed hands that day and the frontline's edges."""
    codes = project.timeline.area_codes[day]
    return {
        "areas": codes.tolist(),
        "changed": project.timeline.changed_areas(day).tolist(),
        "front": project.frontiers.active(codes).tolist(),
    }


def map_state(state: dict) -> dict:
    """`painted` in `timeline_state`'s terms."""
    return {
        "areas": state["areas"],
        "changed": [i for i, flag in enumerate(state["changed"]) if flag],
        "front": [e for e, flag in enumerate(state["front"]) if flag],
    }


def record_texts(driver, *selectors: str) -> None:
    """Keep every text (or accessible name) the elements show from now on."""
    driver.execute_script(RECORD_TEXTS, list(selectors))


def recorded_texts(driver) -> dict[str, list[str]]:
    return driver.execute_script("return window.__texts")


def town_name(driver) -> str:
    """The name on the town card, once its history has loaded ("" before)."""
    return driver.execute_script(
        "const card = document.querySelector('.fl-card');"
        "const name = card && card.querySelector('.fl-town-name');"
        "return name && card.querySelector('.fl-event') ? name.textContent : '';"
    )


def open_tools(driver) -> None:
    """Open the app's tools drawer (export, upload), as a user does."""
    tools = driver.find_element(By.CSS_SELECTOR, "#tools")
    if tools.get_attribute("open") is None:
        tools.find_element(By.CSS_SELECTOR, "summary").click()
    until(lambda: driver.find_element(By.CSS_SELECTOR, "#export-button").is_displayed())
