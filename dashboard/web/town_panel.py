"""The town details panel: who holds it on the chosen day and its sourced history.

Everything from the data is passed as component text or as a checked http(s)
link, never as HTML, so a hostile events file cannot inject markup.
"""

from __future__ import annotations

from dash import html

from dashboard.figures.map_figure import format_day
from dashboard.records import ControlEvent, Record, Town
from dashboard.sides import STATE_BY_ID
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
    return [
        html.H3(town.name_en, id="town-name"),
        html.P(town.name_ar, lang="ar", dir="rtl", className="arabic-name")
        if town.name_ar
        else None,
        html.P(
            f"{town.kind.capitalize()} · {town.lat:.3f}° N, {town.lon:.3f}° E",
            className="muted",
        ),
        html.P(
            [
                f"At the end of {format_day(day)}: ",
                _state_badge(holder),
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


def _state_badge(state_id: str) -> html.Span:
    state = STATE_BY_ID[state_id]
    return html.Span(
        [
            html.Span(className="swatch", style={"backgroundColor": state.colour}),
            state.label,
        ],
        className="state-badge",
        **{"data-state": state_id},
    )


def _event_item(event: ControlEvent, record: Record) -> html.Li:
    if event.is_baseline:
        heading = [
            f"{format_day(event.date)} (start of the record): held by ",
            _state_badge(event.to_side),
        ]
    else:
        heading = [
            f"{format_day(event.date)}: ",
            _state_badge(event.from_side),
            " → ",
            _state_badge(event.to_side),
        ]
    return html.Li(
        [
            html.Div(heading, className="event-heading"),
            html.P(event.description, className="event-description"),
            html.P(f"Date note: {event.date_note}", className="date-note")
            if event.date_note
            else None,
            html.P(f"Confidence: {event.confidence}", className="muted"),
            html.Ul(
                [_source_item(record, source_id) for source_id in event.source_ids],
                className="sources",
            ),
        ],
        className="event",
        **{"data-event-id": event.event_id},
    )


def _source_item(record: Record, source_id: str) -> html.Li:
    source = record.sources[source_id]
    label = f"{source.publisher}, “{source.title}” ({format_day(source.published)})"
    if source.url:
        return html.Li(html.A(label, href=source.url, target="_blank", rel="noopener noreferrer"))
    return html.Li(label)


def town_options(towns: dict[str, Town]) -> list[dict]:
    """Dropdown options, English then Arabic name, sorted by English name."""
    return [
        {
            "label": f"{town.name_en} — {town.name_ar}" if town.name_ar else town.name_en,
            "value": town.town_id,
        }
        for town in sorted(towns.values(), key=lambda town: town.name_en)
    ]
