"""Drive headless Chromium against a running server and read what crossed the wire.

Bytes come from Chrome's own network log (CDP `Network.*` events in the performance
log), so they are what the browser really received, headers and compression included.
Times come from inside the page (`performance.now()`), so they exclude WebDriver's
round trips.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

JS_DIR = Path(__file__).resolve().parent / "js"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--use-angle=swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--window-size=1400,1000",
    # Nothing but the local server may be reached, whatever the page asks for.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
UPDATE_PATH = "_dash-update-component"
QUIET_S = 1.0


@dataclass
class Request:
    """One HTTP request as Chrome saw it."""

    url: str
    post_bytes: int = 0
    wire_bytes: int = 0  # Network.loadingFinished.encodedDataLength: headers + encoded body
    decoded_bytes: int = 0  # sum of Network.dataReceived.dataLength
    encoding: str = ""
    failed: bool = False
    headers: dict = field(default_factory=dict)


def open_browser() -> webdriver.Chrome:
    """A fresh Chromium (empty cache) that logs network events and runs the page probe."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(300)
    probe = (JS_DIR / "page_probe.js").read_text(encoding="utf-8")
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": probe})
    return driver


def drain_requests(driver: webdriver.Chrome) -> list[Request]:
    """Requests logged since the last drain, keyed by Chrome's request id."""
    requests: dict[str, Request] = {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        _apply_event(requests, message["method"], message.get("params", {}))
    return [request for request in requests.values() if request.url]


def _apply_event(requests: dict[str, Request], method: str, params: dict) -> None:
    if not method.startswith("Network.") or "requestId" not in params:
        return
    request = requests.setdefault(params["requestId"], Request(url=""))
    if method == "Network.requestWillBeSent":
        request.url = params["request"]["url"]
        request.post_bytes = len((params["request"].get("postData") or "").encode())
    elif method == "Network.responseReceived":
        headers = {k.lower(): v for k, v in params["response"].get("headers", {}).items()}
        request.encoding = headers.get("content-encoding", "")
        request.headers = headers
    elif method == "Network.dataReceived":
        request.decoded_bytes += params.get("dataLength", 0)
    elif method == "Network.loadingFinished":
        request.wire_bytes = int(params.get("encodedDataLength", 0))
    elif method == "Network.loadingFailed":
        request.failed = True


def load_page(driver: webdriver.Chrome, url: str, timeout_s: float) -> dict:
    """Open the page on an empty cache; bytes of everything loaded and time to first map."""
    driver.get(url)
    first_map = _wait_for(driver, "return window.__bench && window.__bench.firstMap", timeout_s)
    _wait_network_quiet(driver, timeout_s)
    requests = drain_requests(driver)
    origin = urlparse(url).netloc
    http = [r for r in requests if r.url.startswith("http")]
    return {
        "first_map_ms": first_map,
        "wire_bytes": sum(r.wire_bytes for r in http),
        "decoded_bytes": sum(r.decoded_bytes for r in http),
        "requests": len(http),
        "by_kind": _bytes_by_kind(http),
        "largest": sorted(
            ({"url": r.url.replace(url, "/"), "wire_bytes": r.wire_bytes} for r in http),
            key=lambda item: -item["wire_bytes"],
        )[:5],
        "foreign_requests": [r.url for r in http if urlparse(r.url).netloc != origin],
        "failed_requests": [r.url for r in http if r.failed],
    }


def _bytes_by_kind(requests: list[Request]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for request in requests:
        kind = _kind(urlparse(request.url).path)
        kinds[kind] = kinds.get(kind, 0) + request.wire_bytes
    return kinds


def _kind(path: str) -> str:
    if path.startswith("/geo/"):
        return "geometry"
    if path.endswith(".js"):
        return "javascript"
    if "_dash-layout" in path:
        return "layout"
    if UPDATE_PATH in path:
        return "callbacks"
    return "other"


def _wait_for(driver: webdriver.Chrome, script: str, timeout_s: float, *args: object) -> float:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = driver.execute_script(script, *args)
        if value:
            return float(value)
        time.sleep(0.05)
    raise TimeoutError(f"page not ready after {timeout_s:.0f} s")


def _wait_network_quiet(driver: webdriver.Chrome, timeout_s: float) -> None:
    """Until no new resource and no Plotly work for QUIET_S (initial callbacks included)."""
    script = (
        "return [performance.getEntriesByType('resource').length, window.__bench.pendingReacts]"
    )
    deadline = time.monotonic() + timeout_s
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        count, pending = driver.execute_script(script)
        if count != last or pending:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= QUIET_S:
            return
        time.sleep(0.1)


def go_to_day(driver: webdriver.Chrome, day_index: int, heading: str, timeout_s: float) -> None:
    """Move the slider to a day as a user's drag would (Dash `set_props`), untimed.

    Works in both variants (no URL parameter needed); returns once the heading names the
    day and the page is quiet. The requests it caused are dropped from the network log.
    """
    driver.execute_script(
        "window.dash_clientside.set_props('date-slider', {value: arguments[0]});", day_index
    )
    _wait_for(
        driver,
        "return document.querySelector('#date-heading').textContent.trim() === arguments[0]",
        timeout_s,
        heading,
    )
    _wait_network_quiet(driver, timeout_s)
    drain_requests(driver)


def frame_ms(driver: webdriver.Chrome, frames: int = 15, skip: int = 3, runs: int = 3) -> float:
    """Time per frame while MapLibre repaints the unchanged map back to back (median run).

    A step needs at least one frame, so this is the floor of any step's latency on this
    machine: with SwiftShader (software WebGL) it is far above a real GPU's.
    """
    script = """
    const [frames, skip] = arguments;
    const done = arguments[arguments.length - 1];
    const map = document.querySelector('#map .js-plotly-plot')._fullLayout.map._subplot.map;
    const times = [];
    const onRender = () => {
      times.push(performance.now());
      if (times.length < frames) { map.triggerRepaint(); return; }
      map.off('render', onRender);
      done((times[frames - 1] - times[skip - 1]) / (frames - skip));
    };
    map.on('render', onRender);
    map.triggerRepaint();
    """
    samples = []
    for _ in range(runs):
        samples.append(float(driver.execute_async_script(script, frames, skip)))
        time.sleep(0.3)
    return sorted(samples)[runs // 2]


def slider_value(driver: webdriver.Chrome) -> int:
    value = driver.execute_script(
        "return document.querySelector('#date-slider [role=slider]').getAttribute('aria-valuenow')"
    )
    return int(float(value))


def step(
    driver: webdriver.Chrome,
    key: str,
    heading: str,
    day: int,
    expected_z: list[int],
    trace: int,
    timeout_ms: float,
) -> dict:
    """Press one arrow key on the slider; the in-page timings plus the bytes it caused."""
    script = (JS_DIR / "step.js").read_text(encoding="utf-8")
    timing = driver.execute_async_script(
        script, key, heading, day, expected_z, trace, timeout_ms, 150
    )
    updates = [r for r in drain_requests(driver) if UPDATE_PATH in r.url]
    timing["requests"] = [
        {
            "wire_bytes": r.wire_bytes,
            "decoded_bytes": r.decoded_bytes,
            "post_bytes": r.post_bytes,
            "encoding": r.encoding,
        }
        for r in updates
    ]
    return timing


def start_cpu_profile(driver: webdriver.Chrome) -> None:
    """Sample the page's main thread (1 ms) to see where browser time goes."""
    driver.execute_cdp_cmd("Profiler.enable", {})
    driver.execute_cdp_cmd("Profiler.setSamplingInterval", {"interval": 1000})
    driver.execute_cdp_cmd("Profiler.start", {})


def stop_cpu_profile(driver: webdriver.Chrome, top: int = 12) -> dict:
    """Main-thread time by function (self time), plus how long the thread sat idle."""
    profile = driver.execute_cdp_cmd("Profiler.stop", {})["profile"]
    driver.execute_cdp_cmd("Profiler.disable", {})
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    self_us: dict[str, int] = {}
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = frames[node_id]
        where = Path(urlparse(frame["url"]).path).name or "-"
        name = f"{frame['functionName'] or '(anonymous)'} @ {where}:{frame['lineNumber'] + 1}"
        if frame["functionName"].startswith("("):
            name = frame["functionName"]
        self_us[name] = self_us.get(name, 0) + delta
    total = sum(self_us.values()) or 1
    by_file: dict[str, int] = {}
    for name, micros in self_us.items():
        key = name.split(" @ ")[1].rsplit(":", 1)[0] if " @ " in name else name
        by_file[key] = by_file.get(key, 0) + micros
    ranked = sorted(self_us.items(), key=lambda item: -item[1])[:top]
    return {
        "total_ms": total / 1000,
        "by_file_ms": {k: v / 1000 for k, v in sorted(by_file.items(), key=lambda i: -i[1])},
        "top_functions_ms": [{"function": name, "ms": micros / 1000} for name, micros in ranked],
    }
