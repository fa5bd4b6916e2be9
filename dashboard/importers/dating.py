"""Turning dated statements into the record's rows: a baseline for a place the record
does not know yet, and a change wherever a statement shows a holder other than the
record's on that day, dated by the first snapshot that shows it, with the previous
snapshot's day in `date_note` (the change happened between the two)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from dashboard.importers.model import Sighting
from dashboard.records.models import ControlEvent

# Every imported row starts here; only a person's review raises it.
CONFIDENCE = "low"


@dataclass(frozen=True)
class Statement:
    """A matched, mapped sighting: this source shows this town held by this side."""

    date: dt.date
    town_id: str
    side: str
    source_id: str
    source_label: str
    sighting: Sighting
    events: bool = False


@dataclass
class DraftRow:
    date: dt.date
    town_id: str
    kind: str
    from_side: str
    to_side: str
    description: str
    basis: str
    source_ids: list[str]
    date_note: str = ""
    confidence: str = CONFIDENCE


@dataclass
class _Entry:
    date: dt.date
    side: str
    row: DraftRow | None = None  # None: a row of the pack's own record


@dataclass
class Dating:
    """The pack's record as chains of holders per town, extended statement by statement."""

    label: Callable[[str], str]
    chains: dict[str, list[_Entry]] = field(default_factory=dict)
    own_last: dict[str, ControlEvent] = field(default_factory=dict)
    baseline: dt.date | None = None
    rows: list[DraftRow] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    _seen: dict[str, tuple[dt.date, str, str]] = field(default_factory=dict)

    @classmethod
    def of_record(cls, events: tuple[ControlEvent, ...], label: Callable[[str], str]) -> Dating:
        dating = cls(label=label, baseline=events[0].date if events else None)
        for event in events:
            dating.chains.setdefault(event.town_id, []).append(_Entry(event.date, event.to_side))
            dating.own_last[event.town_id] = event
        return dating

    def add(self, statements: list[Statement]) -> None:
        """Statements in date order (one per town and snapshot)."""
        if self.baseline is None and statements:
            self.baseline = min(statement.date for statement in statements)
        for statement in statements:
            refused = len(self.conflicts)
            if statement.town_id not in self.chains:
                self._first(statement)
            else:
                self._compare(statement)
            if len(self.conflicts) == refused:  # the last statement the draft agrees with
                self._seen[statement.town_id] = (
                    statement.date,
                    statement.side,
                    statement.source_label,
                )

    def _first(self, statement: Statement) -> None:
        if statement.events:
            self.conflicts.append(
                f"{statement.sighting.ref}: {statement.town_id} has no holder before "
                f"{statement.date} in the record, and an event cannot give one; not imported"
            )
            return
        baseline = self.baseline
        note = ""
        if statement.date != baseline:
            when = "before" if statement.date < baseline else "after"
            note = (
                f"First shown on {statement.date} ({statement.source_label}), {when} the "
                f"record's first day {baseline}; its holder on {baseline} is taken to be "
                "the same."
            )
        row = self._row(statement, "baseline", "", baseline, note)
        self.chains[statement.town_id] = [_Entry(baseline, statement.side, row)]

    def _compare(self, statement: Statement) -> None:
        chain = self.chains[statement.town_id]
        town, day, side = statement.town_id, statement.date, statement.side
        before = [entry for entry in chain if entry.date <= day]
        if not before:
            self._conflict(statement, f"is dated before the record's first day {chain[0].date}")
            return
        holder = before[-1]
        if holder.side == side:
            if holder.row is not None and holder.date == day and statement.events:
                holder.row.source_ids.append(statement.source_id)  # the same event twice
            return
        if day <= chain[0].date:
            self._conflict(
                statement, f"disagrees with the record's baseline ({self.label(holder.side)})"
            )
            return
        own = self.own_last.get(town)
        if own is not None and own.date > day:
            self._conflict(
                statement,
                f"disagrees with the record, which has a later change for this place "
                f"(line {own.row}, {own.date}); decide it by hand",
            )
            return
        if statement.events:
            note = statement.sighting.date_note
        elif town in self._seen:
            seen_day, seen_side, seen_source = self._seen[town]
            note = (
                f"Shown held by {self.label(seen_side)} on {seen_day} ({seen_source}) and by "
                f"{self.label(side)} on {day} ({statement.source_label}): the change happened "
                "between the two days."
            )
        else:
            note = (
                f"The record has it held by {self.label(holder.side)} since {holder.date}; "
                f"{statement.source_label} shows {self.label(side)} on {day}: the change "
                "happened between the two days."
            )
        kind = "inferred" if statement.events else "change"
        row = self._row(statement, kind, holder.side, day, note)
        chain.append(_Entry(day, side, row))

    def _row(
        self, statement: Statement, kind: str, from_side: str, day: dt.date, note: str
    ) -> DraftRow:
        sighting = statement.sighting
        label = self.label(statement.side)
        if statement.events:
            description = (
                f"{sighting.how}, with {sighting.value!r} taking control: read as held by "
                f"{label} from this day; an inference from an event until a person reviews it."
            )
        else:
            description = (
                f"Shown held by {label} in {statement.source_label} on {statement.date}: "
                f"{sighting.how}."
            )
        row = DraftRow(
            date=day,
            town_id=statement.town_id,
            kind=kind,
            from_side=from_side,
            to_side=statement.side,
            description=description[:1000],
            basis=sighting.basis,
            source_ids=[statement.source_id],
            date_note=note[:1000],
        )
        self.rows.append(row)
        return row

    def _conflict(self, statement: Statement, why: str) -> None:
        self.conflicts.append(
            f"{statement.sighting.ref}: {statement.town_id} held by "
            f"{self.label(statement.side)} on {statement.date} {why}; not imported"
        )
