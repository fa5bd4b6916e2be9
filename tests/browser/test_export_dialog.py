"""The export dialog in the app: the file arrives under the name the code makes from the
pack, the reader's day and the preset, and shows that day; a preset brings its format
and size; each kind of export asks for what it needs."""

from __future__ import annotations

import struct
import time
from pathlib import Path

from reader import console_problems, heading, open_reader, open_tools, step, until
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard.reports.presets import PRESETS

PNG = b"\x89PNG\r\n\x1a\n"


def arrived(page, path: Path, seconds: float = 90) -> bytes:
    """The downloaded file's bytes; fails with the dialog's status line if none came."""
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.25)
    status = page.find_element(By.CSS_SELECTOR, "#export-status").text
    assert path.exists(), f"no {path.name}; the status line says: {status}"
    until(lambda: path.stat().st_size > 0, 10, f"{path.name} written")
    return path.read_bytes()


def fresh(downloads: Path, name: str) -> Path:
    """Where the download will land, emptied of an earlier test's file."""
    path = downloads / name
    path.unlink(missing_ok=True)
    return path


def choose(page, group: str, value: str) -> None:
    page.find_element(By.CSS_SELECTOR, f"#{group} input[value={value}]").click()


def chosen(page, group: str, value: str) -> bool:
    return page.find_element(By.CSS_SELECTOR, f"#{group} input[value={value}]").is_selected()


def test_the_square_preset_downloads_a_square_png_of_the_day_shown(page, app_url, downloads):
    open_reader(page, f"{app_url}/?date=2024-12-06")
    step(page, Keys.ARROW_LEFT)
    until(lambda: heading(page) == "End of 5 December 2024", what="a day back")
    open_tools(page)
    choose(page, "export-preset", "print")
    until(lambda: chosen(page, "export-format", "pdf"), what="print's format, PDF")
    choose(page, "export-preset", "square")
    until(lambda: chosen(page, "export-format", "png"), what="square's format, PNG")
    page.find_element(By.CSS_SELECTOR, "#export-subtitle").send_keys("<b>not bold</b>")
    expected = fresh(downloads, "frontline-map-syria-2024-12-05-square.png")
    page.find_element(By.CSS_SELECTOR, "#export-button").click()
    data = arrived(page, expected)
    assert data[:8] == PNG
    square = PRESETS["square"]
    assert struct.unpack(">II", data[16:24]) == (square.width, square.height) == (1080, 1080)
    status = page.find_element(By.CSS_SELECTOR, "#export-status")
    until(lambda: status.text == f"Downloaded {expected.name}", what="the status line")

    # A comparison asks for the other day; an animation for its format and its pause.
    assert not page.find_element(By.CSS_SELECTOR, "#export-other-row").is_displayed()
    choose(page, "export-kind", "compare")
    until(page.find_element(By.CSS_SELECTOR, "#export-other-row").is_displayed)
    choose(page, "export-kind", "animation")
    until(page.find_element(By.CSS_SELECTOR, "#export-pause-row").is_displayed)
    until(lambda: chosen(page, "export-format", "gif"), what="an animation's format")
    formats = [
        e.get_attribute("value")
        for e in page.find_elements(By.CSS_SELECTOR, "#export-format input")
    ]
    assert formats == ["gif", "mp4"]
    assert not page.find_element(By.CSS_SELECTOR, "#export-other-row").is_displayed()
    assert console_problems(page) == []
