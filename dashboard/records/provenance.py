"""What a valid record still owes before it is published: decisions on imported rows,
and sources whose terms forbid passing them on. Warnings, never refusals."""

from __future__ import annotations

from dashboard.records.models import ControlEvent, Record

# Line numbers a warning names before it counts the rest.
SHOWN_LINES = 5


def publication_warnings(record: Record) -> list[str]:
    """One line per concern, each naming the events file and the first rows concerned."""
    warnings = []
    pending = [event for event in record.events if event.is_pending]
    if pending:
        warnings.append(
            f"{record.events_path}: pending review: {_rows(pending)}, imported and not yet "
            "decided by a person; list and decide them with `frontline review`"
        )
    restricted = {
        source.source_id for source in record.sources.values() if source.restricts_publication
    }
    citing = [event for event in record.events if restricted & set(event.source_ids)]
    if citing:
        cited = sorted(restricted & {s for event in citing for s in event.source_ids})
        names = ", ".join(cited[:SHOWN_LINES]) + (", ..." if len(cited) > SHOWN_LINES else "")
        warnings.append(
            f"{record.events_path}: licence forbids redistribution: {_rows(citing)} cite "
            f"{names}; keep this record for local use: do not publish or share it, or maps "
            "made from it, until those rows cite other sources"
        )
    return warnings


def _rows(events: list[ControlEvent]) -> str:
    lines = sorted(event.row for event in events)
    shown = ", ".join(str(line) for line in lines[:SHOWN_LINES])
    more = f" and {len(lines) - SHOWN_LINES} more" if len(lines) > SHOWN_LINES else ""
    noun = "row" if len(lines) == 1 else "rows"
    return f"{len(lines)} {noun} (line {shown}{more})"
