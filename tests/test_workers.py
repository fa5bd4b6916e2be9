"""A user's own events file with two gunicorn workers: any worker answers any request,
because the page, not a process, keeps the file."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.pack.paths import find_pack


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = {**os.environ, "FRONTLINE_DATA_DIR": str(find_pack("syria").root)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-b", f"127.0.0.1:{port}", "-w", "2", "dashboard.wsgi:server"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=5).read()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=20)


def _upload(url: str, name: str, data: bytes) -> dict:
    contents = "data:text/csv;base64," + base64.b64encode(data).decode()
    return _post(
        url + "/_dash-update-component",
        {
            "output": "..user-events.data...upload-status.children...upload-problems.children..",
            "outputs": [
                {"id": "user-events", "property": "data"},
                {"id": "upload-status", "property": "children"},
                {"id": "upload-problems", "property": "children"},
            ],
            "inputs": [
                {"id": "events-upload", "property": "contents", "value": contents},
                {"id": "use-bundled", "property": "n_clicks", "value": 0},
            ],
            "state": [{"id": "events-upload", "property": "filename", "value": name}],
            "changedPropIds": ["events-upload.contents"],
        },
    )["response"]


def _step(url: str, day: int, user: dict | None) -> dict:
    return _post(
        url + "/_dash-update-component",
        {
            "output": "..day-update.data...territory-chart.figure..."
            "date-heading.children...day-changes.children..",
            "outputs": [
                {"id": "day-update", "property": "data"},
                {"id": "territory-chart", "property": "figure"},
                {"id": "date-heading", "property": "children"},
                {"id": "day-changes", "property": "children"},
            ],
            "inputs": [
                {"id": "date-slider", "property": "value", "value": day},
                {"id": "resync", "property": "data", "value": 0},
                {"id": "user-events", "property": "data", "value": user},
            ],
            "state": [{"id": "shown-day", "property": "data", "value": None}],
            "changedPropIds": ["date-slider.value"],
        },
    )["response"]


def test_any_worker_answers_with_the_file_the_page_keeps(server):
    events = find_pack("syria").events.read_text(encoding="utf-8")
    # A record where Aleppo never falls: its changes are dropped.
    kept = [line for line in events.splitlines() if ",aleppo,change," not in line]
    response = _upload(server, "no aleppo.csv", ("\n".join(kept) + "\n").encode())
    user = response["user-events"]["data"]
    assert user["name"] == "no aleppo.csv"
    assert "Showing your file" in response["upload-status"]["children"]

    last = 16
    bundled = {json.dumps(_step(server, last, None)) for _ in range(6)}
    mine = {json.dumps(_step(server, last, user)) for _ in range(12)}
    assert len(bundled) == 1 and len(mine) == 1, "every worker gives the same answer"
    assert bundled != mine

    invalid = _upload(server, "bad.csv", events.replace(",hts_led,", ",rebels,", 1).encode())
    assert "user-events" not in invalid
    assert "bad.csv was not used: 1 problem(s)" in invalid["upload-status"]["children"]
