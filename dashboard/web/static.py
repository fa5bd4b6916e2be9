"""Files the app makes at start-up and serves from memory: compressed once, in gzip at
once and in brotli (a third smaller) from a background thread, with an ETag and, for a
file named by its content hash, a cache life of a year."""

from __future__ import annotations

import gzip
import hashlib
import queue
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import brotli
from flask import Response, request

YEAR_SECONDS = 365 * 24 * 3600
# Best first; the browser's Accept-Encoding decides among those a file has.
ENCODINGS = ("br", "gzip")


@dataclass(frozen=True)
class StaticFile:
    """One file in each encoding it is ready in ("identity" is the file itself)."""

    mimetype: str
    bodies: dict[str, bytes]
    etag: str


# One background thread compresses with brotli, one file after the other, so start-up
# never competes with itself; a file several apps serve (the scripts) is made once, and
# forgotten when nothing serves it any more (an edition the server has moved past). It
# is a daemon: a stopping worker never waits for it.
_waiting: queue.Queue[Callable[[], None]] = queue.Queue()
_made: weakref.WeakValueDictionary[str, StaticFile] = weakref.WeakValueDictionary()
_lock = threading.Lock()
_thread: threading.Thread | None = None


def _compress_forever() -> None:
    while True:
        _waiting.get()()


def _later(work: Callable[[], None]) -> None:
    global _thread
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_compress_forever, name="brotli", daemon=True)
            _thread.start()
    _waiting.put(work)


def generated_file(body: bytes, mimetype: str) -> StaticFile:
    """A file made at start-up: gzip at once, and brotli at its smallest setting (about
    a second per 200 kB, a third smaller than gzip) in the background, served from the
    moment it is ready."""
    etag = hashlib.sha256(body).hexdigest()[:16]
    with _lock:
        file = _made.get(etag)
        if file is not None:
            return file
        file = _made[etag] = StaticFile(
            mimetype, {"identity": body, "gzip": gzip.compress(body, 6, mtime=0)}, etag
        )

    def compress() -> None:
        file.bodies["br"] = brotli.compress(body, quality=11)

    _later(compress)
    return file


def respond(file: StaticFile, max_age: int) -> Response:
    """The file in the best encoding the browser takes; cached `max_age` seconds as
    immutable (a versioned URL), or revalidated by its ETag on every use (0)."""
    encoding = next(
        (e for e in ENCODINGS if e in file.bodies and request.accept_encodings[e] > 0),
        "identity",
    )
    etag = f"{file.etag}-{encoding}"
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(file.bodies[encoding], mimetype=file.mimetype)
        if encoding != "identity":
            response.headers["Content-Encoding"] = encoding
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    if max_age:
        response.cache_control.max_age = max_age
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response
