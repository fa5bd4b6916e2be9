"""Credits that travel with every map: under it in the app and inside every export.

The texts come from the pack (`[attribution]` in `conflict.toml`, with its
`translations`); only the note on how areas are drawn is the tool's own, because it
describes the tool's method, so it is translated by the tool (`dashboard.i18n`). The
sources an export names are the record's publishers ranked by how many of its rows they
carry, each credited to the original publisher rather than the site that relayed it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from dashboard.i18n import pack_translator
from dashboard.pack.config import ConflictConfig
from dashboard.records import Record

# "Al Jazeera (via newspub.live)", "ANF News (Italian translation via X)": the part in
# brackets names who relayed it. "Business Recorder (AFP)", "X (relaying AFP / SOHR)",
# "Y (Anadolu report)": it names the original, credited when the record cites that
# publisher in its own right too.
_BRACKETED = re.compile(r"^(?P<main>.*?)\s*\((?P<inner>[^()]*)\)\s*$")
_VIA = re.compile(r"\bvia\b", re.IGNORECASE)
_RELAY_WORDS = re.compile(r"^(?:.*\b(?:citing|relaying|quoting)\s+)|\s+(?:report|copy)$", re.I)
_NAME_LIST = re.compile(r"\s*(?:/|,|\band\b)\s*")


def areas_note(config: ConflictConfig, lang: str | None = None) -> str:
    """How areas are drawn, in `lang` (default: the pack's primary language)."""
    tr = pack_translator(config, lang)
    return tr(
        "Areas are {unit}s divided among tracked towns (nearest-town cells): "
        "an approximation, not surveyed front lines.",
        unit=config.text(config.boundaries.unit, tr.lang),
    )


def credit_lines(config: ConflictConfig, lang: str | None = None) -> tuple[str, ...]:
    """Every credit, one per line: boundaries, places, control (in `lang` when the pack
    translates them), then the method note."""
    credits, _ = config.credits(lang)
    return (credits.boundaries, credits.places, credits.control, areas_note(config, lang))


def original_publishers(publisher: str, known: set[str]) -> tuple[str, ...]:
    """Whom a source's publisher field credits: "X (via Y)" credits X; "X (AFP)" or
    "X (relaying AFP / SOHR)" credits AFP and SOHR when the record knows them as
    publishers (`known`: the record's publishers without their brackets); anything else
    credits the name before its brackets ("Al Arab (London)": Al Arab)."""
    match = _BRACKETED.match(publisher)
    if not match:
        return (publisher.strip(),)
    main, inner = match["main"].strip(), match["inner"].strip()
    if _VIA.search(inner):
        return (main,)
    named = [name for name in _NAME_LIST.split(_RELAY_WORDS.sub("", inner)) if name]
    if named and all(name in known for name in named):
        return tuple(named)
    return (main,)


def ranked_publishers(record: Record) -> list[str]:
    """The record's original publishers, those cited by the most rows first (a row
    counts once per publisher), ties by name."""
    sources = record.sources
    known = {_BRACKETED.sub(r"\g<main>", source.publisher).strip() for source in sources.values()}
    credited = {
        source_id: original_publishers(source.publisher, known)
        for source_id, source in sources.items()
    }
    counts: Counter[str] = Counter()
    for event in record.events:
        counts.update({name for source_id in event.source_ids for name in credited[source_id]})
    return [name for name, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def user_file_name(record: Record, pack_events: Path) -> str | None:
    """The name of the user's own events file the record was read from (None when it
    is the pack's published record)."""
    events = record.events_path
    if isinstance(events, Path) and events.resolve() == Path(pack_events).resolve():
        return None
    return Path(str(events)).name
