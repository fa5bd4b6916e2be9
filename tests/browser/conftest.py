"""Real-browser fixtures: Debian's Chromium, headless, with software WebGL for MapLibre.

One browser serves the whole session (each test opens its own page); the app runs in a
thread of this process, a published site is served by `python -m http.server` as a
newsroom's static host would, and opened from disk as `file://`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.publish import publish

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--window-size=1400,1000",
    "--enable-unsafe-swiftshader",
    "--use-angle=swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Nothing but this machine may be reached, whatever a page asks for.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="session")
def browser(downloads: Path) -> Iterator[webdriver.Chrome]:
    """The session's Chromium; console messages and network events are logged."""
    options = Options()
    options.binary_location = CHROMIUM
    for argument in FLAGS:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(120)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser: webdriver.Chrome) -> webdriver.Chrome:
    """The session's browser, at desktop size, with its logs emptied for this test."""
    browser.set_window_size(1400, 1000)
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get_log("performance")
    return browser


@pytest.fixture(scope="session")
def bundled_project() -> Project:
    """The bundled data, loaded once."""
    return load_project(find_pack())


@pytest.fixture(scope="session")
def sudan_project() -> Project:
    """The bundled Sudan pack (served by `app_url` under /sudan/), loaded once."""
    return load_project(find_pack("sudan"))


def serve_wsgi(app) -> tuple[str, object]:
    """A WSGI app on a free 127.0.0.1 port in a thread of this process."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app on every bundled pack: Syria at /, Sudan at /sudan/."""
    from dashboard.web import create_server

    url, server = serve_wsgi(create_server())
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, bundled_project: Project) -> Path:
    """The Syria pack published as `frontline publish` writes it."""
    folder = tmp_path_factory.mktemp("site") / "syria"
    publish(bundled_project, folder)
    return folder


def static_host(folder: Path) -> tuple[str, subprocess.Popen]:
    """`python -m http.server` on a free port, serving `folder`."""
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # one line per request: nobody reads them
        text=True,
    )
    line = process.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N ..."
    port = int(line.split(" port ")[1].split()[0])
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            return url, process
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    url, process = static_host(site)
    yield url
    process.terminate()
    process.wait(10)
