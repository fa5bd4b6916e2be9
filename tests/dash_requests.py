"""The app's callbacks as the browser posts them, and the app under gunicorn, for tests
that talk HTTP to a server.

One definition of each request body, so a change to a callback's inputs is made once.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

UPDATE = "/_dash-update-component"


def free_port() -> int:
    """A free port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


GUNICORN_CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


@contextlib.contextmanager
def gunicorn_server(
    pack_root: Path | None,
    workers: int | None = None,
    *,
    configured: bool = False,
    log: Path | None = None,
    access: Path | None = None,
    env: dict[str, str] | None = None,
    base: str = "/",
) -> Iterator[str]:
    """`dashboard.wsgi:server` under gunicorn on a free loopback port, serving one pack
    (every bundled pack if `pack_root` is None); yields its URL once it answers at
    `base`, and stops it afterwards. Sync workers, or with `configured` the documented
    deploy's settings (`gunicorn -c gunicorn.conf.py`). Its error log goes to `log` and
    its standard output (the access log) to `access` (files, never a pipe that a chatty
    server could fill and block on); `env` adds settings."""
    port = free_port()
    env = {
        **{key: value for key, value in os.environ.items() if key != "FRONTLINE_DATA_DIR"},
        **(env or {}),
    }
    if pack_root is not None:
        env["FRONTLINE_DATA_DIR"] = str(pack_root)
    binary = Path(sys.executable).with_name("gunicorn")
    # Gunicorn reads ./gunicorn.conf.py by itself: sync workers must be asked for.
    options = ["-c", str(GUNICORN_CONF)] if configured else ["-k", "sync", "--threads", "1"]
    options += ["-w", str(workers)] if workers else []
    errors = open(log, "w+b") if log else tempfile.TemporaryFile()  # noqa: SIM115
    out = open(access, "wb") if access else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [str(binary), *options, "-b", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
        env=env,
        stdout=out,
        stderr=errors,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                urllib.request.urlopen(url + base, timeout=5).read()
                break
            except OSError:
                if process.poll() is not None:
                    errors.seek(0)
                    raise AssertionError(errors.read().decode()) from None
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        errors.close()
        if access:
            out.close()


def _body(outputs: list[str], inputs: dict, state: dict, changed: str) -> dict:
    def props(values: dict) -> list[dict]:
        return [
            {"id": key.split(".")[0], "property": key.split(".")[1], "value": value}
            for key, value in values.items()
        ]

    named = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in outputs]
    single = len(outputs) == 1  # Dash names a single output as it is, not as a list
    return {
        "output": outputs[0] if single else ".." + "...".join(outputs) + "..",
        "outputs": named[0] if single else named,
        "inputs": props(inputs),
        "state": props(state),
        "changedPropIds": [changed],
    }


def record_body(user: dict | None = None, lang: str | None = None) -> dict:
    """The page asks for the reader's tables of the record the tab holds (the user's own
    file, or None for the pack's, after a file was given back), once the tab's record
    changed; town cards and steps need no server."""
    return _body(
        ["user-reader.data", "record-banner.hidden", "record-banner-text.children"],
        {"record-asked.data": 1},
        {"user-events.data": user, "page-lang.data": lang},
        "record-asked.data",
    )


def upload_body(name: str, data: bytes) -> dict:
    """A file dropped in "Your own events file"."""
    contents = "data:text/csv;base64," + base64.b64encode(data).decode()
    return _body(
        ["user-events.data", "upload-status.children", "upload-problems.children"],
        {"events-upload.contents": contents, "use-bundled.n_clicks": 0},
        {"events-upload.filename": name, "page-lang.data": None},
        "events-upload.contents",
    )


