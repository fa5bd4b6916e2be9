"""The map dressed for a report: everything a reader needs when the image stands alone.

One page holds a title with the date(s), an optional subtitle, one or more map panels
(a day; two days side by side; a grid of days), the legend with a swatch for every
symbol, a scale bar, place names, and the credits with the time the file was made and
the record's version. Sizes are in CSS pixels; text sizes follow `Page.font`.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np

from dashboard.credits import credit_lines
from dashboard.figures.place_labels import KIND_RANKS, place_labels
from dashboard.figures.scale_bar import scale_bar_layout
from dashboard.figures.text import plain
from dashboard.figures.vector_map import (
    GeometryRefs,
    Panel,
    hatch_pattern,
    hatch_trace,
    map_shapes,
    projected,
    towns_trace,
)
from dashboard.geo.view import MapView
from dashboard.i18n import N_, Translator, pack_translator
from dashboard.pack.config import State
from dashboard.style import (
    AREA_OPACITY,
    CHANGED_COLOUR,
    CHANGED_LABEL,
    CHANGED_WIDTH,
    DISPUTED_COLOUR,
    DISPUTED_LABEL,
    FRONTLINE_COLOUR,
    FRONTLINE_LABEL,
    FRONTLINE_WIDTH,
    HATCHED_CERTAINTY,
    TOWN_FILL,
    TOWN_STROKE,
    TOWNS_LABEL,
    UNCERTAIN_LABEL,
)
from dashboard.timeline import Timeline

FONT_FAMILY = "Noto Sans, DejaVu Sans, Arial, sans-serif"
INK = "#1a1a1a"
MUTED = "#444444"
# Glyph width as a share of the font size, to wrap text to a width (see place_labels).
GLYPH_WIDTH = 0.6
LINE = 1.35  # line height as a share of the text size
LEGEND_LINE = 1.45
KINDS = ("day", "compare", "grid", "frame")
OUTLINE_LABELS = {
    "day": CHANGED_LABEL,
    "frame": CHANGED_LABEL,
    "compare": N_("Magenta outline: changed hands between the two dates"),
    "grid": N_("Magenta outline: changed hands since the previous map"),
}


@dataclass(frozen=True)
class Page:
    """The canvas in CSS pixels, and the body text size everything else scales from."""

    width: int
    height: int
    font: float


@dataclass(frozen=True)
class Report:
    """What one image shows: day indices (one for a day or an animation frame, two for
    a comparison, several for a grid), in the language `lang` (None: the pack's
    primary one), with the user's `subtitle` and extra credit lines (`notes`)."""

    days: tuple[int, ...]
    kind: str = "day"
    subtitle: str = ""
    lang: str | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown report kind {self.kind!r}")
        if not self.days or (self.kind == "compare" and len(self.days) != 2):
            raise ValueError(
                f"a {self.kind} report needs {'two' if self.kind == 'compare' else 'some'} days"
            )


def print_figure(
    timeline: Timeline, report: Report, geometry: GeometryRefs, view: MapView, page: Page
) -> dict:
    """The whole page as a Plotly figure dict. `view` is the user's (or the home) view;
    every panel shows the same ground, rescaled to the panel's size.

    A dict, not a `go.Figure`: Plotly.js checks the figure when it draws it, and
    building graph objects would add 0.2 s to every page of a batch."""
    tr = pack_translator(timeline.record.config, report.lang)
    plan = _plan(timeline, report, geometry, page, tr)
    data: list[dict] = []
    shapes: list[dict] = []
    annotations = [*plan.texts]
    axes: dict = {}
    grid = report.kind == "grid"
    for number, ((x0, y0), panel) in enumerate(
        _panels(
            view,
            len(report.days),
            plan.area,
            page.font if report.kind in ("compare", "grid") else 0,
        )
    ):
        day = report.days[number]
        axes.update(
            panel.axes_layout(
                (x0 / page.width, (x0 + panel.view.width) / page.width),
                (1 - (y0 + panel.view.height) / page.height, 1 - y0 / page.height),
            )
        )
        line_scale = min(1.0, page.font / 14) * min(1.0, math.sqrt(panel.view.width / 900))
        outlined = _outlined(timeline, report, number)
        layers = projected(geometry)
        shapes += map_shapes(timeline, day, layers, panel, outlined, line_scale)
        hatch = hatch_trace(timeline, day, layers, panel)
        data += [hatch] if hatch else []
        data.append(towns_trace(timeline, day, panel, dot_scale=line_scale))
        annotations += place_labels(
            timeline.record.towns.values(),
            panel,
            tr.lang,
            font_size=page.font * (0.62 if grid else 0.8),
            max_rank=KIND_RANKS["city"] if grid else KIND_RANKS["town"],
            dot_scale=line_scale,
        )
        date = tr.date(timeline.dates[day])
        if report.kind in ("compare", "grid"):
            annotations.append(_caption(date, x0, y0, page))
        if report.kind == "frame":
            annotations.append(_date_badge(date, panel, page.font))
        if number == 0:
            bar, label = scale_bar_layout(panel, page.font * 0.75)
            shapes += bar
            annotations.append(label)
    layout = {
        "width": page.width,
        "height": page.height,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "autosize": False,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "font": {"family": FONT_FAMILY, "color": INK, "size": page.font},
        "showlegend": True,
        "legend": plan.legend,
        "shapes": shapes,
        "annotations": annotations,
        **axes,
    }
    return {"data": [*data, *plan.legend_entries], "layout": layout}


