"""What a request may be before the app works on it, checked in one place.

- A body over `MAX_BODY_BYTES` gets 413 before it is read, on every route.
- A callback request must be one the page could have sent: a JSON object naming one of
  the app's server callbacks, with its inputs and states exactly as declared, each
  value of the kind its component holds (`INPUT_KINDS`). Anything else gets 400 with a
  short message before Dash or a callback sees it, so a callback only meets values of
  the right type (their content it still checks: a day outside the period, an unknown
  town).
- A path under `_dash-component-suites/` that names no file Dash serves gets 404.
- A fault of the server itself gets 500 with one line of text; the traceback goes to
  the server's log, never to the client.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flask
from dash import Dash
from dash.exceptions import DependencyException
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

from dashboard.web.limits import MAX_BODY_BYTES

UPDATE = "_dash-update-component"
SUITES = "_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"
LARGEST_SAFE_INTEGER = 2**53  # beyond it a JSON number is no longer exact in a browser


@dataclass(frozen=True)
class Kind:
    """What a component's property holds, in words for the message and as a test."""

    says: str
    accepts: Callable[[Any], bool]


def _finite(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) <= LARGEST_SAFE_INTEGER
    return isinstance(value, float) and math.isfinite(value)


def _user_record(value: object) -> bool:
    """The page's copy of a user's file, as `user_record.stored` makes it."""
    return isinstance(value, dict) and (
        isinstance(value.get("csv"), str) and isinstance(value.get("name"), str | None)
    )


TEXT = Kind("text or null", lambda v: v is None or isinstance(v, str))
COUNT = Kind("a whole number or null", lambda v: v is None or (isinstance(v, int) and _finite(v)))
NUMBER = Kind("a finite number or null", lambda v: v is None or _finite(v))
# dcc.Input(type="number") sends what the reader typed when it is not a number.
NUMBER_FIELD = Kind(
    "a finite number, text or null", lambda v: v is None or isinstance(v, str) or _finite(v)
)
TEXTS = Kind(
    "a list of texts or null",
    lambda v: v is None or (isinstance(v, list) and all(isinstance(x, str) for x in v)),
)
OBJECT = Kind("an object or null", lambda v: v is None or isinstance(v, dict))
USER_RECORD = Kind(
    "null or an object with text `name` and `csv`", lambda v: v is None or _user_record(v)
)

# Every component property a server callback reads, and what it holds. A callback that
# reads a property missing here stops the app at start-up (`guard_app`), so a new
# input is declared before any request can reach it.
INPUT_KINDS: dict[str, Kind] = {
    "user-events.data": USER_RECORD,
    "page-lang.data": TEXT,
    "events-upload.contents": TEXT,
    "events-upload.filename": TEXT,
    "use-bundled.n_clicks": COUNT,
    "record-asked.data": COUNT,
    "export-kind.value": TEXT,
    "export-preset.value": TEXT,
    "export-format.value": TEXT,
    "export-button.n_clicks": COUNT,
    "export-poll.n_intervals": COUNT,
    "export-csv.n_clicks": COUNT,
    "export-geojson.n_clicks": COUNT,
    "export-gpkg.n_clicks": COUNT,
    "export-kml.n_clicks": COUNT,
    "export-periods.n_clicks": COUNT,
    "export-territory.n_clicks": COUNT,
    "export-gains.n_clicks": COUNT,
    "export-convention.value": TEXT,
    "export-job.data": OBJECT,
    "export-subtitle.value": TEXT,
    "export-other-date.date": TEXT,
    "export-range.start_date": TEXT,
    "export-range.end_date": TEXT,
    "export-every.value": NUMBER_FIELD,
    "export-pause.value": TEXTS,
    "reader-state.data": OBJECT,
    "publish-button.n_clicks": COUNT,
}


class BadCallback(ValueError):
    """A callback request the page could not have sent; says what is wrong."""


def guard_server(server: flask.Flask) -> None:
    """Size limit and plain error answers for the whole web server (once per server)."""
    if server.extensions.get("frontline-guard"):
        return
    server.extensions["frontline-guard"] = True
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @server.before_request
    def refuse_large_bodies() -> None:
        # Werkzeug refuses a large body only when a view reads it; this answers every
        # route, before the body is read. A chunked body, with no length, is read only
        # up to MAX_CONTENT_LENGTH (see `_json_body`).
        if (flask.request.content_length or 0) > MAX_BODY_BYTES:
            flask.abort(413)

    @server.errorhandler(413)
    def too_large(_error: HTTPException) -> flask.Response:
        size = flask.request.content_length
        said = f"{size:,} bytes" if size else "larger than that"
        return _plain(
            413,
            f"This server takes at most {MAX_BODY_BYTES:,} bytes in one request; "
            f"this one is {said}.",
        )

    @server.errorhandler(InternalServerError)
    def server_fault(_error: InternalServerError) -> flask.Response:
        return _plain(500, "The server failed to answer this request; its log says why.")


