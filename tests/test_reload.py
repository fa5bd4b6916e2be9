"""The record changes without a restart: a pack's files edited under a running server
(two gunicorn workers) are checked and shown, a broken edit is refused and reported
while the last good record stays, and a page never mixes two records."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from dash_requests import gunicorn_server

from dashboard.pack.paths import PackPaths
from dashboard.project import load_project
from dashboard.reader.bundle import build_site
from dashboard.records.load import EVENT_HEADER
from dashboard.reports.stamp import record_version
from dashboard.web import create_app

CHECK = "0.2"  # FRONTLINE_RELOAD_SECONDS for these servers
NEW_CHANGE = {
    "event_id": "c-reload",
    "date": "2023-03-09",
    "town_id": "puerto",
    "kind": "change",
    "from_side": "azul",
    "to_side": "rojo",
    "description": "Taken in a test of the record's reload.",
    "confidence": "medium",
    "basis": "place",
    "source_ids": "arc_daily_2023_03_04",
}


@pytest.fixture
def copied(pack: PackPaths, tmp_path: Path) -> PackPaths:
    root = tmp_path / "arcadia"
    shutil.copytree(pack.root, root)
    return PackPaths.in_dir(root)


def appended(paths: PackPaths, row: dict) -> bytes:
    """The pack's events file with one more row; written in one step (a rename), as an
    editor or `cp` to a temporary name then `mv` does."""
    text = paths.events.read_text("utf-8")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row.get(name, "") for name in EVENT_HEADER])
    data = (text + out.getvalue()).encode()
    partial = paths.events.with_name(".events.csv.partial")
    partial.write_bytes(data)
    partial.replace(paths.events)
    return data


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def tables_of(url: str) -> str:
    """The address of the tables in Arcadia's first language the page names."""
    page = get(url + "/")[1].decode()
    return re.search(r'(?:href|src)="/site/(data/tables-es\.[0-9a-f]+\.js)"', page)[1]


def settled(url: str, wanted, seconds: float = 30) -> str:
    """The page's tables once `wanted(tables)` holds for ten pages in a row (the two
    workers each have switched)."""
    deadline = time.monotonic() + seconds
    streak = 0
    while streak < 10:
        assert time.monotonic() < deadline, "the server did not settle"
        tables = tables_of(url)
        streak = streak + 1 if wanted(tables) else 0
        time.sleep(0.05)
    return tables


def readiness(url: str) -> dict:
    status, body = get(url + "/readyz")
    assert status == 200
    return json.loads(body)["packs"]["arcadia"]


def test_an_edited_record_is_shown_and_a_broken_one_refused(copied, tmp_path):
    env = {"FRONTLINE_RELOAD_SECONDS": CHECK}
    log = tmp_path / "error.log"
    with gunicorn_server(copied.root, workers=2, configured=True, env=env, log=log) as url:
        first = settled(url, lambda _: True)
        assert get(f"{url}/site/{first}")[0] == 200

        # A valid change: every page soon names new tables, which hold the new change.
        data = appended(copied, NEW_CHANGE)
        second = settled(url, lambda tables: tables != first)
        status, body = get(f"{url}/site/{second}")
        assert status == 200 and b"c-reload" not in body  # tables carry codes, not ids
        assert body != get(f"{url}/site/{first}")[1]
        # A page loaded before the switch still gets its files.
        assert get(f"{url}/site/{first}")[0] == 200
        shown = readiness(url)
        assert shown["record"] == hashlib.sha256(data).hexdigest()[:10]
        assert shown["last_reload"]["result"] == "loaded"

        # A broken change: refused, reported, and the last good record stays.
        appended(copied, {**NEW_CHANGE, "event_id": "c-broken", "to_side": "nobody"})
        deadline = time.monotonic() + 30
        while not (shown := readiness(url))["last_reload"]["problems"]:
            assert time.monotonic() < deadline, "the broken file was not reported"
            time.sleep(0.1)
        assert shown["record"] == hashlib.sha256(data).hexdigest()[:10]
        assert shown["last_reload"]["result"].startswith("refused: still showing record ")
        problem = shown["last_reload"]["problems"][0]
        assert problem.startswith(f"{copied.events}:")
        assert "[to_side]" in problem and "nobody" in problem
        for _ in range(10):
            assert tables_of(url) == second
    assert "do not pass its checks; still showing record" in log.read_text()


def test_a_file_of_the_next_record_makes_a_worker_load_it_at_once(copied, monkeypatch):
    """A page from a worker that switched first names files the others do not have yet:
    the worker asked looks at the pack at once instead of answering 404."""
    monkeypatch.setenv("FRONTLINE_RELOAD_SECONDS", "3600")  # no look but this one
    client = create_app(copied).server.test_client()
    appended(copied, NEW_CHANGE)
    next_site = build_site(load_project(copied))
    path = next_site.settings["files"]["tables"]["es"]
    answer = client.get(f"/site/{path}")
    assert answer.status_code == 200
    assert answer.data == next_site.files[path]
    assert client.get("/site/data/tables-es.0000000000.js").status_code == 404


def test_a_file_read_while_it_is_written_is_not_taken(copied, monkeypatch):
    """The files must be the same before and after they are read: a half-written file
    that happens to pass is never shown."""
    from dashboard.web import live

    monkeypatch.setenv("FRONTLINE_RELOAD_SECONDS", "3600")
    app = create_app(copied)
    pack = app.server.extensions["frontline-operations"]["packs"]["arcadia"]
    shown = pack.current.version
    real = live.load_project

    def load_while_written(paths):
        project = real(paths)
        late = {"event_id": "c-late", "date": "2023-03-10", "from_side": "rojo", "to_side": "azul"}
        appended(copied, {**NEW_CHANGE, **late})  # the writer goes on
        return project

    monkeypatch.setattr(live, "load_project", load_while_written)
    appended(copied, NEW_CHANGE)
    assert pack.reload() is False
    assert pack.current.version == shown
    monkeypatch.setattr(live, "load_project", real)
    assert pack.reload() is True  # read whole now that it stands still
    assert pack.current.version == hashlib.sha256(copied.events.read_bytes()).hexdigest()[:10]
    # An export states the record it shows, even once the file has changed again.
    appended(copied, {**NEW_CHANGE, "event_id": "c-next", "date": "2023-03-10",
                      "town_id": "molino"})  # fmt: skip
    stated = record_version(pack.current.project.record)
    assert stated.startswith(f"record {pack.current.version}, ")