@dataclass(frozen=True)
class _Plan:
    """Where things go on the page: the texts around the maps (as annotations), the
    legend, and the area left for the map panels (x, y, width, height in pixels)."""

    texts: list[dict]
    legend: dict
    legend_entries: list[dict]
    area: tuple[float, float, float, float]


def _plan(
    timeline: Timeline, report: Report, geometry: GeometryRefs, page: Page, tr: Translator
) -> _Plan:
    """Title and subtitle on top, credits at the bottom; the legend in a column beside
    the maps on a wide page, under them on a squarer one (in two columns); a
    comparison's list of changes under the legend."""
    rtl = tr.direction == "rtl"
    font, pad = page.font, page.font
    inner = page.width - 2 * pad
    side = page.width / page.height >= 1.4
    column = page.width * 0.22 if side else (inner - pad) / 2
    blocks = _Blocks(page, rtl)

    y = pad
    y = blocks.add(_title(timeline, report, tr), font * 1.7, y, inner, INK)
    if report.subtitle:
        y = blocks.add(report.subtitle, font * 1.05, y + font * 0.2, inner, MUTED)
    top = y + pad * 0.6

    credit_lines_ = [*credit_lines(timeline.record.config, tr.lang), *report.notes]
    credit_size = max(7.0, font * 0.62)
    credits_height = len(_wrap(credit_lines_, credit_size, inner)) * credit_size * LINE
    bottom = page.height - pad * 0.5 - credits_height
    blocks.add("\n".join(credit_lines_), credit_size, bottom, inner, MUTED)

    legend_size = font * 0.85
    entries = _legend_traces(timeline, report, geometry, tr, font, legend_size, column - 2.5 * font)
    changes = _change_lines(timeline, report, tr) if report.kind == "compare" else []
    change_size = font * 0.75
    if side:
        area_x = pad + column + pad if rtl else pad
        area = (area_x, top, inner - column - pad, bottom - pad * 0.5 - top)
        legend_x = pad if rtl else page.width - pad - column
        legend = _legend(page, legend_x, top, legend_size)
        if changes:
            room = area[3] - _legend_height(entries, legend_size, 1) - pad
            blocks.add_lines(
                _fit(changes, change_size, column, room, tr),
                change_size,
                legend_x,
                bottom - pad * 0.5,
                column,
                align_bottom=True,
            )
    else:
        change_room = min(font * 8, page.height * 0.12) if changes else 0
        legend_height = _legend_height(entries, legend_size, 2)
        legend_top = bottom - pad * 0.5 - change_room - legend_height
        area = (pad, top, inner, legend_top - pad * 0.5 - top)
        # Plotly adds the swatch (about three text sizes) to each entry's width.
        legend = {
            **_legend(page, pad, legend_top, legend_size),
            "orientation": "h",
            "entrywidth": column - 3 * legend_size,
            "entrywidthmode": "pixels",
        }
        if changes:
            blocks.add_lines(
                _fit(changes, change_size, inner, change_room, tr),
                change_size,
                pad,
                bottom - pad * 0.5,
                inner,
                align_bottom=True,
            )
    return _Plan(blocks.annotations, legend, entries, area)


def _title(timeline: Timeline, report: Report, tr: Translator) -> str:
    title = timeline.record.config.title_in(tr.lang)
    dates = [_isolated(tr.date(timeline.dates[day]), tr) for day in report.days]
    if report.kind == "compare":
        return tr(
            "{title}: {first} and {second} compared", title=title, first=dates[0], second=dates[1]
        )
    if report.kind == "grid":
        return tr("{title}: {first} to {last}", title=title, first=dates[0], last=dates[-1])
    return tr("{title}: territorial control at the end of {day}", title=title, day=dates[0])


