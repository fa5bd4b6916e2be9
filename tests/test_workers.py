"""A user's own events file with two gunicorn workers: any worker answers any request,
because the page, not a process, keeps the file."""

from __future__ import annotations

import json

import pytest
from dash_requests import gunicorn_server, post, record_body, upload_body

from dashboard.pack.paths import find_pack


@pytest.fixture(scope="module")
def server():
    with gunicorn_server(find_pack("syria").root, workers=2) as url:
        yield url


def test_any_worker_answers_with_the_file_the_page_keeps(server):
    events = find_pack("syria").events.read_text(encoding="utf-8")
    # A record where Aleppo never falls: its changes are dropped.
    kept = [line for line in events.splitlines() if ",aleppo,change," not in line]
    response = post(server, upload_body("no aleppo.csv", ("\n".join(kept) + "\n").encode()))
    user = response["user-events"]["data"]
    assert user["name"] == "no aleppo.csv"
    assert "Showing your file" in response["upload-status"]["children"]

    bundled = {json.dumps(post(server, record_body())) for _ in range(6)}
    mine = {json.dumps(post(server, record_body(user))) for _ in range(12)}
    assert len(bundled) == 1 and len(mine) == 1, "every worker gives the same answer"
    assert bundled != mine
    tables = json.loads(mine.pop())["user-reader"]["data"]["tables"]
    aleppo = tables["towns"]["ids"].index("aleppo")
    assert tables["towns"]["runStart"][aleppo + 1] - tables["towns"]["runStart"][aleppo] == 1

    broken = events.replace(",hts_led,", ",rebels,", 1).encode()
    invalid = post(server, upload_body("bad.csv", broken))
    assert "user-events" not in invalid
    assert "bad.csv was not used: 1 problem to fix" in invalid["upload-status"]["children"]


def test_the_editable_record_uploads_as_it_is(server):
    """A first upload starts from a valid file: the record the page offers to edit is
    accepted back unchanged (it is the upload's own schema)."""
    import urllib.request

    with urllib.request.urlopen(server + "/record.csv", timeout=30) as response:
        assert "attachment" in response.headers["Content-Disposition"]
        data = response.read()
    answer = post(server, upload_body("syria-events.csv", data))
    assert answer["user-events"]["data"]["name"] == "syria-events.csv"
    assert answer["upload-status"]["children"].startswith("Showing your file syria-events.csv")
    assert answer["upload-problems"]["children"] == []
