"""Town cards: a place's names and its sourced history, written once per language.

A card does not depend on the day, so it is made ahead (at publish time, or once per
record in the app) and loaded only when a reader picks the place. Cards come in chunks
of `CHUNK` places, each with the sources its places cite. Every text is composed here in
the reader's language; the browser sets it as text, and links only http(s) URLs.
"""

from __future__ import annotations

from dashboard.i18n import N_, Translator
from dashboard.project import Project
from dashboard.records import ControlEvent

CHUNK = 40
KIND_NAMES = {
    "city": N_("City"),
    "town": N_("Town"),
    "village": N_("Village"),
    "zone": N_("Zone"),
    "airbase": N_("Airbase"),
    "airport": N_("Airport"),
    "base": N_("Base"),
    "crossing": N_("Crossing"),
    "dam": N_("Dam"),
    "camp": N_("Camp"),
    "other": N_("Other"),
}
CONFIDENCE_NAMES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
REVIEW_NAMES = {
    "confirmed": N_("confirmed"),
    "corrected": N_("corrected"),
    "downgraded": N_("downgraded"),
    "added": N_("added"),
}


def chunk_of(town_index: int) -> int:
    """The chunk that holds the card of the town at `town_index` (Timeline order)."""
    return town_index // CHUNK


def card_chunks(project: Project, tr: Translator) -> list[dict]:
    """The cards of every town in `Timeline.town_ids` order, `CHUNK` to a chunk."""
    town_ids = project.timeline.town_ids
    return [
        _chunk(project, town_ids[start : start + CHUNK], tr)
        for start in range(0, len(town_ids), CHUNK)
    ]


def _chunk(project: Project, town_ids: tuple[str, ...], tr: Translator) -> dict:
    sources: dict[str, int] = {}
    cards = {town_id: _card(project, town_id, tr, sources) for town_id in town_ids}
    record = project.record
    return {
        "cards": cards,
        "sources": [_source(record.sources[source_id], tr) for source_id in sources],
    }


def _card(project: Project, town_id: str, tr: Translator, sources: dict[str, int]) -> dict:
    record = project.record
    town = record.towns[town_id]
    languages = {language.code: language for language in record.config.languages}
    shown = tr.lang if tr.lang in town.names else next(iter(town.names))
    return {
        "name": town.names[shown],
        "otherNames": [
            {"name": name, "lang": code, "dir": languages[code].direction}
            for code, name in town.names.items()
            if code != shown and code in languages
        ],
        "about": tr(
            "{kind} · {lat}° N, {lon}° E",
            kind=tr(KIND_NAMES.get(town.kind, "Other")),
            lat=f"{town.lat:.3f}",
            lon=f"{town.lon:.3f}",
        ),
        "history": [
            _event(project, event, tr, sources) for event in project.timeline.history(town_id)
        ],
    }


def _event(project: Project, event: ControlEvent, tr: Translator, sources: dict[str, int]) -> dict:
    config = project.config
    primary = config.languages[0]
    day = tr.date(event.date)
    codes = {state_id: index for index, state_id in enumerate(config.state_ids)}
    if event.is_baseline:
        heading = tr("{date} (start of the record): held by", date=day)
        states = [codes[event.to_side]]
    else:
        heading = tr("{date}:", date=day)
        states = [codes[event.from_side], codes[event.to_side]]
    notes = []
    if event.is_inferred:
        notes.append(tr("Inferred: no report of this place's own handover."))
    if event.rests_on_region:
        notes.append(tr("Based on reports of the wider region, not of this place itself."))
    return {
        "heading": heading,
        "states": states,
        "labels": [config.label(config.state_ids[code], tr.lang, event.date) for code in states],
        "description": event.description,
        "lang": primary.code,
        "dir": primary.direction,
        "notes": notes,
        "dateNote": tr("Date note: {note}", note=event.date_note) if event.date_note else "",
        "confidence": tr("Confidence: {level}", level=tr(CONFIDENCE_NAMES[event.confidence])),
        "review": _review(event, tr),
        "sources": [sources.setdefault(source_id, len(sources)) for source_id in event.source_ids],
    }


def _review(event: ControlEvent, tr: Translator) -> str:
    """What the second, independent check found (or a note on how the row was made)."""
    if event.review:
        verdict = tr(REVIEW_NAMES.get(event.review, event.review))
        return tr("Second check: {verdict}. {note}", verdict=verdict, note=event.review_note)
    if event.review_note:
        return tr("Note: {note}", note=event.review_note)
    return ""


def _source(source, tr: Translator) -> dict:
    """A citation as text, and its link (already checked to be http(s) by the loader)."""
    return {
        "text": f"{source.publisher}, “{source.title}” ({tr.date(source.published)})",
        "url": source.url,
    }
