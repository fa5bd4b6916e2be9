"""What an export says about itself: which record it shows and when it was made, so a
copy found later can be traced and checked."""

from __future__ import annotations

import datetime as dt
import hashlib

from dashboard import __version__
from dashboard.records import Record


def record_version(record: Record) -> str:
    """The events file's first 10 hex digits of SHA-256, and the tool's version:
    `record 3f2a9c01b4, frontline-map 0.2.0`. The same file gives the same version on
    any machine; any edit of the file changes it."""
    digest = hashlib.sha256(record.events_path.read_bytes()).hexdigest()[:10]
    return f"record {digest}, frontline-map {__version__}"


def made_at(now: dt.datetime | None = None) -> str:
    """`2026-11-27 13:05 UTC`."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
