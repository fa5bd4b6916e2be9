"""The export dialog in the real app: pick a preset, export, and the file arrives under
the name the code makes from the pack, the day and the preset."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest
from dash.testing.wait import until
from helpers import wait_for_map

from dashboard.reports.renderer import shared_renderer
from dashboard.web import create_app


@pytest.fixture(scope="module", autouse=True)
def warm_renderer():
    """Start the process's renderer before any test server: dash's test runner stops
    every thread a test started when the test ends, and the renderer is meant to
    outlive requests (it would restart, at the cost of a cold start)."""
    shared_renderer().render({"data": [], "layout": {}}, "png", 100, 100)


def arrived(dash_duo, path: Path, seconds: float = 90) -> bytes:
    """The downloaded file's bytes; fails with the dialog's status line if none came."""
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.25)
    status = dash_duo.find_element("#export-status").text
    assert path.exists(), f"no {path.name}; the status line says: {status}"
    until(lambda: path.stat().st_size > 0, timeout=10)
    return path.read_bytes()


def test_a_square_preset_downloads_a_square_png(dash_duo, bundled_project):
    dash_duo.start_server(create_app(project=bundled_project))
    wait_for_map(dash_duo)
    dash_duo.find_element("#export-preset input[value=print]").click()
    # A preset brings its format: print is a PDF.
    until(
        lambda: dash_duo.find_element("#export-format input[value=pdf]").is_selected(), timeout=10
    )
    dash_duo.find_element("#export-preset input[value=square]").click()
    until(
        lambda: dash_duo.find_element("#export-format input[value=png]").is_selected(), timeout=10
    )
    dash_duo.find_element("#export-subtitle").send_keys("<b>not bold</b>")
    dash_duo.find_element("#export-button").click()

    last_day = bundled_project.timeline.dates[-1].isoformat()
    expected = Path(dash_duo.download_path) / f"frontline-map-syria-{last_day}-square.png"
    data = arrived(dash_duo, expected)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1080, 1080)
    dash_duo.wait_for_text_to_equal("#export-status", f"Downloaded {expected.name}")
    assert [path.name for path in Path(dash_duo.download_path).iterdir()] == [expected.name]
    assert dash_duo.get_logs() == []


def test_a_comparison_asks_for_the_other_day_and_an_animation_for_its_format(
    dash_duo, bundled_project
):
    dash_duo.start_server(create_app(project=bundled_project))
    wait_for_map(dash_duo)
    assert not dash_duo.find_element("#export-other-row").is_displayed()
    dash_duo.find_element("#export-kind input[value=compare]").click()
    until(lambda: dash_duo.find_element("#export-other-row").is_displayed(), timeout=10)
    dash_duo.find_element("#export-button").click()
    first = bundled_project.timeline.dates[0].isoformat()
    last = bundled_project.timeline.dates[-1].isoformat()
    expected = Path(dash_duo.download_path) / f"frontline-map-syria-{first}-vs-{last}-slide.png"
    assert arrived(dash_duo, expected)[:8] == b"\x89PNG\r\n\x1a\n"

    dash_duo.find_element("#export-kind input[value=animation]").click()
    until(lambda: dash_duo.find_element("#export-pause-row").is_displayed(), timeout=10)
    formats = [e.get_attribute("value") for e in dash_duo.find_elements("#export-format input")]
    assert formats == ["gif", "mp4"]
    assert dash_duo.get_logs() == []