def _isolated(text: str, tr: Translator) -> str:
    """A value set into a right-to-left sentence keeps its own order (Unicode isolates)
    and stays on one line (no-break spaces)."""
    if tr.direction != "rtl":
        return text
    return "\u2068" + text.replace(" ", "\u00a0") + "\u2069"


class _Blocks:
    """Text blocks placed in page pixels, kept as paper-referenced annotations."""

    def __init__(self, page: Page, rtl: bool):
        self.page = page
        self.rtl = rtl
        self.annotations: list[dict] = []

    def add(self, text: str, size: float, top: float, width: float, colour: str) -> float:
        """A block of text wrapped to `width`, starting at `top` on the page's leading
        side; returns the y under it."""
        lines = _wrap(text.split("\n"), size, width)
        self.add_lines(lines, size, self.page.font, top, width, colour=colour)
        return top + len(lines) * size * LINE

    def add_lines(
        self,
        lines: list[str],
        size: float,
        x: float,
        y: float,
        width: float,
        colour: str = INK,
        align_bottom: bool = False,
    ) -> None:
        right = self.rtl
        self.annotations.append(
            {
                "text": "<br>".join(plain(line) for line in lines),
                "xref": "paper",
                "yref": "paper",
                "x": (x + width if right else x) / self.page.width,
                "y": 1 - y / self.page.height,
                "xanchor": "right" if right else "left",
                "yanchor": "bottom" if align_bottom else "top",
                "align": "right" if right else "left",
                "showarrow": False,
                "font": {"size": size, "color": colour},
            }
        )


def _wrap(lines: list[str], size: float, width: float, indent: str = "") -> list[str]:
    chars = max(10, int(width / (size * GLYPH_WIDTH)))
    return [
        wrapped
        for line in lines
        for wrapped in textwrap.wrap(line, chars, subsequent_indent=indent) or [""]
    ]


def _legend(page: Page, x: float, y: float, size: float) -> dict:
    return {
        "x": x / page.width,
        "y": 1 - y / page.height,
        "xanchor": "left",
        "yanchor": "top",
        "font": {"size": size},
        "itemclick": False,
        "itemdoubleclick": False,
        "itemsizing": "constant",
        "tracegroupgap": size * 0.3,
        "bgcolor": "rgba(255,255,255,0)",
    }


def _legend_height(entries: list[dict], size: float, columns: int) -> float:
    """The legend's height, estimated from its wrapped names (Plotly measures it only
    in the browser)."""
    lines = [entry["name"].count("<br>") + 1 for entry in entries]
    rows = [max(lines[i : i + columns]) for i in range(0, len(lines), columns)]
    return sum(rows) * size * LEGEND_LINE + len(rows) * size * 0.3


def _panels(
    view: MapView, count: int, area: tuple[float, float, float, float], caption: float
) -> list[tuple[tuple[float, float], Panel]]:
    """Top-left corners and panels of `count` maps in the area (x, y, width, height),
    in the grid of columns that gives each the largest map; `caption` is the text size
    of the date above each panel (0: none)."""
    x, y, width, height = area
    gap = caption
    caption_height = caption * 1.6

    def panel_size(columns: int) -> tuple[float, float]:
        rows = math.ceil(count / columns)
        return (
            (width - (columns - 1) * gap) / columns,
            (height - (rows - 1) * gap) / rows - caption_height,
        )

    def ground(columns: int) -> float:
        panel_width, panel_height = panel_size(columns)
        return min(panel_width / view.width, panel_height / view.height)

    columns = max(range(1, count + 1), key=ground)
    panel_width, panel_height = panel_size(columns)
    panels = []
    for number in range(count):
        row, column = divmod(number, columns)
        left = x + column * (panel_width + gap)
        top = y + row * (panel_height + caption_height + gap) + caption_height
        sized = view.resized(round(panel_width), round(panel_height))
        panels.append(((left, top), Panel(sized, "" if number == 0 else str(number + 1))))
    return panels


def _outlined(timeline: Timeline, report: Report, number: int) -> np.ndarray:
    """Areas to outline on panel `number`: changed since the day before (a day, a
    frame), between the two days (both panels of a comparison), or since the previous
    panel (a grid; the first panel: since the day before)."""
    days = report.days
    if report.kind == "compare":
        return np.flatnonzero(timeline.area_codes[days[0]] != timeline.area_codes[days[1]])
    if report.kind == "grid" and number > 0:
        return np.flatnonzero(
            timeline.area_codes[days[number]] != timeline.area_codes[days[number - 1]]
        )
    return timeline.changed_areas(days[number])


