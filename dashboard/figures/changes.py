"""A comparison's list of the places that changed hands: the key places first (the
capital, regional seats and the places of the key events), then the others, each group
in date order, in columns under the maps; what does not fit is counted, and every change
is in the changes table of the same dates.

Each line reads as the reader's change lines do (`"{town}: {before} → {after}"`, with
the sides' short names of the day), after the day it happened. Above them, one line per
side that gained or lost land: its km² gained, lost and net, as `frontline territory
compare` counts them (all mapped land), so the figure quoted under a map is the table's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from dashboard.figures.context import ReportContext
from dashboard.figures.place_labels import map_name
from dashboard.figures.text import LINE, directed, isolated_date, plain, text_width, wrap
from dashboard.style import INK, label_rank
from dashboard.territory import compare

COLUMN_EMS = 30  # a column's width in text sizes


@dataclass(frozen=True)
class Change:
    day: dt.date
    text: str
    key: bool


def change_entries(ctx: ReportContext, days: tuple[int, ...]) -> list[Change]:
    """The places whose holder differs between the two days, key places first, each
    group by the day of the change (the last one in the range), then by name."""
    timeline, tr, config = ctx.timeline, ctx.tr, ctx.config
    first, second = days
    start, end = timeline.dates[first], timeline.dates[second]
    key_places = {event.place for event in config.key_events if start < event.date <= end}
    before, after = timeline.town_codes[first], timeline.town_codes[second]
    entries = []
    for index in np.flatnonzero(before != after).tolist():
        town_id = timeline.town_ids[index]
        town = timeline.record.towns[town_id]
        changed = [e.date for e in timeline.history(town_id) if start < e.date <= end]
        day = changed[-1] if changed else end
        text = tr(
            "{town}: {before} → {after}",
            town=map_name(town, tr.lang),
            before=config.short_label(timeline.state_ids[before[index]], tr.lang, start),
            after=config.short_label(timeline.state_ids[after[index]], tr.lang, end),
        )
        entries.append(Change(day, text, label_rank(town) <= 1 or town_id in key_places))
    return sorted(entries, key=lambda change: (not change.key, change.day, change.text))


def land_lines(ctx: ReportContext, days: tuple[int, ...]) -> list[str]:
    """One line per side whose land changed between the two days, the pack's order."""
    tr, config = ctx.tr, ctx.config
    end = ctx.timeline.dates[days[1]]
    return [
        tr(
            "{side}: {net} km² ({gained} gained, {lost} lost)",
            side=config.short_label(row["side"], tr.lang, end),
            gained=tr.km2(row["gained_km2"]),
            lost=tr.km2(row["lost_km2"]),
            net=tr.km2(row["net_km2"], signed=True),
        )
        for row in compare(ctx.timeline, *days)["sides"]
        if round(row["gained_km2"]) or round(row["lost_km2"])
    ]


@dataclass(frozen=True)
class ChangeList:
    entries: list[Change]
    land: list[str]
    size: float
    rtl: bool

    def lines(self, ctx: ReportContext) -> list[str]:
        tr = ctx.tr
        return [
            f"{isolated_date(tr.short_date(change.day), self.rtl)} · {change.text}"
            for change in self.entries
        ]

    def height_for(self, width: float) -> float:
        """The height the whole list needs at `width` (heading included)."""
        columns = max(1, int(width // (self.size * COLUMN_EMS)))
        rows = -(-len(self.entries) // columns) + -(-len(self.land) // columns)
        return (rows + 1.6) * self.size * LINE

    def annotations(
        self,
        ctx: ReportContext,
        report_days: object,
        box: tuple[float, float, float, float],
        page: object,
    ) -> list[dict]:
        """The heading and the columns of lines in `box` (page pixels)."""
        tr = ctx.tr
        x, y, width, height = box
        days = report_days.days
        heading = tr.ngettext(
            "{count} place changed hands between {first} and {second}",
            "{count} places changed hands between {first} and {second}",
            len(self.entries),
            first=isolated_date(tr.date(ctx.timeline.dates[days[0]]), self.rtl),
            second=isolated_date(tr.date(ctx.timeline.dates[days[1]]), self.rtl),
        )
        size = self.size
        column_width = size * COLUMN_EMS
        columns = max(1, int(width // column_width))
        column_width = width / columns
        out = [_block([heading], x, y, width, size * 1.05, self.rtl, page, weight=600)]
        top = y + size * LINE * 1.4
        land = [_fit(line, size, column_width - size) for line in self.land]
        land_rows = -(-len(land) // columns)
        out += self._columns(land, land_rows, (x, top, width, column_width), page, weight=600)
        top += land_rows * size * LINE
        rows = max(1, int((y + height - top) // (size * LINE)))
        lines = [_fit(line, size, column_width - size) for line in self.lines(ctx)]
        room = rows * columns
        if len(lines) > room:
            left = len(lines) - (room - 1)
            more = tr.ngettext(
                "… and {count} more in the changes table (CSV)",
                "… and {count} more in the changes table (CSV)",
                left,
            )
            lines = [*lines[: room - 1], _fit(more, size, column_width - size)]
        return out + self._columns(lines, rows, (x, top, width, column_width), page)

    def _columns(
        self,
        lines: list[str],
        rows: int,
        place: tuple[float, float, float, float],
        page: object,
        weight: int = 400,
    ) -> list[dict]:
        """`lines` in columns of `rows` in `place` (left, top, width, column width), the
        first column on the right in a right-to-left page."""
        x, top, width, column_width = place
        columns = -(-len(lines) // rows) if rows else 0
        out = []
        for column in range(columns):
            chunk = lines[column * rows : (column + 1) * rows]
            cx = x + width - (column + 1) * column_width if self.rtl else x + column * column_width
            out.append(_block(chunk, cx, top, column_width, self.size, self.rtl, page, weight))
        return out


def _fit(line: str, size: float, width: float) -> str:
    """A line cut with "…" to fit a column (the full text is in the table)."""
    if text_width(line, size) <= width:
        return line
    return wrap(line, size, width - size)[0] + "…"


def _block(
    lines: list[str],
    x: float,
    top: float,
    width: float,
    size: float,
    rtl: bool,
    page: object,
    weight: int = 400,
) -> dict:
    return {
        "text": "<br>".join(plain(directed(line, rtl)) for line in lines),
        "xref": "paper",
        "yref": "paper",
        "x": (x + width if rtl else x) / page.width,
        "y": 1 - top / page.height,
        "xanchor": "right" if rtl else "left",
        "yanchor": "top",
        "align": "right" if rtl else "left",
        "showarrow": False,
        "font": {"size": size, "color": INK, "weight": weight},
    }
