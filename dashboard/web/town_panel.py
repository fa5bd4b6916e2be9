"""The town details panel: who holds it on the chosen day and its sourced history.

Everything from the data is passed as component text or as a checked http(s)
link, never as HTML, so a hostile events file cannot inject markup. The tool's own
words are in the page's language (`tr`); the record's descriptions stay as written.
"""

from __future__ import annotations

from dash import html

from dashboard.i18n import N_, Translator, pack_translator
from dashboard.records import ControlEvent, Record
from dashboard.timeline import Timeline

# The words for the record's fixed values (records/models.py, records/load.py).
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


def town_panel(timeline: Timeline, town_id: str | None, tr: Translator | None = None) -> list:
    """The head of the panel: the town's names and kind, or a hint when none is chosen.

    Who holds it on the day shown follows in `#town-holder`, which the browser keeps
    current as the slider moves (assets/step.js), then `town_history`.
    """
    record = timeline.record
    tr = tr or pack_translator(record.config, None)
    if town_id is None or town_id not in record.towns:
        return [
            html.P(tr("Click a town or an area on the map, or pick one above."), className="hint")
        ]
    town = record.towns[town_id]
    languages = {language.code: language for language in record.config.languages}
    shown = tr.lang if tr.lang in town.names else next(iter(town.names))
    return [
        html.H3(town.names[shown], id="town-name"),
        *[
            html.P(
                name,
                lang=code,
                dir=languages[code].direction if code in languages else None,
                className="other-name",
            )
            for code, name in town.names.items()
            if code != shown
        ],
        html.P(
            tr(
                "{kind} · {lat}° N, {lon}° E",
                kind=tr(KIND_NAMES.get(town.kind, town.kind.capitalize())),
                lat=f"{town.lat:.3f}",
                lon=f"{town.lon:.3f}",
            ),
            className="muted",
        ),
    ]


def town_history(timeline: Timeline, town_id: str | None, tr: Translator | None = None) -> list:
    """The town's baseline and every change with its sources (nothing when none is chosen)."""
    record = timeline.record
    if town_id is None or town_id not in record.towns:
        return []
    tr = tr or pack_translator(record.config, None)
    return [
        html.H4(tr("History")),
        html.Ol(
            [_event_item(event, record, tr) for event in timeline.history(town_id)],
            id="town-history",
            className="history",
        ),
    ]


def _state_badge(record: Record, state_id: str, tr: Translator) -> html.Span:
    config = record.config
    return html.Span(
        [
            html.Span(className="swatch", style={"backgroundColor": config.state(state_id).colour}),
            config.label(state_id, tr.lang),
        ],
        className="state-badge",
        **{"data-state": state_id},
    )


def _event_item(event: ControlEvent, record: Record, tr: Translator) -> html.Li:
    day = tr.date(event.date)
    if event.is_baseline:
        heading = [
            tr("{date} (start of the record): held by", date=day),
            " ",
            _state_badge(record, event.to_side, tr),
        ]
    else:
        heading = [
            f"{day}: ",
            _state_badge(record, event.from_side, tr),
            # The arrow points the way the line reads.
            " ← " if tr.direction == "rtl" else " → ",
            _state_badge(record, event.to_side, tr),
        ]
        if event.is_inferred:
            heading.append(" " + tr("(inferred: no report of this place's own handover)"))
    return html.Li(
        [
            html.Div(heading, className="event-heading"),
            # The record's own words, in its primary language and direction.
            html.P(
                event.description,
                className="event-description",
                lang=record.config.languages[0].code,
                dir=record.config.languages[0].direction,
            ),
            html.P(tr("Date note: {note}", note=event.date_note), className="date-note")
            if event.date_note
            else None,
            html.P(
                tr("Confidence: {level}", level=tr(CONFIDENCE_NAMES[event.confidence])),
                className="muted",
            ),
            _review(event, tr),
            html.Ul(
                [_source_item(record, source_id, tr) for source_id in event.source_ids],
                className="sources",
            ),
        ],
        className="event",
        **{"data-event-id": event.event_id},
    )


def _review(event: ControlEvent, tr: Translator) -> html.P | None:
    """What the second, independent check found (or a note on how the row was made)."""
    if event.review:
        verdict = tr(REVIEW_NAMES.get(event.review, event.review))
        return html.P(
            tr("Second check: {verdict}. {note}", verdict=verdict, note=event.review_note),
            className="muted",
        )
    if event.review_note:
        return html.P(tr("Note: {note}", note=event.review_note), className="muted")
    return None


def _source_item(record: Record, source_id: str, tr: Translator) -> html.Li:
    source = record.sources[source_id]
    label = f"{source.publisher}, “{source.title}” ({tr.date(source.published)})"
    if source.url:
        link = html.A(label, href=source.url, target="_blank", rel="noopener noreferrer")
        return html.Li(link, dir="auto")
    return html.Li(label, dir="auto")  # the direction of the publisher's name


def town_options(record: Record, lang: str | None = None) -> list[dict]:
    """Dropdown options: the town's names in every pack language, the page's language
    first and sorted by it, so a reader can search in either."""
    lang = lang or record.config.primary_language

    def names(town) -> list[str]:
        first = town.name_in(lang)
        return [first, *(name for name in town.names.values() if name != first)]

    return [
        {"label": " — ".join(names(town)), "value": town.town_id}
        for town in sorted(record.towns.values(), key=lambda town: town.name_in(lang))
    ]
