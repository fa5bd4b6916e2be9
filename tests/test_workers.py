"""A user's own events file with two gunicorn workers: any worker answers any request,
because the page, not a process, keeps the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from dash_requests import free_port, post, town_body, upload_body

from dashboard.pack.paths import find_pack


@pytest.fixture(scope="module")
def server():
    port = free_port()
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


def test_any_worker_answers_with_the_file_the_page_keeps(server):
    events = find_pack("syria").events.read_text(encoding="utf-8")
    # A record where Aleppo never falls: its changes are dropped.
    kept = [line for line in events.splitlines() if ",aleppo,change," not in line]
    response = post(server, upload_body("no aleppo.csv", ("\n".join(kept) + "\n").encode()))
    user = response["user-events"]["data"]
    assert user["name"] == "no aleppo.csv"
    assert "Showing your file" in response["upload-status"]["children"]

    bundled = {json.dumps(post(server, town_body("aleppo"))) for _ in range(6)}
    mine = {json.dumps(post(server, town_body("aleppo", user))) for _ in range(12)}
    assert len(bundled) == 1 and len(mine) == 1, "every worker gives the same answer"
    assert bundled != mine

    broken = events.replace(",hts_led,", ",rebels,", 1).encode()
    invalid = post(server, upload_body("bad.csv", broken))
    assert "user-events" not in invalid
    assert "bad.csv was not used: 1 problem(s)" in invalid["upload-status"]["children"]
