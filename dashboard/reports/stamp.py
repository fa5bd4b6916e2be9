"""What an export says about itself: which record it shows, made when, and whose
reports it rests on, so a copy found later can be traced and checked."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from dashboard import __version__
from dashboard.records import Record
from dashboard.timeline import Timeline


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


def publishers(timeline: Timeline, day_indices: list[int]) -> list[str]:
    """Publishers of the reports behind the holders shown on these days, those behind
    the most places first: for each town, the event that set its holder on each day."""
    counts: Counter[str] = Counter()
    sources = timeline.record.sources
    days = [timeline.dates[index] for index in day_indices]
    for town_id in timeline.town_ids:
        history = timeline.history(town_id)
        for day in days:
            setting = [event for event in history if event.date <= day]
            if setting:
                for source_id in setting[-1].source_ids:
                    counts[sources[source_id].publisher] += 1
    return [name for name, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
