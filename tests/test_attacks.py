"""Every request's work is bounded: the attacks of issue 17, tried over HTTP against the
documented deploy (`gunicorn -c gunicorn.conf.py dashboard.wsgi:server`, every bundled
pack), each refused quickly with a clear message while the site keeps answering.

Measured on 0.3.0 (sync workers): a year-1 record took 7 s to upload and the next
callback ran into the 30 s worker timeout; a 1 MB invalid file gave a 56 MB answer in
10 s; a 30 MB body was read and parsed; malformed callbacks ended in 500s with
tracebacks; two slow clients blocked both workers.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from dash_requests import (
    export_body,
    fit_body,
    gunicorn_server,
    post,
    post_raw,
    publish_body,
    record_body,
    upload_body,
)

from dashboard.pack.paths import find_pack
from dashboard.records.load import EVENT_HEADER
from dashboard.web import create_app
from dashboard.web.limits import MAX_BODY_BYTES, SHOWN_PROBLEMS, WEB_MAX_FRAMES

SYRIA_EVENTS = find_pack("syria").events.read_text(encoding="utf-8")
SYRIA_BASELINE = ",2024-11-26,"
BASELINE_ROWS = SYRIA_EVENTS.count(SYRIA_BASELINE)
DAY = "2024-11-29"  # a day of the Syria record, as the reader reports it
QUICK = 2.0  # seconds: the most a refusal may take (before: 7 to 30 s)


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gunicorn") / "error.log"


@pytest.fixture(scope="module")
def server(log: Path):
    with gunicorn_server(None, configured=True, log=log) as url:
        yield url


@pytest.fixture(scope="module")
def callbacks() -> dict[str, dict]:
    """The page's server callbacks, by their key, as Dash routes them."""
    app = create_app(find_pack("syria"))
    return {key: spec for key, spec in app.callback_map.items() if spec.get("callback")}


def year(first_year: str) -> str:
    """Syria's record with its baseline rows moved to another year: valid but for that."""
    return SYRIA_EVENTS.replace(SYRIA_BASELINE, f",{first_year}-11-26,")


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_a_record_starting_in_year_one_is_refused_at_once(server):
    answer, seconds = timed(lambda: post(server, upload_body("y1.csv", year("0001").encode())))
    assert seconds < QUICK
    assert "user-events" not in answer
    status = answer["upload-status"]["children"]
    assert f"y1.csv was not used: {BASELINE_ROWS} problems to fix" in status
    first = answer["upload-problems"]["children"][0]["props"]["children"]
    assert first == (
        "row 2, column date: 0001-11-26 is before 2024-11-26, the pack's baseline day: "
        "a record of your own starts on or after it"
    )


def test_the_pages_copy_of_a_record_meets_the_same_limits(server):
    """The page's copy comes back with every request and could be anything: a copy no
    upload would pass, or over the size limit, means the pack's own record, at once."""
    for name, text in (
        ("y1.csv", year("0001")),
        ("y1000.csv", year("1000")),
        ("big.csv", SYRIA_EVENTS + "#" * 3_000_000),
    ):
        user = {"name": name, "csv": text}
        answer, seconds = timed(lambda user=user: post(server, record_body(user)))
        assert seconds < QUICK, name
        assert answer["user-reader"]["data"] is None, name  # the reader keeps the pack's
        assert answer["record-banner"]["hidden"] is True, name


def test_an_invalid_file_lists_the_first_problems_and_counts_the_rest(server):
    rows = [",".join(EVENT_HEADER)] + [f"e{i},x,y,z,,,,,,,,," for i in range(19_000)]
    data = ("\n".join(rows) + "\n").encode()  # 380 kB: 152,000 problems
    status, body = post_raw(server, upload_body("bad.csv", data), timeout=30)
    answer = json.loads(body)["response"]
    assert status == 200
    assert len(body) < 60_000  # before: 56 MB for a 1 MB file
    assert "bad.csv was not used: 152000 problems" in answer["upload-status"]["children"]
    lines = [item["props"]["children"] for item in answer["upload-problems"]["children"]]
    assert len(lines) == SHOWN_PROBLEMS + 1
    assert lines[0].startswith("row 2, column date: 'x' is not a date")
    assert lines[-1] == f"and {152_000 - SHOWN_PROBLEMS:,} more problems"


