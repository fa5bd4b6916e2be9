"""The app's callbacks as the browser posts them, for tests that talk HTTP to a server.

One definition of each request body, so a change to a callback's inputs is made once.
"""

from __future__ import annotations

import base64
import json
import socket
import urllib.request

UPDATE = "/_dash-update-component"


def free_port() -> int:
    """A free port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _body(outputs: list[str], inputs: dict, state: dict, changed: str) -> dict:
    def props(values: dict) -> list[dict]:
        return [
            {"id": key.split(".")[0], "property": key.split(".")[1], "value": value}
            for key, value in values.items()
        ]

    return {
        "output": ".." + "...".join(outputs) + "..",
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in outputs],
        "inputs": props(inputs),
        "state": props(state),
        "changedPropIds": [changed],
    }


def step_body(day: int, user: dict | None = None, shown: str | None = None) -> dict:
    """A slider step to `day` (with the user's own file, if any)."""
    return _body(
        [
            "day-update.data",
            "territory-chart.figure",
            "date-heading.children",
            "day-changes.children",
        ],
        {"date-slider.value": day, "resync.data": 0, "user-events.data": user},
        {"shown-day.data": shown},
        "date-slider.value",
    )


def upload_body(name: str, data: bytes) -> dict:
    """A file dropped in "Your own events file"."""
    contents = "data:text/csv;base64," + base64.b64encode(data).decode()
    return _body(
        ["user-events.data", "upload-status.children", "upload-problems.children"],
        {"events-upload.contents": contents, "use-bundled.n_clicks": 0},
        {"events-upload.filename": name},
        "events-upload.contents",
    )


def export_body(day: int, fmt: str = "png", user: dict | None = None) -> dict:
    """The Download button of the export panel."""
    return _body(
        ["export-download.data", "export-status.children"],
        {"export-button.n_clicks": 1},
        {
            "date-slider.value": day,
            "export-format.value": fmt,
            "map-view.data": None,
            "user-events.data": user,
        },
        "export-button.n_clicks",
    )


def post(url: str, body: dict, timeout: float = 30) -> dict:
    """Post a callback to the server at `url` and return its `response` part."""
    request = urllib.request.Request(
        url + UPDATE, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())["response"]
