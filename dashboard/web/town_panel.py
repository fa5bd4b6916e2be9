"""The town details panel: who holds it on the chosen day and its sourced history.

Everything from the data is passed as component text or as a checked http(s)
link, never as HTML, so a hostile events file cannot inject markup.
"""

from __future__ import annotations

from dash import html

from dashboard.figures.map_figure import format_day
from dashboard.records import ControlEvent, Record
from dashboard.timeline import Timeline


def town_panel(timeline: Timeline, town_id: str | None, day_index: int) -> list:
    """Panel children for `town_id` on the day, or a hint when nothing is selected."""
    record = timeline.record
    if town_id is None or town_id not in record.towns:
        return [
            html.P(
                "Click a town or an area on the map, or pick one above.",
                className="hint",
            )
        ]
    town = record.towns[town_id]
    day = timeline.dates[day_index]
    holder = timeline.town_state(town_id, day_index)
    other_languages = record.config.languages[1:]
    return [
        html.H3(town.name, id="town-name"),
        *[
            html.P(
                town.names[language.code],
                lang=language.code,
                dir=language.direction,
                className="other-name",
            )
            for language in other_languages
            if language.code in town.names
        ],
        html.P(
            f"{town.kind.capitalize()} · {town.lat:.3f}° N, {town.lon:.3f}° E",
            className="muted",
        ),
        html.P(
            [
                f"At the end of {format_day(day)}: ",
                _state_badge(record, holder),
            ],
            id="town-holder",
        ),
        html.H4("History"),
        html.Ol(
            [_event_item(event, record) for event in timeline.history(town_id)],
            id="town-history",
            className="history",
        ),
    ]


def _state_badge(record: Record, state_id: str) -> html.Span:
    config = record.config
    return html.Span(
        [
            html.Span(className="swatch", style={"backgroundColor": config.state(state_id).colour}),
            config.label(state_id),
        ],
        className="state-badge",
        **{"data-state": state_id},
    )


def _event_item(event: ControlEvent, record: Record) -> html.Li:
    if event.is_baseline:
        heading = [
            f"{format_day(event.date)} (start of the record): held by ",
            _state_badge(record, event.to_side),
        ]
    else:
        heading = [
            f"{format_day(event.date)}: ",
            _state_badge(record, event.from_side),
            " → ",
            _state_badge(record, event.to_side),
        ]
        if event.is_inferred:
            heading.append(" (inferred: no report of this place's own handover)")
    return html.Li(
        [
            html.Div(heading, className="event-heading"),
            html.P(event.description, className="event-description"),
            html.P(f"Date note: {event.date_note}", className="date-note")
            if event.date_note
            else None,
            html.P(f"Confidence: {event.confidence}", className="muted"),
            _review(event),
            html.Ul(
                [_source_item(record, source_id) for source_id in event.source_ids],
                className="sources",
            ),
        ],
        className="event",
        **{"data-event-id": event.event_id},
    )


def _review(event: ControlEvent) -> html.P | None:
    """What the second, independent check found (or a note on how the row was made)."""
    if event.review:
        return html.P(f"Second check: {event.review}. {event.review_note}", className="muted")
    if event.review_note:
        return html.P(f"Note: {event.review_note}", className="muted")
    return None


def _source_item(record: Record, source_id: str) -> html.Li:
    source = record.sources[source_id]
    label = f"{source.publisher}, “{source.title}” ({format_day(source.published)})"
    if source.url:
        return html.Li(html.A(label, href=source.url, target="_blank", rel="noopener noreferrer"))
    return html.Li(label)


def town_options(record: Record) -> list[dict]:
    """Dropdown options: the town's names in every pack language, sorted by the first."""
    return [
        {"label": " — ".join(town.names.values()), "value": town.town_id}
        for town in sorted(record.towns.values(), key=lambda town: town.name)
    ]
