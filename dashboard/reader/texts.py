"""The reader's words in one language: its controls, headings, legend, credits and the
marks under the slider. The browser shows them as text, never as HTML."""

from __future__ import annotations

import datetime as dt

from dashboard.credits import areas_note, credit_lines
from dashboard.i18n import N_, Translator
from dashboard.project import Project
from dashboard.style import (
    CHANGED_LABEL,
    CONTESTED_LABEL,
    DISPUTED_LABEL,
    FRONTLINE_LABEL,
    TOWNS_LABEL,
    UNCERTAIN_LABEL,
)

# A period longer than this gets month marks and the faster playback speeds.
LONG_PERIOD_DAYS = 62
# (label, milliseconds per step, days per step).
PLAYBACK_SPEEDS = (
    (N_("1 day/2 s"), 2000, 1),
    (N_("1 day/s"), 1000, 1),
    (N_("2 days/s"), 500, 1),
    (N_("1 week/s"), 1000, 7),
    (N_("1 month/s"), 1000, 30),
)
DEFAULT_SPEED = 1


def reader_texts(project: Project, tr: Translator) -> dict:
    """Every text the reader shows in `tr`'s language, by role."""
    config = project.config
    dates = project.timeline.dates
    long = len(dates) > LONG_PERIOD_DAYS
    credits, credit_lang = config.credits(tr.lang)
    return {
        "title": config.title_in(tr.lang),
        "headline": config.text(config.headline, tr.lang) if config.headline else "",
        "standfirst": config.text(config.standfirst, tr.lang) if config.standfirst else "",
        "period": tr(
            "Who held which part of the country at the end of each day, {first} to {last}.",
            first=tr.date(dates[0]),
            last=tr.date(dates[-1]),
        ),
        "languages": [
            {"code": language.code, "name": language.name, "dir": language.direction}
            for language in config.languages
        ],
        # The credits' language: the page's when the pack translates them.
        "creditLang": credit_lang,
        "creditDir": next(lang.direction for lang in config.languages if lang.code == credit_lang),
        "heading": tr("End of {date}"),
        "holder": tr("At the end of {date}:"),
        "noChange": tr("No recorded change of control."),
        "changes": tr("Changes on this day"),
        "changeLine": tr("{town}: {before} → {after}"),
        # The arrow between two holders points the way the line reads.
        "arrow": tr("→"),
        "conflicts": tr("Conflict"),
        "language": tr("Language"),
        "inferred": tr("(inferred)"),
        "took": tr("{side} took"),
        "chart": tr("Share of the mapped area"),
        "chartNote": tr("Share of land area, not of population."),
        "uncertainKm2": tr(
            "{km2} km² of it on low-confidence, region-based or inferred reports", km2="{km2}"
        ),
        "date": tr("Date"),
        "dayShown": tr("Day shown"),
        "play": tr("Play"),
        "pause": tr("Pause"),
        "back": tr("One day back"),
        "forward": tr("One day forward"),
        "speed": tr("Speed"),
        "speeds": [
            {"label": tr(label), "ms": ms, "days": days}
            for label, ms, days in PLAYBACK_SPEEDS
            if days == 1 or long
        ],
        "defaultSpeed": DEFAULT_SPEED,
        "goTo": tr("Go to date"),
        "search": tr("Find a place"),
        "searchHint": tr("Type a place's name"),
        "notFound": tr("No place found"),
        "hint": tr("Click a town or an area on the map, or find one above."),
        "history": tr("History"),
        "close": tr("Close"),
        "legend": tr("Legend"),
        "details": tr("Details"),
        "map": tr("Map of who held each area"),
        "zoomIn": tr("Zoom in"),
        "zoomOut": tr("Zoom out"),
        "reset": tr("Show the whole country"),
        "km": tr("km"),
        "keyEvents": tr("Key events"),
        "legendItems": {
            "uncertain": tr(UNCERTAIN_LABEL),
            "contested": tr(CONTESTED_LABEL),
            "disputed": tr(DISPUTED_LABEL),
            "frontline": tr(FRONTLINE_LABEL),
            "changed": tr(CHANGED_LABEL),
            "towns": tr(TOWNS_LABEL),
        },
        "credits": [*credit_lines(config, tr.lang)[:-1]],
        "areasNote": areas_note(config, tr.lang),
        "shortCredit": credits.short,
        "loading": tr("Loading the map…"),
        "noWebgl": tr("This browser cannot draw the map (WebGL is off or missing)."),
    }


def day_ticks(dates: tuple[dt.date, ...], tr: Translator) -> list[dict]:
    """Candidate marks under the slider, each with a level (0 most important); the
    browser shows the most important that fit the slider's width.

    A short period marks days ("5 Dec"), its first day, last day and month starts
    first, then Mondays, then every day. A long one marks months ("Mar"), with the
    year on January and on the first mark ("Jan 2025"), years first, then quarters."""
    last = len(dates) - 1
    if len(dates) <= LONG_PERIOD_DAYS:
        return [
            {
                "day": index,
                "label": tr.short_date(day),
                "level": 1
                if index in (0, last) or day.day == 1
                else 2
                if day.weekday() == 0
                else 3,
            }
            for index, day in enumerate(dates)
        ]
    ticks = []
    for index, day in enumerate(dates):
        if day.day != 1:
            continue
        first = not ticks
        # Years first; the first mark names its year too, but yields to a January near it.
        level = (
            0
            if day.month == 1 or (first and day.month < 11)
            else 1
            if day.month in (4, 7, 10) or first
            else 2
        )
        ticks.append(
            {"day": index, "label": tr.month(day, year=day.month == 1 or first), "level": level}
        )
    return ticks
