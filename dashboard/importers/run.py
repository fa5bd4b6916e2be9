"""One import from start to end: read the inputs, map their values, match their places,
date the changes and write the draft, collecting what needs a person on the way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from dashboard.importers.acled import read_acled
from dashboard.importers.dating import Dating, DraftRow, Statement
from dashboard.importers.draft import (
    IMPORTS,
    REPORT,
    PackFiles,
    draft_folder,
    read_pack,
    safe_text,
    write_draft,
)
from dashboard.importers.mapping import KINDS, Mapping, load_mapping
from dashboard.importers.matching import Gazetteer, NewPlace
from dashboard.importers.model import DraftSource, Findings, Snapshot
from dashboard.importers.polygons import polygon_snapshot, read_polygon_files
from dashboard.importers.snapshots import read_snapshots
from dashboard.importers.units import Units
from dashboard.importers.wikipedia import read_modules
from dashboard.pack.config import ConflictConfig, load_config
from dashboard.pack.paths import PackPaths
from dashboard.records.models import SETTLEMENT_KINDS

# Values, places or conflicts a report lists before it counts the rest.
LISTED = 40


@dataclass
class ImportResult:
    kind: str
    folder: Path
    paths: PackPaths  # the draft as `--events` reads it
    rows: list[DraftRow]
    new_places: list[NewPlace]
    sources: int
    findings: Findings
    matched_by_distance: list[str] = field(default_factory=list)

    @property
    def needs_build(self) -> bool:
        return any(place.kind in SETTLEMENT_KINDS for place in self.new_places)

    def report(self) -> list[str]:
        """What was written, what was left out and why, and what to do next."""
        baselines = sum(row.kind == "baseline" for row in self.rows)
        lines = [
            f"draft: {self.folder}",
            f"  {baselines} baseline rows, {len(self.rows) - baselines} changes, "
            f"{len(self.new_places)} new places, {self.sources} sources; every row is "
            "review = pending",
        ]
        findings = self.findings
        unmapped = [
            f"{value!r} ({len(refs)}x, first at {refs[0]})"
            for value, refs in sorted(findings.unmapped.items())
        ]
        sections = [
            ("values with no side in the mapping's [sides] (not imported)", unmapped),
            (
                "doubtful matches, for a person to settle in [places] (not imported)",
                findings.doubtful,
            ),
            ("places that could not be placed (not imported)", findings.unplaced),
            ("statements that disagree with the record (not imported)", findings.conflicts),
            ("skipped", findings.skipped),
            (
                "new places",
                [f"{p.town_id}: {p.name!r} ({p.kind}) from {p.ref}" for p in self.new_places],
            ),
            ("matched by distance only (check them)", self.matched_by_distance),
        ]
        for title, items in sections:
            if items:
                lines.append(f"{title}: {len(items)}")
                lines += [f"  - {item}" for item in items[:LISTED]]
                if len(items) > LISTED:
                    lines.append(f"  ... and {len(items) - LISTED} more")
        events = self.paths.events
        root = self.paths.root
        lines.append("next:")
        if self.needs_build:
            lines.append(
                f"  - the draft adds places that hold ground, which changes the map's areas: "
                f"run `{self.paths.build_command}` (it writes the layers beside the draft) "
                "before `state`, `serve` or `export` with --events"
            )
        lines += [
            f"  - frontline validate --pack {root} --events {events}",
            f"  - frontline review --pack {root} --events {events}",
        ]
        return lines


def run_import(
    kind: str,
    inputs: list[Path],
    pack: PackPaths,
    mapping_file: Path,
    name: str | None = None,
    dates: list[dt.date] | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import `inputs` of `kind` into a draft `imports/NAME/` of the pack."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; the kinds are {', '.join(KINDS)}")
    today = today or dt.date.today()
    pack = PackPaths.in_dir(pack.root)  # the pack's own files, never another draft's
    name = name or kind
    folder = draft_folder(pack, name)
    config = load_config(pack.config)
    mapping = load_mapping(mapping_file, config, kind)
    own = read_pack(pack, config, today)
    gazetteer = Gazetteer(own.towns, mapping, Units(pack, config))
    findings = Findings()
    snapshots = _snapshots(kind, inputs, dates or [], mapping, gazetteer, findings)
    source_ids = _source_ids(snapshots, set(own.sources))
    statements = _statements(snapshots, source_ids, mapping, gazetteer, findings)
    dating = Dating.of_record(own.events, lambda side: config.label(side))
    dating.add(statements)
    findings.conflicts += dating.conflicts
    rows = dating.rows
    stated = {row.town_id for row in rows if row.kind == "baseline"}
    new_places = [place for place in gazetteer.new_places if place.town_id in stated]
    cited = {source_id for row in rows for source_id in row.source_ids}
    sources = [source for source, key in source_ids.items() if key in cited]
    result = ImportResult(
        kind=kind,
        folder=folder,
        paths=pack.with_events(folder / "events.csv"),
        rows=rows,
        new_places=new_places,
        sources=len(sources),
        findings=findings,
        matched_by_distance=[
            f"{s.sighting.ref}: {s.sighting.name!r} -> {s.town_id} {s.sighting.how}"
            for s in statements
            if s.sighting.how.startswith("distance")
        ],
    )
    tables = _tables(own, config, name, rows, new_places, sources, source_ids)
    write_draft(folder, config, tables, result.report(), today)
    return result


def _snapshots(
    kind: str,
    inputs: list[Path],
    dates: list[dt.date],
    mapping: Mapping,
    gazetteer: Gazetteer,
    findings: Findings,
) -> list[Snapshot]:
    if kind == "snapshots":
        return read_snapshots(inputs, dates, mapping)
    if kind == "wikipedia":
        return read_modules(inputs, dates, mapping)
    if kind == "acled":
        return read_acled(inputs, dates, mapping, findings)
    days = read_polygon_files(inputs, dates, mapping)
    snapshots = []
    for day in days:
        points = {}
        for point in day.points:
            if mapping.side(point.value) is None:
                findings.unmapped_value(point.value, point.ref)
                continue
            found = gazetteer.match(point)
            if found.town_id is None:
                findings.doubtful.append(found.doubt)
            else:
                points.setdefault(found.town_id, point)
        marked = {town_id: replace(point, place_id=town_id) for town_id, point in points.items()}
        snapshots.append(polygon_snapshot(day, gazetteer.places, marked, mapping, findings))
    return snapshots


def _source_ids(snapshots: list[Snapshot], taken: set[str]) -> dict[DraftSource, str]:
    ids: dict[DraftSource, str] = {}
    used = set(taken)
    for snapshot in snapshots:
        source = snapshot.source
        if source in ids:
            continue
        key, n = source.key, 1
        while key in used:
            n += 1
            key = f"{source.key}_{n}"
        used.add(key)
        ids[source] = key
    return ids


def _statements(
    snapshots: list[Snapshot],
    source_ids: dict[DraftSource, str],
    mapping: Mapping,
    gazetteer: Gazetteer,
    findings: Findings,
) -> list[Statement]:
    statements: list[Statement] = []
    for snapshot in sorted(snapshots, key=lambda s: s.date):
        by_town: dict[str, list[Statement]] = {}
        for sighting in snapshot.sightings:
            side = mapping.side(sighting.value)
            if side is None:
                findings.unmapped_value(sighting.value, sighting.ref)
                continue
            found = gazetteer.match(sighting, create=not snapshot.events)
            if found.town_id is None:
                findings.doubtful.append(found.doubt)
                continue
            how = sighting.how
            if found.how.startswith("distance"):
                how = f"{found.how}; {sighting.how}"
            by_town.setdefault(found.town_id, []).append(
                Statement(
                    date=snapshot.date,
                    town_id=found.town_id,
                    side=side,
                    source_id=source_ids[snapshot.source],
                    source_label=snapshot.source.label,
                    sighting=replace(sighting, how=how),
                    events=snapshot.events,
                )
            )
        for town_id, said in by_town.items():
            if len({statement.side for statement in said}) > 1:
                refs = ", ".join(statement.sighting.ref for statement in said)
                findings.doubtful.append(
                    f"{snapshot.source.label}: {town_id} is shown with different holders "
                    f"({refs}); not imported for that day"
                )
            else:
                statements.append(said[0])
    return statements


def _tables(
    own: PackFiles,
    config: ConflictConfig,
    name: str,
    rows: list[DraftRow],
    new_places: list[NewPlace],
    sources: list[DraftSource],
    source_ids: dict[DraftSource, str],
) -> dict[str, list[dict[str, str]]]:
    primary = f"name_{config.primary_language}"
    towns = own.town_rows + [
        {
            "town_id": place.town_id,
            primary: safe_text(place.name) or place.town_id,
            "kind": place.kind,
            "lat": f"{place.lat:.6f}",
            "lon": f"{place.lon:.6f}",
            "coord_note": safe_text(f"From import {name}: {place.ref}"),
        }
        for place in new_places
    ]
    source_rows = own.source_rows + [
        {
            "source_id": source_ids[source],
            "publisher": safe_text(source.publisher),
            "title": safe_text(source.title),
            "published": source.published.isoformat(),
            "url": source.url,
            "licence": safe_text(source.licence),
        }
        for source in sources
    ]
    return {
        "towns.csv": towns,
        "sources.csv": source_rows,
        "events.csv": own.event_rows + _event_rows(own, name, rows),
    }


def _event_rows(own: PackFiles, name: str, rows: list[DraftRow]) -> list[dict[str, str]]:
    taken = {row["event_id"] for row in own.event_rows}
    written = []
    changes = 0
    for row in sorted(rows, key=lambda r: (r.date, r.kind != "baseline")):
        if row.kind == "baseline":
            event_id = f"b-{row.town_id}"
            if event_id in taken:
                event_id = f"b-{row.town_id}-{name}"
        else:
            changes += 1
            event_id = f"{name}-{changes:04d}"
        taken.add(event_id)
        written.append(
            {
                "event_id": event_id,
                "date": row.date.isoformat(),
                "town_id": row.town_id,
                "kind": row.kind,
                "from_side": row.from_side,
                "to_side": row.to_side,
                "description": safe_text(row.description),
                "confidence": row.confidence,
                "basis": row.basis,
                "source_ids": ";".join(dict.fromkeys(row.source_ids)),
                "date_note": safe_text(row.date_note),
                "review": "pending",
                "review_note": "",
            }
        )
    return written


__all__ = ["IMPORTS", "REPORT", "ImportResult", "run_import"]
