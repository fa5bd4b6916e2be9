"""A server others can run, over HTTP against the documented deploy (`gunicorn -c
gunicorn.conf.py`, every bundled pack): health and readiness, the headers on every
response, cache lives, and one line of log per request."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import weakref
from pathlib import Path

import pytest
from dash_requests import UPDATE, free_port, gunicorn_server, record_body

from dashboard.pack.paths import find_pack
from dashboard.web import create_app
from dashboard.web.app import create_server
from dashboard.web.operations import frame_ancestors, script_hash
from dashboard.web.static import generated_file


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gunicorn")


@pytest.fixture(scope="module")
def server(logs: Path):
    with gunicorn_server(
        None, configured=True, log=logs / "error.log", access=logs / "access.log"
    ) as url:
        yield url


def get(url: str, headers: dict | None = None, data: bytes | None = None):
    """The status, headers and body of a GET (a JSON POST with `data`), whatever the
    status."""
    headers = {**(headers or {}), **({"Content-Type": "application/json"} if data else {})}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_healthz_says_the_process_answers_and_nothing_more(server):
    status, headers, body = get(server + "/healthz")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {"status": "ok"}
    assert len(body) < 64  # before: the app's whole page


def test_readyz_reports_each_packs_record_and_the_exports(server):
    status, headers, body = get(server + "/readyz")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert "no-store" in headers["Cache-Control"]
    report = json.loads(body)
    assert report["ready"] is True
    assert set(report["packs"]) == {"syria", "sudan"}
    for name, shown in report["packs"].items():
        events = find_pack(name).events.read_bytes()
        assert shown["record"] == hashlib.sha256(events).hexdigest()[:10]
        assert shown["last_reload"]["problems"] == []
    assert report["exports"]["where"] == "this process"
    assert report["exports"]["renderer"]["available"] is True


def test_readyz_is_503_when_the_configured_queue_cannot_be_reached(tmp_path):
    nothing = f"redis://127.0.0.1:{free_port()}/0"  # no Redis listens there
    with gunicorn_server(
        None, configured=True, env={"FRONTLINE_REDIS_URL": nothing}, log=tmp_path / "e.log"
    ) as url:
        status, _, body = get(url + "/readyz")
        health, _, _ = get(url + "/healthz")
    assert status == 503
    report = json.loads(body)
    assert report["ready"] is False
    assert report["exports"]["ready"] is False
    assert report["exports"]["problem"].startswith("Redis: ")
    assert health == 200  # the process itself is up


def test_health_and_readiness_follow_the_path_prefix(tmp_path):
    env = {"DASH_URL_BASE_PATHNAME": "/maps/"}
    with gunicorn_server(
        None, configured=True, env=env, base="/maps/", log=tmp_path / "e.log"
    ) as url:
        assert get(url + "/maps/healthz")[0] == 200
        assert get(url + "/maps/readyz")[0] == 200
        assert get(url + "/healthz")[0] == 404


def page_and_inline_scripts(server: str) -> tuple[str, list[str]]:
    page = get(server + "/")[2].decode()
    live = re.sub(r"<!--.*?-->", "", page, flags=re.S)  # Dash's note for old IE is a comment
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", live, re.S)
    executable = [text for attributes, text in scripts if "application/json" not in attributes]
    return page, executable


def test_every_response_carries_the_security_headers(server):
    page, _ = page_and_inline_scripts(server)
    site_file = re.search(r'src="(/site/reader/reader\.[0-9a-f]+\.js)"', page).group(1)
    asset = re.search(r'href="(/assets/app\.css\?m=[0-9.]+)"', page).group(1)
    answers = {
        "page": get(server + "/"),
        "arabic page": get(server + "/sudan/?lang=ar"),
        "site file": get(server + site_file),
        "asset": get(server + asset),
        "layout": get(server + "/_dash-layout"),
        "not found": get(server + "/_dash-component-suites/nothing/x.js"),
        "readiness": get(server + "/readyz"),
    }
    bad = json.dumps(record_body(None, ["en"])).encode()
    answers["bad callback"] = get(server + UPDATE, data=bad)
    assert answers["bad callback"][0] == 400
    for what, (status, headers, _) in answers.items():
        assert status < 500, what
        policy = headers["Content-Security-Policy"]
        assert "connect-src 'self'" in policy, what  # nothing fetched from elsewhere
        assert "frame-ancestors 'none'" in policy, what
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0], what
        assert headers["X-Content-Type-Options"] == "nosniff", what
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", what
        assert headers["X-Frame-Options"] == "DENY", what


def test_the_policy_allows_exactly_the_pages_inline_script(server):
    page, inline = page_and_inline_scripts(server)
    assert inline == ["var renderer = new DashRenderer();"]
    policy = get(server + "/")[1]["Content-Security-Policy"]
    allowed = re.findall(r"'sha256-([^']+)'", policy)
    assert allowed == [script_hash(inline[0])]
    # Dash's settings named a plotly.com address for its debug tools' version check, and
    # the Python version: both are gone, the tools are off, and the policy would refuse
    # a request there anyway.
    config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', page, re.S)[1])
    assert config["ui"] is False and config["disable_version_check"] is True
    assert "dash_version_url" not in config and "python_version" not in config
    assert "plotly.com" not in page


def test_framing_is_refused_by_default_and_allowed_for_the_named_hosts(monkeypatch):
    monkeypatch.setenv("FRONTLINE_FRAME_ANCESTORS", "https://news.example.org, 'self'")
    client = create_app(find_pack("syria")).server.test_client()
    headers = client.get("/").headers
    assert "frame-ancestors https://news.example.org 'self';" in (
        headers["Content-Security-Policy"] + ";"
    )
    assert "X-Frame-Options" not in headers  # it cannot name a host: the policy does
    assert frame_ancestors("") == "'none'"
    assert frame_ancestors("self") == "'self'"
    for wrong in ("news.example.org", "https://a.org; script-src *", "javascript:x", "*"):
        with pytest.raises(ValueError, match="FRONTLINE_FRAME_ANCESTORS"):
            frame_ancestors(wrong)
    monkeypatch.setenv("FRONTLINE_FRAME_ANCESTORS", "https://x.org/path")
    with pytest.raises(ValueError, match="not an origin"):
        create_server()


def test_versioned_assets_are_cached_a_year_and_plain_ones_revalidated(server):
    page, _ = page_and_inline_scripts(server)
    versioned = re.search(r'src="(/assets/app\.js\?m=[0-9.]+)"', page).group(1)
    status, headers, _ = get(server + versioned)
    assert status == 200
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    plain = get(server + "/assets/app.js")[1]["Cache-Control"]
    assert "immutable" not in plain and "max-age=31536000" not in plain
    site_file = re.search(r'src="(/site/reader/reader\.[0-9a-f]+\.js)"', page).group(1)
    assert "immutable" in get(server + site_file)[1]["Cache-Control"]


def test_the_layout_says_it_varies_with_the_page_that_asks(server):
    english = get(server + "/_dash-layout", {"Referer": server + "/"})
    arabic = get(server + "/_dash-layout", {"Referer": server + "/?lang=ar"})
    assert english[2] != arabic[2]  # the tools in each language
    for _, headers, _ in (english, arabic):
        vary = {word.strip() for word in headers["Vary"].split(",")}
        assert "Referer" in vary
        assert "no-cache" in headers["Cache-Control"]


def test_gunicorn_logs_one_line_per_request(server, logs):
    mark = uuid.uuid4().hex  # these requests' own lines, whatever else was logged
    paths = [f"/healthz?{mark}", f"/readyz?{mark}", f"/_dash-component-suites/nothing/x.js?{mark}"]
    for path in paths:
        get(server + path)

    def mine() -> list[str]:
        return [line for line in (logs / "access.log").read_text().splitlines() if mark in line]

    deadline = time.monotonic() + 5
    while len(mine()) < 3:
        assert time.monotonic() < deadline, "the access log did not grow"
        time.sleep(0.1)
    time.sleep(0.3)  # nothing more comes
    lines = mine()
    assert len(lines) == 3
    # Two workers write the log: their lines may land in either order.
    for path, status in zip(paths, (200, 200, 404), strict=True):
        (line,) = [line for line in lines if f'"GET {path} HTTP/1.1" {status} ' in line]
        assert re.search(r" \d+ms ", line), line


def test_frontline_serve_logs_one_line_per_request(tmp_path):
    port = free_port()
    errors = tmp_path / "serve.log"
    with errors.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "serve", "--pack", "syria", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while get_or_none(url + "/healthz") is None:
            assert process.poll() is None, errors.read_text()
            assert time.monotonic() < deadline
            time.sleep(0.3)
        for _ in range(3):
            get(url + "/readyz")
        time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(20)
    lines = [line for line in errors.read_text().splitlines() if "/readyz" in line]
    assert len(lines) == 3
    assert all('"GET /readyz HTTP/1.1" 200' in line for line in lines)


def get_or_none(url: str) -> int | None:
    try:
        return get(url)[0]
    except OSError:
        return None


def test_the_page_and_layout_go_out_compressed_once_and_revalidate(server):
    """Made once per edition and language: gzip as stored, an ETag, and 304 when the
    browser has it. Each worker keeps one answer (Dash's page carries a token of its
    process), so the same ETag always comes with the same bytes."""
    asked = {"Accept-Encoding": "gzip", "Referer": server + "/"}
    for path in ("/", "/_dash-layout", "/_dash-dependencies"):
        seen: dict[str, bytes] = {}
        for _ in range(8):
            status, headers, body = get(server + path, asked)
            assert status == 200 and headers["Content-Encoding"] == "gzip", path
            assert "no-cache" in headers["Cache-Control"], path
            assert seen.setdefault(headers["ETag"], body) == body, path
        # A browser holding an answer gets 304 from the worker that made it; another
        # worker may answer 200 with its own (then the browser holds that one too).
        for _ in range(10):
            status, headers, body = get(server + path, {**asked, "If-None-Match": ", ".join(seen)})
            if status == 304:
                break
            assert status == 200 and headers["ETag"] not in seen, path
            seen[headers["ETag"]] = body
        assert status == 304, path
        assert len(seen) <= 2, path  # at most one answer per worker


def test_a_generated_file_is_forgotten_once_nothing_serves_it():
    """An edition's files go with the edition: a server reloading its record daily does
    not keep every day's files."""
    body = os.urandom(2_000)
    made = generated_file(body, "text/plain")
    assert generated_file(body, "text/plain") is made
    gone = weakref.ref(made)
    del made
    deadline = time.monotonic() + 10  # the background brotli job may hold it a moment
    while gone() is not None and time.monotonic() < deadline:
        gc.collect()
        time.sleep(0.05)
    assert gone() is None
