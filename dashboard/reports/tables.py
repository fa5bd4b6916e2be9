"""The record as data: the changes of a date range as CSV (the areas as GIS files are
in `gis.py`, the territory in numbers in `dashboard.territory`).

CSV cells are made safe for spreadsheets: a cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return would be read as a formula (CSV injection), so it gets a
leading apostrophe, which spreadsheets show as text and do not evaluate. The table has
no numeric column that could start with a minus sign, so nothing true is changed.
Rows end in CR LF (RFC 4180), so a field holding a line break of either kind is quoted.
"""

from __future__ import annotations

import csv
import io

from dashboard.project import Project

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHANGE_COLUMNS = (
    "date",
    "event_id",
    "town_id",
    "town",
    "kind",
    "from_side",
    "from_label",
    "to_side",
    "to_label",
    "confidence",
    "description",
    "source_ids",
    "publishers",
    "urls",
)


def safe_cell(value: object) -> str:
    """The value as text a spreadsheet shows as it is (see the module's note)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def changes_csv(project: Project, first: int, last: int, lang: str | None = None) -> str:
    """Every change of control dated from day index `first` to `last`, oldest first;
    names and labels in `lang` (default: the pack's primary language)."""
    timeline = project.timeline
    record = project.record
    config = project.config
    lang = lang or config.primary_language
    start, end = timeline.dates[first], timeline.dates[last]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CHANGE_COLUMNS)
    for event in record.changes:
        if not start <= event.date <= end:
            continue
        sources = [record.sources[source_id] for source_id in event.source_ids]
        row = (
            event.date.isoformat(),
            event.event_id,
            event.town_id,
            record.towns[event.town_id].name_in(lang),
            event.kind,
            event.from_side,
            config.label(event.from_side, lang),
            event.to_side,
            config.label(event.to_side, lang),
            event.confidence,
            event.description,
            " ".join(event.source_ids),
            "; ".join(source.publisher for source in sources),
            " ".join(source.url for source in sources if source.url),
        )
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