def raw_request(url: str, head: bytes, body: bytes = b"", timeout: float = 5) -> bytes:
    """Send a request's head and the start of its body on a socket; what comes back."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(head + body)
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                answer += chunk
        return answer


@pytest.mark.parametrize("path", ["/_dash-update-component", "/", "/sudan/geo/areas.geojson"])
def test_a_body_over_the_limit_is_refused_before_it_is_read(server, path):
    """A 31 MB body is announced; 1 kB of it is sent: the answer comes at once."""
    method = "POST" if "update" in path else "GET"
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: 31000000\r\nConnection: close\r\n\r\n"
    ).encode()
    answer, seconds = timed(lambda: raw_request(server, head, b"{" + b" " * 1000))
    assert seconds < 1
    assert answer.startswith(b"HTTP/1.1 413")
    assert f"at most {MAX_BODY_BYTES:,} bytes in one request".encode() in answer


def test_a_chunked_body_over_the_limit_is_cut_off(server):
    """With no length announced, the body is read only up to the limit."""
    parts = urlsplit(server)
    chunk = b" " * 65536
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        sent = 0
        try:
            while sent <= MAX_BODY_BYTES + len(chunk):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed before the end: what it should do
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_malformed_inputs_get_400_with_a_short_message(server):
    cases = {
        "a list where a string is expected": record_body(None, ["en"]),
        "every=Infinity": export_body(DAY, fields={"export-every.value": float("inf")}),
        "a number too large for a float": export_body(DAY, fields={"export-every.value": 10**400}),
        "a string where a list is expected": export_body(DAY, fields={"export-pause.value": "x"}),
        "a list where the reader's state is expected": export_body(DAY, state=["x"]),
        "not JSON": b"{",
        "nested too deeply": b"[" * 50_000 + b"]" * 50_000,
    }
    for case, body in cases.items():
        status, text = post_raw(server, body)
        assert status == 400, case
        assert text.startswith(b"Bad callback request: "), case
        assert len(text) < 200, case
    status, text = post_raw(server, record_body(None, ["en"]))
    assert text == b"Bad callback request: state[1] (page-lang.data) must be text or null.\n"


def base_bodies(callbacks: dict) -> dict[str, dict]:
    """A request that works for every server callback of the page, by its key; none of
    them starts a render."""
    days = {"export-range.start_date": "2024-11-26", "export-range.end_date": "2024-12-01"}
    bodies = [
        upload_body("x.csv", b"event_id\n"),
        record_body(None),
        fit_body("animation"),
        export_body(DAY, trigger="export-csv", fields=days),
        publish_body(clicks=0),
    ]
    by_key = {body["output"]: body for body in bodies}
    assert set(by_key) == set(callbacks), "add a working request for each new callback"
    return by_key


NASTY = [
    ["aleppo"],
    {"a": [1, {"b": None}]},
    float("inf"),
    float("nan"),
    10**400,
    True,
    -1,
    "",
    "x" * 5000,
    [[[[]]]],
    2.5,
    "../../etc/passwd",
]


def fuzzed(callbacks: dict) -> list[object]:
    """About a hundred callback bodies the page could not send: each input and state of
    every server callback replaced by four wrong values in turn, and broken envelopes."""
    bodies: list[object] = []
    values = itertools.cycle(NASTY)
    for body in base_bodies(callbacks).values():
        for part in ("inputs", "state"):
            for index in range(len(body[part])):
                for _ in range(4):
                    changed = json.loads(json.dumps(body))
                    changed[part][index]["value"] = next(values)
                    bodies.append(changed)
    record = record_body(None)
    envelopes = [
        {},
        [],
        "text",
        {**record, "output": "reader-record.data"},  # a callback that runs in the browser
        {**record, "output": ["x"]},
        {**record, "inputs": []},
        {**record, "inputs": "x"},
        {**record, "state": [{"id": "page-lang"}]},
        {**record, "outputs": []},
        {**record, "outputs": [{"id": 1, "property": None}] * 3},
        {**record, "changedPropIds": [["user-events.data"]]},
        {**record, "inputs": [{**record["inputs"][0], "id": {"type": "x"}}]},
    ]
    return bodies + envelopes


def test_fuzzed_callbacks_never_get_a_server_error(server, callbacks, log):
    bodies = fuzzed(callbacks)
    assert len(bodies) >= 100
    statuses = []
    for body in bodies:
        status, text = post_raw(server, body)
        assert status < 500, (status, text[:300], json.dumps(body)[:300])
        if status == 400:
            assert len(text) < 300 and b"Traceback" not in text
        statuses.append(status)
    assert statuses.count(400) >= 80
    assert "Traceback" not in log.read_text(errors="replace")


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/dash/dcc/nothing.js",
        "/_dash-component-suites/nothing/x.js",
        "/_dash-component-suites/os/path.js",
        "/sudan/_dash-component-suites/dash/deps/nothing@1.0.0.min.js",
    ],
)
def test_a_bad_component_path_is_not_found(server, path):
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(server + path, timeout=5)
    assert answer.value.code == 404


def test_slow_clients_do_not_block_the_page(server):
    """Two clients send their headers a byte at a time (as gunicorn's sync workers
    blocked the README's `-w 2` for 40 s); the page still answers within a second."""
    parts = urlsplit(server)
    stop = threading.Event()
    holding = []

    def drip() -> None:
        with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
            holding.append(sock)
            for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 2000:
                if stop.wait(0.05):
                    return
                sock.send(bytes([byte]))

    clients = [threading.Thread(target=drip) for _ in range(2)]
    for client in clients:
        client.start()
    try:
        for _ in range(4):  # each worker builds its page once: measure the answer, not that
            urllib.request.urlopen(server + "/", timeout=10).read()
        time.sleep(1.0)  # both are well into their headers
        assert len(holding) == 2
        for _ in range(3):
            (page, seconds) = timed(lambda: urllib.request.urlopen(server + "/", timeout=10).read())
            assert seconds < 1, f"the page took {seconds:.1f} s"
            assert b'id="frontline"' in page  # the reader's page
    finally:
        stop.set()
        for client in clients:
            client.join(10)


def test_a_web_animation_is_limited_in_frames(server):
    """A 400-day GIF took a worker from 235 MB to 5 GB; the web now makes 120 frames at
    most, and says so before any render starts."""
    dialog = {
        "export-kind.value": "animation",
        "export-range.start_date": "2023-04-15",
        "export-range.end_date": "2024-05-18",
    }
    body = export_body("2023-04-15", "gif", fields=dialog)
    answer, seconds = timed(lambda: post(server + "/sudan", body))
    assert seconds < QUICK
    assert "export-job" not in answer
    assert answer["export-status"]["children"] == (
        f"Export failed: an animation made here shows at most {WEB_MAX_FRAMES} days and this "
        "one has 400: pick a shorter range or more days between frames (the command line "
        "makes longer ones)"
    )


def test_a_fault_of_the_server_is_a_short_500_that_tells_nothing_of_the_code(caplog):
    app = create_app(find_pack("syria"))

    @app.server.route("/fault")
    def fault():
        raise RuntimeError("a detail of the code")

    answer = app.server.test_client().get("/fault")
    assert answer.status_code == 500
    assert answer.data == b"The server failed to answer this request; its log says why.\n"
    assert "a detail of the code" in caplog.text  # the log has it