def guard_app(app: Dash) -> None:
    """Check this app's callback requests and component paths before Dash handles them.

    Raises `ValueError` at start-up when a server callback reads a property with no
    declared kind in `INPUT_KINDS`.
    """
    guard_server(app.server)
    callbacks = _server_callbacks(app)
    prefix = app.config.routes_pathname_prefix
    views = app.server.view_functions
    dispatch = views[prefix + UPDATE]
    serve_suite = views[prefix + SUITES]

    def checked_dispatch(*args: Any, **kwargs: Any) -> Any:
        try:
            _check_callback(callbacks, _json_body())
        except BadCallback as error:
            return _plain(400, f"Bad callback request: {error}.")
        return dispatch(*args, **kwargs)

    def checked_suite(*args: Any, **kwargs: Any) -> Any:
        try:
            return serve_suite(*args, **kwargs)
        except (DependencyException, OSError, KeyError, ValueError):
            raise NotFound() from None

    views[prefix + UPDATE] = checked_dispatch
    views[prefix + SUITES] = checked_suite


def _server_callbacks(app: Dash) -> dict[str, dict]:
    """Output key -> the callback's declared inputs, states and number of outputs."""
    found = {}
    undeclared = set()
    for key, spec in app.callback_map.items():
        if spec.get("callback") is None:
            continue  # runs in the browser
        reads = [*spec["inputs"], *spec["state"]]
        for item in reads:
            name = f"{item['id']}.{item['property']}"
            if not isinstance(item["id"], str) or name not in INPUT_KINDS:
                undeclared.add(name)
        outputs = spec["output"]
        found[key] = {
            "inputs": spec["inputs"],
            "state": spec["state"],
            "outputs": len(outputs) if isinstance(outputs, list | tuple) else 1,
        }
    if undeclared:
        raise ValueError(
            "server callbacks read properties with no declared kind; add them to "
            f"dashboard/web/guard.py INPUT_KINDS: {', '.join(sorted(undeclared))}"
        )
    return found


def _json_body() -> object:
    """The request's JSON (None if it is not JSON). A chunked body is read only up to
    `MAX_BODY_BYTES` (Werkzeug cuts it there): one that reaches the limit is refused
    whole rather than parsed cut short."""
    if len(flask.request.get_data(cache=True)) >= MAX_BODY_BYTES:
        flask.abort(413)
    try:
        return flask.request.get_json(silent=True)
    except RecursionError:
        raise BadCallback("the JSON is nested too deeply") from None


def _check_callback(callbacks: dict[str, dict], body: object) -> None:
    """Raise `BadCallback` unless `body` is a request for one of `callbacks` with the
    inputs and states it declares, each of its kind."""
    if not isinstance(body, dict):
        raise BadCallback("the body must be a JSON object")
    output = body.get("output")
    if not isinstance(output, str) or output not in callbacks:
        raise BadCallback("`output` names no callback of this page")
    declared = callbacks[output]
    outputs = body.get("outputs")
    outputs = [outputs] if isinstance(outputs, dict) else outputs
    if not isinstance(outputs, list) or len(outputs) != declared["outputs"]:
        raise BadCallback(f"`outputs` must list the callback's {declared['outputs']} outputs")
    for item in outputs:
        if not (isinstance(item, dict) and _names(item)):
            raise BadCallback("each of `outputs` needs a text `id` and `property`")
    for part in ("inputs", "state"):
        _check_values(part, body.get(part), declared[part])
    changed = body.get("changedPropIds", [])
    if not (isinstance(changed, list) and all(isinstance(x, str) for x in changed)):
        raise BadCallback("`changedPropIds` must be a list of texts")


def _check_values(part: str, given: object, declared: list[dict]) -> None:
    if not isinstance(given, list) or len(given) != len(declared):
        raise BadCallback(f"`{part}` must list the callback's {len(declared)} {part}")
    for index, (item, spec) in enumerate(zip(given, declared, strict=True)):
        name = f"{spec['id']}.{spec['property']}"
        if not (isinstance(item, dict) and _names(item) == (spec["id"], spec["property"])):
            raise BadCallback(f"{part}[{index}] must be {name}")
        kind = INPUT_KINDS[name]
        if not kind.accepts(item.get("value")):
            raise BadCallback(f"{part}[{index}] ({name}) must be {kind.says}")


def _names(item: dict) -> tuple[str, str] | None:
    ids = item.get("id"), item.get("property")
    return ids if all(isinstance(x, str) for x in ids) else None


def _plain(status: int, text: str) -> flask.Response:
    return flask.Response(text + "\n", status=status, mimetype="text/plain")
