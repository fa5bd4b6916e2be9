"""Real-browser fixtures: Debian's Chromium, headless, with software WebGL for MapLibre."""

from __future__ import annotations

import os
import shutil

import pytest
from selenium.webdriver.chrome.options import Options

from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
os.environ.setdefault("DASH_TEST_CHROMEPATH", CHROMIUM)


def pytest_setup_options() -> Options:
    options = Options()
    for argument in (
        "--headless=new",
        "--window-size=1400,1000",
        "--enable-unsafe-swiftshader",
        "--use-angle=swiftshader",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ):
        options.add_argument(argument)
    return options


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def bundled_project() -> Project:
    """The bundled data, loaded once; each test still builds its own app from it."""
    return load_project(find_pack())
