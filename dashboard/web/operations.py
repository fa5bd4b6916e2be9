"""What a server needs to be run by others: health and readiness, security headers and
cache lives, on every response of the web server.

- `<base>healthz`: the process answers (200, a few bytes of JSON; never the page).
- `<base>readyz`: the packs shown, the record of each (its version and when it was
  loaded, the last reload and its problems), and whether exports can be made (the
  renderer here, or the queue and its workers); 503 while something it needs is missing.
- Every response carries a Content-Security-Policy the page satisfies (scripts from the
  server only, but for Dash's one inline line, allowed by its hash), `nosniff`, a
  referrer policy and a framing rule: refused by default, allowed for the hosts named in
  `FRONTLINE_FRAME_ANCESTORS`.
- Dash's versioned assets (`/assets/app.js?m=…`) are cached a year; the layout, which
  follows the language of the page that asks for it (its `Referer`), says so (`Vary`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from typing import Any

import flask
from dash import Dash

from dashboard import __version__
from dashboard.web.exports import configured_exports
from dashboard.web.live import LivePack
from dashboard.web.static import YEAR_SECONDS

FRAME_VARIABLE = "FRONTLINE_FRAME_ANCESTORS"
# An origin a page may be framed by: a scheme, a host (a leading `*.` for subdomains) and
# an optional port; nothing that could end the directive or start another.
ORIGIN = re.compile(r"^https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
REFERRER_POLICY = "strict-origin-when-cross-origin"


def frame_ancestors(value: str | None = None) -> str:
    """The CSP `frame-ancestors` sources from `FRONTLINE_FRAME_ANCESTORS`: none by
    default; `self`; or origins separated by spaces or commas. Raises ValueError naming
    what is wrong, so a server never starts with a rule it does not mean."""
    value = os.environ.get(FRAME_VARIABLE, "") if value is None else value
    words = [word for word in re.split(r"[\s,]+", value.strip()) if word]
    if not words or words == ["none"]:
        return "'none'"
    sources = []
    for word in words:
        if word in ("self", "'self'"):
            sources.append("'self'")
        elif ORIGIN.match(word):
            sources.append(word)
        else:
            raise ValueError(
                f"{FRAME_VARIABLE}: {word!r} is not an origin such as https://news.example.org "
                "(or 'self', or 'none')"
            )
    return " ".join(sources)


def content_security_policy(script_hashes: set[str], ancestors: str) -> str:
    """The page's policy. MapLibre draws in a worker made from a blob: URL, and the
    right-to-left plugin is handed to it as one, loaded as a script and compiling
    WebAssembly (allowed, while JavaScript's eval stays refused); Dash's components set
    inline styles; nothing is ever fetched from another origin."""
    scripts = " ".join(["'self'", *sorted(f"'sha256-{digest}'" for digest in script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts} blob: 'wasm-unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


def script_hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def operate(app: Dash, live: LivePack) -> None:
    """Health, readiness, headers and cache rules for `app` and the server it is on
    (the server's part once, at the first app's path prefix)."""
    server = app.server
    state = server.extensions.get("frontline-operations")
    if state is None:
        state = {
            "packs": {},
            "scripts": set(),
            "assets": set(),
            "layouts": set(),
            "ancestors": frame_ancestors(),
        }
        server.extensions["frontline-operations"] = state
        _register(server, app.config.routes_pathname_prefix, state)
    state["packs"][live.name] = live
    # Dash's one executable inline script (and any inline clientside callback).
    state["scripts"].add(script_hash(app.renderer))
    state["scripts"].update(script_hash(script) for script in app._inline_scripts)
    prefix = app.config.routes_pathname_prefix
    state["assets"].add(prefix + "assets/")
    state["layouts"].add(prefix + "_dash-layout")


def readiness(packs: dict[str, LivePack]) -> tuple[bool, dict[str, Any]]:
    """Whether the server can do its work, and what it knows of it."""
    exports = configured_exports().status()
    shown = {name: live.status() for name, live in packs.items()}
    ready = bool(shown) and exports["ready"]
    return ready, {
        "ready": ready,
        "version": __version__,
        "packs": shown,
        "exports": exports,
    }


def _register(server: flask.Flask, prefix: str, state: dict) -> None:
    @server.route(f"{prefix}healthz", endpoint="frontline-healthz")
    def healthz() -> flask.Response:
        return _json({"status": "ok"}, 200)

    @server.route(f"{prefix}readyz", endpoint="frontline-readyz")
    def readyz() -> flask.Response:
        for live in state["packs"].values():
            live.reload()  # a changed pack is loaded (or refused) before it is reported
        ready, report = readiness(state["packs"])
        return _json(report, 200 if ready else 503)

    @server.before_request
    def follow_the_packs() -> None:
        for live in state["packs"].values():
            live.poll()

    @server.after_request
    def headers(response: flask.Response) -> flask.Response:
        path = flask.request.path
        policy = content_security_policy(state["scripts"], state["ancestors"])
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = REFERRER_POLICY
        if state["ancestors"] == "'none'":
            response.headers["X-Frame-Options"] = "DENY"
        elif state["ancestors"] == "'self'":
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        if (
            response.status_code in (200, 304)
            and "m" in flask.request.args
            and any(path.startswith(assets) for assets in state["assets"])
        ):
            # Dash names an asset by its file's time (`?m=`): a new file, a new URL.
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR_SECONDS
            response.cache_control.immutable = True
        if path in state["layouts"]:
            # The layout is in the language of the page that asks (request_language).
            response.vary.add("Referer")
            response.cache_control.no_cache = True
        return response


def _json(body: dict, status: int) -> flask.Response:
    response = flask.Response(
        json.dumps(body, ensure_ascii=False, indent=1) + "\n",
        status=status,
        mimetype="application/json",
    )
    response.cache_control.no_store = True
    return response