# The export dialog as the page starts (dashboard/web/export_panel.py, DIALOG).
EXPORT_DIALOG = {
    "export-kind.value": "day",
    "export-preset.value": "slide",
    "export-format.value": "png",
    "export-subtitle.value": "",
    "export-other-date.date": None,
    "export-range.start_date": None,
    "export-range.end_date": None,
    "export-every.value": 1,
    "export-pause.value": ["pause"],
    "export-convention.value": "all",
}
EXPORT_TRIGGERS = (
    "export-button",
    "export-poll",
    "export-csv",
    "export-geojson",
    "export-gpkg",
    "export-kml",
    "export-periods",
    "export-territory",
    "export-gains",
)


def export_body(
    date: str,
    fmt: str = "png",
    user: dict | None = None,
    *,
    trigger: str = "export-button",
    job: dict | None = None,
    fields: dict | None = None,
    lang: str | None = None,
    state: object = None,
) -> dict:
    """The export dialog's callback: the Export button, a data button or a poll
    (`trigger`), with the dialog's values (`fields` overrides EXPORT_DIALOG) and the
    reader's state (`state`, or the reader on `date` at its home view)."""
    return _body(
        [
            "export-job.data",
            "export-poll.disabled",
            "export-status.children",
            "export-ready.data",
        ],
        {
            f"{name}.{'n_intervals' if name == 'export-poll' else 'n_clicks'}": 1
            for name in EXPORT_TRIGGERS
        },
        {
            "export-job.data": job,
            **EXPORT_DIALOG,
            "export-format.value": fmt,
            **(fields or {}),
            "reader-state.data": state or {"date": date, "town": None, "view": None},
            "user-events.data": user,
            "page-lang.data": lang,
        },
        f"{trigger}.{'n_intervals' if trigger == 'export-poll' else 'n_clicks'}",
    )


def fit_body(kind: str = "day", preset: str = "slide", fmt: str = "png") -> dict:
    """The export dialog fitting its formats and rows to the kind of export."""
    return _body(
        [
            "export-format.options",
            "export-format.value",
            "export-other-row.hidden",
            "export-pause-row.hidden",
        ],
        {"export-kind.value": kind, "export-preset.value": preset},
        {"export-format.value": fmt},
        "export-kind.value",
    )


def publish_body(lang: str | None = None, clicks: int = 1) -> dict:
    """The Publish tool's button: the site of the page's language as a zip."""
    return _body(
        ["publish-download.data"],
        {"publish-button.n_clicks": clicks},
        {"page-lang.data": lang},
        "publish-button.n_clicks",
    )


def export_file(
    url: str, date: str, fmt: str = "png", fields: dict | None = None, timeout: float = 120
) -> tuple[str, bytes]:
    """Export as the page does: start, poll until done, download. Returns the file's name
    and bytes; fails with the status line when the export fails."""
    started = post(url, export_body(date, fmt, fields=fields))
    job = started.get("export-job", {}).get("data")
    assert job, started["export-status"]["children"]
    deadline = time.monotonic() + timeout
    while True:
        answer = post(url, export_body(date, fmt, fields=fields, trigger="export-poll", job=job))
        if "export-ready" in answer:
            break
        assert answer.get("export-poll", {}).get("disabled") is not True, answer
        assert time.monotonic() < deadline, "the export did not finish"
        time.sleep(0.2)
    return download(url, answer["export-ready"]["data"])


def download(url: str, address: str, timeout: float = 30) -> tuple[str, bytes]:
    """A finished export from the address the page was given (relative to its base):
    the file's name (from Content-Disposition) and its bytes."""
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(url))
    with urllib.request.urlopen(origin + address, timeout=timeout) as response:
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment; filename="), disposition
        return disposition.split("filename=", 1)[1].strip('"'), response.read()


def post_raw(url: str, body: object, timeout: float = 30) -> tuple[int, bytes]:
    """Post `body` (JSON, or bytes as they are) to the callback route; the status and
    the body of the answer, whatever the status."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url + UPDATE, data, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def post(url: str, body: dict, timeout: float = 30) -> dict:
    """Post a callback to the server at `url` and return its `response` part."""
    request = urllib.request.Request(
        url + UPDATE, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())["response"]
