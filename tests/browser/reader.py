"""Reading what the real reader shows, through its public API (`window.frontline`) and
MapLibre's own state, and acting on it as a reader does."""

from __future__ import annotations

import json
import time
from urllib.parse import urlparse

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

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


def click_place(driver, lon: float, lat: float) -> None:
    """A click on the map at a place's position."""
    x, y = driver.execute_script(
        "const p = window.frontline.map.project([arguments[0], arguments[1]]); return [p.x, p.y];",
        lon,
        lat,
    )
    canvas = driver.find_element(By.CSS_SELECTOR, ".fl-map canvas")
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, round(x - size["width"] / 2), round(y - size["height"] / 2)
    ).pause(0.2).click().perform()


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
