"""Take the README's screenshots from the real app and a published site, in headless Chromium.

Usage: .venv/bin/python scripts/screenshots.py [FOLDER]   (default: docs/; writes *.png)

Starts `frontline serve` on a free loopback port and publishes the Syria pack to a
temporary folder; opens each view (desktop and phone, English and Arabic, Syria and
Sudan, the app and the published page) and saves what the browser shows once the map
has painted the day. Look at them before you call a change to what readers see done.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

REPO = Path(__file__).resolve().parents[1]
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": False}
# (file, where: "app" or "site", path and query, screen, a town to tap on a phone)
SHOTS = (
    ("screenshot.png", "app", "/?date=2024-12-08&town=hama", DESKTOP, None),
    ("screenshot-ar.png", "app", "/?date=2024-12-08&town=hama&lang=ar", DESKTOP, None),
    ("screenshot-phone.png", "site", "/index.html?date=2024-12-08", PHONE, None),
    ("screenshot-phone-ar.png", "site", "/index.html?date=2024-12-08&lang=ar", PHONE, None),
    ("screenshot-phone-card.png", "site", "/index.html?date=2024-11-30", PHONE, "aleppo"),
    ("screenshot-sudan.png", "app", "/sudan/?date=2025-10-26&town=el_fasher", DESKTOP, None),
    ("screenshot-embed.png", "site", "/embed.html?date=2024-12-07", PHONE, None),
)
READY = """
const api = window.frontline;
return !!(api && api.map && api.map.loaded() && !api.map.isMoving() && api.shown()
          && api.shown().day === api.tables.dates.indexOf(api.date()));
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("the page did not get ready")
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def start(command: list[str], url: str, cwd: Path | None = None) -> subprocess.Popen:
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_until(lambda: answers(url), 120)
    return process


def browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--enable-unsafe-swiftshader",
        "--use-angle=swiftshader",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shoot(driver: webdriver.Chrome, url: str, screen: dict, tap: str | None, out: Path) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", screen)
    driver.get(url)
    wait_until(lambda: driver.execute_script(READY), 60)
    if tap:
        driver.execute_script("window.frontline.setTown(arguments[0])", tap)
        wait_until(
            lambda: driver.execute_script("return !!document.querySelector('.fl-event')"), 30
        )
    time.sleep(1.5)  # names are placed a moment after the last frame
    out.write_bytes(driver.get_screenshot_as_png())
    print(f"wrote {out}")


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    app_port, site_port = free_port(), free_port()
    app = start(
        [sys.executable, "-m", "dashboard", "serve", "--port", str(app_port)],
        f"http://127.0.0.1:{app_port}/",
    )
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary) / "site"
        subprocess.run([sys.executable, "-m", "dashboard", "publish", str(site)], check=True)
        host = start(
            [sys.executable, "-m", "http.server", str(site_port), "--bind", "127.0.0.1"],
            f"http://127.0.0.1:{site_port}/index.html",
            cwd=site,
        )
        driver = browser()
        try:
            for name, where, path, screen, tap in SHOTS:
                port = app_port if where == "app" else site_port
                shoot(driver, f"http://127.0.0.1:{port}{path}", screen, tap, folder / name)
        finally:
            driver.quit()
            host.terminate()
            app.terminate()


if __name__ == "__main__":
    main()
