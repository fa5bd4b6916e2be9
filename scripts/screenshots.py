"""Take the README's screenshots from the real app in headless Chromium.

Usage: .venv/bin/python scripts/screenshots.py   (writes docs/screenshot*.png)

Starts `frontline serve` on a free loopback port, opens each view (desktop and phone,
English and Arabic, Syria and Sudan) and saves what the browser shows once the map has
painted the day and its place names.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False}
# (file, page path and query, screen)
SHOTS = (
    ("screenshot.png", "/?date=2024-12-05&town=hama", DESKTOP),
    ("screenshot-ar.png", "/?date=2024-12-05&town=hama&lang=ar", DESKTOP),
    ("screenshot-phone.png", "/?date=2024-12-05", PHONE),
    ("screenshot-phone-ar.png", "/?date=2024-12-05&lang=ar", PHONE),
    ("screenshot-sudan.png", "/sudan/?date=2025-10-26&town=el_fasher", DESKTOP),
)
MAP_PAINTED = """
const view = window.frontline && window.frontline.mapLayers && window.frontline.mapLayers.view;
return !!(view && view.mode === 'layers' && view.shown && view.shown === view.wanted
          && view.map.loaded() && !view.map.isMoving());
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


def serve(port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "dashboard", "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return True
        except OSError:
            return False

    wait_until(answers, 60)
    return server


def browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--enable-unsafe-swiftshader",
        "--use-angle=swiftshader",
        "--hide-scrollbars",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main() -> int:
    port = free_port()
    server = serve(port)
    driver = browser()
    try:
        for name, path, screen in SHOTS:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", screen)
            driver.get(f"http://127.0.0.1:{port}{path}")
            wait_until(lambda: driver.execute_script(MAP_PAINTED), 60)
            time.sleep(2)  # place names fade in after the first paint
            driver.save_screenshot(str(DOCS / name))
            print(f"docs/{name}")
    finally:
        driver.quit()
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
