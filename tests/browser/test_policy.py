"""The app under its Content-Security-Policy in the real browser: the page, an upload and
an export break no rule of it; a step of the slider replaces the address instead of
adding to the history, and asks the server nothing (not even the favicon)."""

from __future__ import annotations

import time
from pathlib import Path

from reader import console_problems, open_reader, requests_made, step, until
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

UPLOAD_INPUT = "#events-upload input[type=file]"


def violations(driver) -> list[str]:
    """Console messages of the page that name the policy (a refused script, style,
    worker, connection or frame), and every other error or warning."""
    return console_problems(driver)


def test_the_page_keeps_its_policy_in_both_languages(page, app_url):
    for url in (f"{app_url}/", f"{app_url}/?lang=ar", f"{app_url}/sudan/?lang=ar"):
        open_reader(page, url)
        time.sleep(0.5)  # the right-to-left plugin's worker starts after the map
        assert violations(page) == [], url


def test_a_step_replaces_the_address_and_asks_nothing(page, app_url):
    requests_made(page)  # what earlier pages loaded
    open_reader(page, f"{app_url}/?date=2024-12-01")
    until(lambda: page.execute_script("return !!document.querySelector('#record-banner')"))
    time.sleep(1)  # Dash's callbacks on load would have gone out by now
    loaded = requests_made(page)
    # A page that holds no file of its own asks no callback when it loads.
    assert [url for url in loaded if "_dash-update-component" in url] == []
    assert any("_dash-layout" in url for url in loaded)
    length = page.execute_script("return history.length")
    step(page, Keys.ARROW_RIGHT, 3)
    until(lambda: "date=2024-12-04" in page.current_url, what="the address to follow")
    step(page, Keys.ARROW_LEFT)
    until(lambda: "date=2024-12-03" in page.current_url, what="a step back")
    assert page.execute_script("return history.length") == length
    assert requests_made(page) == []  # no callback, no favicon
    assert violations(page) == []


def test_an_upload_and_an_export_keep_the_policy(page, app_url, bundled_project, downloads):
    try:
        upload_and_export(page, app_url, bundled_project, downloads)
    finally:
        # The tab keeps a user's file for the session (as a reader's tab does): the
        # session's later tests start from the pack's record.
        page.execute_script("window.sessionStorage.clear()")


def upload_and_export(page, app_url, bundled_project, downloads) -> None:
    open_reader(page, f"{app_url}/")
    page.find_element(By.CSS_SELECTOR, "#tools summary").click()
    lines = bundled_project.paths.events.read_text("utf-8").splitlines()
    mine = downloads.parent / "policy-events.csv"
    kept = [line for line in lines[1:] if line.split(",")[1] <= "2024-12-01"]
    mine.write_text("\n".join([lines[0], *kept]) + "\n", "utf-8")
    page.find_element(By.CSS_SELECTOR, UPLOAD_INPUT).send_keys(str(mine))
    until(
        lambda: "Showing your file" in page.find_element(By.CSS_SELECTOR, "#upload-status").text,
        what="the upload to be checked",
    )
    until(
        lambda: (
            "Showing your file policy-events.csv"
            in page.find_element(By.CSS_SELECTOR, "#record-banner").text
        ),
        what="the banner to say whose record the map shows",
    )

    before = set(Path(downloads).iterdir())
    page.find_element(By.CSS_SELECTOR, "#export-button").click()
    arrived = until(
        lambda: [p for p in set(Path(downloads).iterdir()) - before if p.suffix == ".png"],
        timeout=120,
        what="the exported PNG",
    )
    assert arrived[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert arrived[0].name.endswith("-slide.png")
    page.find_element(By.CSS_SELECTOR, "#export-csv").click()
    until(
        lambda: [p for p in set(Path(downloads).iterdir()) - before if p.suffix == ".csv"],
        what="the changes table",
    )
    assert violations(page) == []