def _caption(text: str, x: float, y: float, page: Page) -> dict:
    return {
        "text": plain(text),
        "xref": "paper",
        "yref": "paper",
        "x": x / page.width,
        "y": 1 - (y - page.font * 0.3) / page.height,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": page.font * 1.05, "color": INK},
    }


def _date_badge(text: str, panel: Panel, font: float) -> dict:
    """The date, large, in the map's top-left corner: legible on every frame."""
    x, y = panel.to_world(font, font)
    return {
        "text": f"<b>{plain(text)}</b>",
        "x": x,
        "y": y,
        "xref": panel.xref,
        "yref": panel.yref,
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": font * 1.6, "color": INK},
        "bgcolor": "rgba(255,255,255,0.8)",
        "borderpad": font * 0.3,
    }


def _legend_traces(
    timeline: Timeline,
    report: Report,
    geometry: GeometryRefs,
    tr: Translator,
    font: float,
    size: float,
    width: float,
) -> list[dict]:
    """One legend entry per symbol on the map, each with its swatch; names wrapped to
    `width` pixels at text size `size`."""
    config = timeline.record.config

    def entry(name: str, **style: object) -> dict:
        return {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "name": "<br>".join(plain(line) for line in _wrap([name], size, width)),
            "hoverinfo": "skip",
            **style,
        }

    def square(colour: str, opacity: float = 1.0) -> dict:
        marker = {"symbol": "square", "size": font, "color": colour, "opacity": opacity}
        return {"mode": "markers", "marker": marker}

    entries = [
        entry(config.label(state.id, tr.lang), **square(state.colour))
        for state in states_in_period(timeline)
    ]
    if np.isin(timeline.area_certainty, HATCHED_CERTAINTY).any():
        entries.append(
            entry(
                tr(UNCERTAIN_LABEL),
                mode="none",
                fill="toself",
                fillcolor=f"rgba(102,102,102,{AREA_OPACITY})",
                fillpattern=hatch_pattern(),
            )
        )
    if geometry.disputed is not None:
        entries.append(entry(tr(DISPUTED_LABEL), **square(DISPUTED_COLOUR)))
    entries += [
        entry(
            tr(FRONTLINE_LABEL),
            mode="lines",
            line={"color": FRONTLINE_COLOUR, "width": FRONTLINE_WIDTH},
        ),
        entry(
            tr(OUTLINE_LABELS[report.kind]),
            mode="markers",
            marker={
                "symbol": "square-open",
                "size": font,
                "color": CHANGED_COLOUR,
                "line": {"width": CHANGED_WIDTH, "color": CHANGED_COLOUR},
            },
        ),
        entry(
            tr(TOWNS_LABEL),
            mode="markers",
            marker={
                "size": font * 0.6,
                "color": TOWN_FILL,
                "line": {"color": TOWN_STROKE, "width": 1},
            },
        ),
    ]
    return entries


def states_in_period(timeline: Timeline) -> list[State]:
    """States held somewhere at some point: the legend stays the same on every day."""
    used = set(np.unique(timeline.town_codes).tolist())
    states = timeline.record.config.all_states
    return [state for code, state in enumerate(states) if code in used]


def _change_lines(timeline: Timeline, report: Report, tr: Translator) -> list[str]:
    """A comparison's heading and its places that changed hands, one line each."""
    first, second = report.days
    config = timeline.record.config
    towns = timeline.record.towns
    before, after = timeline.town_codes[first], timeline.town_codes[second]
    changed = sorted(
        f"{towns[timeline.town_ids[i]].name_in(tr.lang)}: "
        f"{config.label(timeline.state_ids[before[i]], tr.lang)} → "
        f"{config.label(timeline.state_ids[after[i]], tr.lang)}"
        for i in np.flatnonzero(before != after)
    )
    heading = tr(
        "Changed hands between {first} and {second}: {count}",
        first=_isolated(tr.date(timeline.dates[first]), tr),
        second=_isolated(tr.date(timeline.dates[second]), tr),
        count=len(changed),
    )
    return [heading, *changed]


def _fit(lines: list[str], size: float, width: float, room: float, tr: Translator) -> list[str]:
    """The lines wrapped to `width`, cut to the `room` (pixels of height) with a last
    line saying how many were left out."""
    most = max(2, int(room / (size * LINE)))
    heading, *items = lines
    kept = _wrap([heading], size, width)
    for number, item in enumerate(items):
        wrapped = _wrap([item], size, width, indent="  ")
        if len(kept) + len(wrapped) > most - 1:
            return [*kept, tr("… and {count} more", count=len(items) - number)]
        kept += wrapped
    return kept
