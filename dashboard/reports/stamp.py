"""What an export says about itself: which record it shows and when it was made, so a
copy found later can be traced and checked."""

from __future__ import annotations

import datetime as dt
import hashlib
import weakref

from dashboard import __version__
from dashboard.records import Record

# Records whose file's digest was taken when they were read (id -> digest): a server
# that reloads its pack states the record it shows, even after the file changed again.
_pinned: dict[int, str] = {}


def pin_digest(record: Record, data: bytes) -> str:
    """Remember the digest of the bytes `record` was read from; returns it."""
    digest = hashlib.sha256(data).hexdigest()[:10]
    _pinned[id(record)] = digest
    weakref.finalize(record, _pinned.pop, id(record), None)
    return digest


def record_version(record: Record) -> str:
    """The events file's first 10 hex digits of SHA-256, and the tool's version:
    `record 3f2a9c01b4, frontline-map 0.2.0`. The same file gives the same version on
    any machine; any edit of the file changes it."""
    digest = _pinned.get(id(record))
    if digest is None:
        digest = hashlib.sha256(record.events_path.read_bytes()).hexdigest()[:10]
    return f"record {digest}, frontline-map {__version__}"


def made_at(now: dt.datetime | None = None) -> str:
    """`2026-11-27 13:05 UTC`."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
