"""Drive headless Chromium against a page and read what crossed the wire.

Bytes come from Chrome's own network log (CDP `Network.*` events in the performance
log), so they are what the browser really received, headers and compression included.
Times come from inside the page (`performance.now()`, whose origin is the navigation
start), so they exclude WebDriver's round trips. Keys are real key presses (CDP
`Input.dispatchKeyEvent`): a native range input ignores synthetic keydown events.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

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
# Trace categories for a profiled page load (`trace_load`).
TRACE_CATEGORIES = ",".join(
    (
        "devtools.timeline",
        "disabled-by-default-devtools.timeline",
        "v8",
        "v8.execute",
        "blink.user_timing",
        "loading",
        "disabled-by-default-v8.cpu_profiler",
    )
)
QUIET_S = 1.0
KEYS = {"ArrowLeft": 37, "ArrowRight": 39}
# How each kind of page names its map and its slider.
MAPS = {"reader": "window.frontline.map", "naive": "window.__benchPlotlyMap()"}
SLIDERS = {"reader": ".fl-slider", "naive": "#date-slider [role=slider]"}


@dataclass
class Request:
    """One request as Chrome saw it."""

    url: str
    post_bytes: int = 0
    wire_bytes: int = 0  # Network.loadingFinished.encodedDataLength: headers + encoded body
    decoded_bytes: int = 0  # sum of Network.dataReceived.dataLength
    encoding: str = ""
    status: int = 0
    failed: bool = False
    headers: dict = field(default_factory=dict)

    @property
    def counted(self) -> bool:
        """A request a reader pays for: anything but data: and blob: URLs."""
        return not self.url.startswith(("data:", "blob:"))


def open_browser(gzip_only: bool = True, extra_flags: tuple[str, ...] = ()) -> webdriver.Chrome:
    """A fresh Chromium (empty cache) that logs network events and runs the page probe.

    `gzip_only`: ask every server for gzip alone (a server then sends gzip or nothing),
    so the app and the naive peer are compared in the same encoding as the site's
    computed gzip. `extra_flags`: more Chromium flags (tracing, see `trace_load`)."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, *extra_flags):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(300)
    driver.execute_cdp_cmd("Network.enable", {})
    if gzip_only:
        driver.execute_cdp_cmd(
            "Network.setExtraHTTPHeaders", {"headers": {"Accept-Encoding": "gzip"}}
        )
    for name in ("page_probe.js", "step.js"):
        source = (JS_DIR / name).read_text(encoding="utf-8")
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": source})
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
        response = params["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        request.encoding = headers.get("content-encoding", "")
        request.headers = headers
        request.status = int(response.get("status", 0))
    elif method == "Network.dataReceived":
        request.decoded_bytes += params.get("dataLength", 0)
    elif method == "Network.loadingFinished":
        request.wire_bytes = int(params.get("encodedDataLength", 0))
    elif method == "Network.loadingFailed":
        request.failed = True


def load_page(driver: webdriver.Chrome, url: str, timeout_s: float) -> dict:
    """Open the page on an empty cache: time to first map, and every request it made
    until the map was up and the network had been quiet for a second."""
    driver.get(url)
    first_map = wait_first_map(driver, timeout_s)
    _wait_quiet(driver, timeout_s)
    marks = driver.execute_script(
        """
        const nav = performance.getEntriesByType('navigation')[0] || {};
        return {
          ready: window.__bench.ready, kind: window.__bench.kind,
          firstMapFrame: window.__bench.firstMapFrame,
          mapCreated: window.__bench.mapCreated,
          renders: window.__bench.rendersBeforeFirstMap,
          mapEvents: window.__bench.mapEvents || [],
          domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
          resources: performance.getEntriesByType('resource').map((e) => ({
            name: e.name, start: e.startTime, end: e.responseEnd, type: e.initiatorType})),
        };
        """
    )
    requests = [r for r in drain_requests(driver) if r.counted]
    return {
        "first_map_ms": first_map,
        "ready_ms": marks["ready"],
        "first_map_frame_ms": marks["firstMapFrame"],
        "map_created_ms": marks["mapCreated"],
        "renders_before_first_map": marks["renders"],
        "map_events": marks["mapEvents"],
        "kind": marks["kind"],
        "dom_content_loaded_ms": marks["domContentLoaded"],
        "load_event_ms": marks["load"],
        "resources": marks["resources"],
        "requests": [
            {
                "url": r.url,
                "wire_bytes": r.wire_bytes,
                "decoded_bytes": r.decoded_bytes,
                "encoding": r.encoding or "identity",
                "status": r.status,
                "failed": r.failed,
            }
            for r in requests
        ],
    }


def wait_first_map(driver: webdriver.Chrome, timeout_s: float) -> float:
    """Milliseconds from navigation start to the first map (see js/page_probe.js)."""
    return _wait_for(driver, "return window.__bench && window.__bench.firstMap", timeout_s)


def _wait_for(driver: webdriver.Chrome, script: str, timeout_s: float, *args: object) -> float:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = driver.execute_script(script, *args)
        if value:
            return float(value)
        time.sleep(0.05)
    raise TimeoutError(f"page not ready after {timeout_s:.0f} s")


def _wait_quiet(driver: webdriver.Chrome, timeout_s: float) -> None:
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


def go_to_day(driver: webdriver.Chrome, kind: str, day: int, iso: str, timeout_s: float) -> None:
    """Move to a day untimed, as a reader's "Go to date" would: the reader's
    `setDate`, the naive peer's slider through Dash's `set_props`. Returns once the
    map shows it and the page is quiet; the requests it caused are dropped."""
    if kind == "reader":
        driver.execute_script("window.frontline.setDate(arguments[0]);", iso)
        _wait_for(driver, "return window.frontline.shown().day === arguments[0]", timeout_s, day)
    else:
        driver.execute_script(
            "window.dash_clientside.set_props('date-slider', {value: arguments[0]});", day
        )
        _wait_for(
            driver,
            "return window.__bench.reacts.length && window.__bench.pendingReacts === 0 && "
            "document.querySelector('#date-slider [role=slider]')"
            ".getAttribute('aria-valuenow') == arguments[0]",
            timeout_s,
            day,
        )
    _wait_quiet(driver, timeout_s)
    time.sleep(0.5)
    drain_requests(driver)


def frame_samples(
    driver: webdriver.Chrome, kind: str, frames: int = 15, skip: int = 3, runs: int = 3
) -> list[float]:
    """Time per frame while MapLibre repaints the unchanged map back to back, `runs`
    times (each the mean of `frames - skip` frames).

    A step that changes the map needs at least one frame, so this is the floor of a
    step's latency on this machine: with SwiftShader (software WebGL) it is far above a
    real GPU's.
    """
    script = f"""
    const [frames, skip] = arguments;
    const done = arguments[arguments.length - 1];
    const map = {MAPS[kind]};
    const times = [];
    const onRender = () => {{
      times.push(performance.now());
      if (times.length < frames) {{ map.triggerRepaint(); return; }}
      map.off('render', onRender);
      done((times[frames - 1] - times[skip - 1]) / (frames - skip));
    }};
    map.on('render', onRender);
    map.triggerRepaint();
    """
    samples = []
    for _ in range(runs):
        samples.append(float(driver.execute_async_script(script, frames, skip)))
        time.sleep(0.3)
    return samples


def slider_value(driver: webdriver.Chrome, kind: str) -> int:
    if kind == "reader":
        return int(driver.execute_script("return window.frontline.shown().day"))
    value = driver.execute_script(
        f"return document.querySelector('{SLIDERS[kind]}').getAttribute('aria-valuenow')"
    )
    return int(float(value))


def press(driver: webdriver.Chrome, key: str) -> None:
    """A real key press (trusted events) on the focused element."""
    code = KEYS[key]
    for kind in ("rawKeyDown", "keyUp"):
        driver.execute_cdp_cmd(
            "Input.dispatchKeyEvent",
            {
                "type": kind,
                "key": key,
                "code": key,
                "windowsVirtualKeyCode": code,
                "nativeVirtualKeyCode": code,
            },
        )


def step(
    driver: webdriver.Chrome,
    kind: str,
    key: str,
    day: int,
    heading: str,
    expected_z: list[int],
    timeout_ms: float,
    quiet_ms: float = 150,
) -> dict:
    """Press one arrow key on the focused slider: in-page timings and every request the
    step caused."""
    driver.execute_script(
        f"document.querySelector('{SLIDERS[kind]}').focus();window.__benchArm(...arguments);",
        kind,
        day,
        heading,
        expected_z,
        timeout_ms,
        quiet_ms,
    )
    press(driver, key)
    timing = driver.execute_async_script("window.__benchWait(arguments[0]);")
    requests = [r for r in drain_requests(driver) if r.counted]
    timing["requests"] = [
        {"url": r.url, "wire_bytes": r.wire_bytes, "decoded_bytes": r.decoded_bytes}
        for r in requests
    ]
    return timing


def start_cpu_profile(driver: webdriver.Chrome) -> None:
    """Sample the page's main thread (1 ms) to see where browser time goes."""
    driver.execute_cdp_cmd("Profiler.enable", {})
    driver.execute_cdp_cmd("Profiler.setSamplingInterval", {"interval": 1000})
    driver.execute_cdp_cmd("Profiler.start", {})


def stop_cpu_profile(driver: webdriver.Chrome, top: int = 12) -> dict:
    """Main-thread time by script file and by function (self time)."""
    profile = driver.execute_cdp_cmd("Profiler.stop", {})["profile"]
    driver.execute_cdp_cmd("Profiler.disable", {})
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    self_us: dict[str, int] = {}
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = frames[node_id]
        where = Path(frame["url"].split("?")[0]).name or "-"
        name = f"{frame['functionName'] or '(anonymous)'} @ {where}:{frame['lineNumber'] + 1}"
        if frame["functionName"].startswith("("):
            name = frame["functionName"]
        self_us[name] = self_us.get(name, 0) + delta
    by_file: dict[str, int] = {}
    for name, micros in self_us.items():
        key = name.split(" @ ")[1].rsplit(":", 1)[0] if " @ " in name else name
        by_file[key] = by_file.get(key, 0) + micros
    ranked = sorted(self_us.items(), key=lambda item: -item[1])[:top]
    return {
        "total_ms": sum(self_us.values()) / 1000,
        "by_file_ms": {k: v / 1000 for k, v in sorted(by_file.items(), key=lambda i: -i[1])},
        "top_functions_ms": [{"function": name, "ms": micros / 1000} for name, micros in ranked],
    }
