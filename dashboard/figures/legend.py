"""The legend of an export, drawn rather than left to Plotly: Plotly's legend puts every
swatch on the left, and a right-to-left page needs it on the right.

The legend is a box of its own axes, in pixels from its top-left corner: the sides
present on the day(s) shown, largest first, under their short names of that day; the
patterns (hatch, stripes, an occupied zone's lines under its name) as the map draws
them; the lines; the markers; and the scale bar at the bottom. Every swatch is the
map's own paint (`dashboard.style`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.figures.context import ReportContext
from dashboard.figures.scale_bar import ScaleBar
from dashboard.figures.text import LINE, directed, plain, wrap
from dashboard.figures.vector_map import (
    _rgba,
    dotted_towns,
    hatch_pattern,
    occupied_pattern,
    stripes_pattern,
)
from dashboard.i18n import N_
from dashboard.style import (
    AREA_OPACITY,
    CHANGED_COLOUR,
    CHANGED_LABEL,
    CHANGED_WIDTH,
    CONTESTED_STATE,
    DISPUTED_COLOUR,
    DISPUTED_LABEL,
    FRONTLINE_COLOUR,
    FRONTLINE_LABEL,
    FRONTLINE_WIDTH,
    HATCHED_CERTAINTY,
    INK,
    TOWN_FILL,
    TOWN_STROKE,
    UNCERTAIN_LABEL,
    town_symbol,
)

OUTLINE_LABELS = {
    "day": CHANGED_LABEL,
    "frame": CHANGED_LABEL,
    "compare": N_(
        "Outlined in a dark shade of the side that gained it: changed hands between the two dates"
    ),
    "grid": N_("Magenta outline: changed hands since the previous map"),
}
# Marker names in the legend, by symbol (`dashboard.style.town_symbol`).
MARKER_NAMES = {
    "star": N_("Capital"),
    "circle": N_("Tracked town or village"),
    "triangle-up": N_("Airbase or airport"),
    "square": N_("Military base"),
    "diamond": N_("Border crossing"),
    "hexagon": N_("Dam"),
    "cross": N_("Camp"),
}
WIDTH_EMS = 19  # the legend's width in text sizes


@dataclass(frozen=True)
class Row:
    """One entry: its swatch (`kind`: fill, pattern, line, outline or marker) and text."""

    kind: str
    text: str
    colour: str = ""
    pattern: dict | None = None
    symbols: tuple[tuple[str, str, str], ...] = ()  # ((symbol, fill, stroke),) of a marker


@dataclass(frozen=True)
class Legend:
    rows: tuple[Row, ...]
    size: float  # text size in pixels
    width: float
    rtl: bool
    bar: ScaleBar | None = None
    bar_label: str = ""

    @property
    def swatch(self) -> float:
        return self.size * 1.5

    def lines(self, row: Row) -> list[str]:
        return wrap(row.text, self.size, self.width - self.swatch - self.size * 1.6)

    @property
    def height(self) -> float:
        pad = self.size * 0.6
        rows = sum(
            max(len(self.lines(row)), 1) * self.size * LINE + self.size * 0.35 for row in self.rows
        )
        return pad * 2 + rows + self.size * 2.0  # the scale bar's row


def legend_rows(ctx: ReportContext, days: tuple[int, ...], kind: str) -> tuple[Row, ...]:
    """The entries for the days shown: sides present, largest on the last day first."""
    timeline, tr = ctx.timeline, ctx.tr
    config = ctx.config
    last = days[-1]
    day = timeline.dates[last]
    held = set()
    for index in days:
        held |= set(timeline.area_codes[index].tolist()) | set(timeline.town_codes[index].tolist())
    area = timeline.share_km2[last]
    order = sorted(held, key=lambda code: (-area[code], code))
    states = config.all_states
    rows = []
    for code in order:
        state = states[code]
        name = config.short_label(state.id, tr.lang, day)
        if state.id == CONTESTED_STATE:
            rows.append(Row("pattern", name, state.colour, stripes_pattern(state.colour)))
        else:
            rows.append(Row("fill", name, state.colour))
    certainty = timeline.area_certainty[list(days)]
    if np.isin(certainty, HATCHED_CERTAINTY).any():
        rows.append(Row("pattern", tr(UNCERTAIN_LABEL), "#777777", hatch_pattern()))
    for zone in (ctx.geometry.zones or {}).get("features", []):
        if zone["properties"].get("pattern") == "occupied":
            labels = zone["properties"].get("labels", {})
            name = labels.get(tr.lang) or labels.get(config.primary_language, "")
            rows.append(Row("pattern", name, "#777777", occupied_pattern()))
    if ctx.geometry.disputed is not None:
        rows.append(Row("fill", tr(DISPUTED_LABEL), DISPUTED_COLOUR))
    rows.append(Row("line", tr(FRONTLINE_LABEL), FRONTLINE_COLOUR))
    rows.append(
        Row("outline", tr(OUTLINE_LABELS[kind]), CHANGED_COLOUR if kind != "compare" else INK)
    )
    present = {town_symbol(town): town.holds_area for town in dotted_towns(timeline)}
    for symbol, name in MARKER_NAMES.items():
        if symbol in present:
            light = present[symbol]
            fill, stroke = (TOWN_FILL, TOWN_STROKE) if light else (TOWN_STROKE, TOWN_FILL)
            rows.append(Row("marker", tr(name), symbols=((symbol, fill, stroke),)))
    return tuple(rows)


def legend_figure_parts(
    legend: Legend, axes: str, box: tuple[float, float, float, float], page_size: tuple[int, int]
) -> tuple[dict, list[dict], list[dict]]:
    """The legend's axes layout, traces and annotations, drawn in the box (x, y, width,
    height in page pixels). All traces, on axes of their own declared after the maps':
    they are drawn over the map, and each swatch over the legend's background."""
    x0, y0, width, height = box
    page_width, page_height = page_size
    xref, yref = f"x{axes}", f"y{axes}"
    hidden = {"visible": False, "fixedrange": True, "showgrid": False, "zeroline": False}
    layout = {
        f"xaxis{axes}": {
            **hidden,
            "range": [0, width],
            "domain": [x0 / page_width, (x0 + width) / page_width],
        },
        f"yaxis{axes}": {
            **hidden,
            "range": [height, 0],
            "domain": [1 - (y0 + height) / page_height, 1 - y0 / page_height],
        },
    }
    on_axes = {"type": "scatter", "xaxis": xref, "yaxis": yref, "hoverinfo": "skip"}
    on_axes["showlegend"] = False

    def area(x_0: float, y_0: float, x_1: float, y_1: float, colour: str, **extra: object) -> dict:
        return {
            **on_axes,
            "mode": "none",
            "fill": "toself",
            "x": [x_0, x_1, x_1, x_0, x_0],
            "y": [y_0, y_0, y_1, y_1, y_0],
            "fillcolor": colour,
            **extra,
        }

    def line(xs: list[float], ys: list[float], colour: str, line_width: float) -> dict:
        return {
            **on_axes,
            "mode": "lines",
            "x": xs,
            "y": ys,
            "line": {"color": colour, "width": line_width},
        }

    traces = [
        area(0, 0, width, height, "rgba(255,255,255,0.93)"),
        line([0, width, width, 0, 0], [0, 0, height, height, 0], "#bdbdbd", 0.8),
    ]
    texts: list[dict] = []
    size, sw, rtl = legend.size, legend.swatch, legend.rtl
    pad = size * 0.6
    y = pad
    base = {"xref": xref, "yref": yref}
    for row in legend.rows:
        lines = legend.lines(row)
        centre = y + size * LINE / 2
        sx0 = width - pad - sw if rtl else pad
        sx1 = sx0 + sw
        top, bottom = centre - size * 0.5, centre + size * 0.5
        if row.kind in ("fill", "pattern"):
            traces.append(area(sx0, top, sx1, bottom, _rgba(row.colour, AREA_OPACITY)))
            if row.pattern:
                traces.append(area(sx0, top, sx1, bottom, "rgba(0,0,0,0)", fillpattern=row.pattern))
        elif row.kind == "line":
            traces.append(line([sx0, sx1], [centre, centre], row.colour, FRONTLINE_WIDTH))
        elif row.kind == "outline":
            xs = [sx0 + 1, sx1 - 1, sx1 - 1, sx0 + 1, sx0 + 1]
            traces.append(line(xs, [top, top, bottom, bottom, top], row.colour, CHANGED_WIDTH))
        elif row.kind == "marker":
            symbol, fill, stroke = row.symbols[0]
            traces.append(
                {
                    **on_axes,
                    "mode": "markers",
                    "x": [(sx0 + sx1) / 2],
                    "y": [centre],
                    "marker": {
                        "symbol": symbol,
                        "size": size * (0.95 if symbol == "star" else 0.7),
                        "color": fill,
                        "line": {"color": stroke, "width": 1.2},
                    },
                }
            )
        text_x = (sx0 - size * 0.5) if rtl else (sx1 + size * 0.5)
        texts.append(_text(lines, text_x, y, size, rtl, base))
        y += max(len(lines), 1) * size * LINE + size * 0.35
    if legend.bar:
        bar_y = height - pad - size * 0.4
        bx0 = width - pad - legend.bar.pixels if rtl else pad
        bx1 = bx0 + legend.bar.pixels
        tick = size * 0.45
        traces.append(
            line([bx0, bx0, bx1, bx1], [bar_y - tick, bar_y, bar_y, bar_y - tick], INK, 1.6)
        )
        label_x = (bx0 - size * 0.4) if rtl else (bx1 + size * 0.4)
        texts.append(_text([legend.bar_label], label_x, bar_y - size * 1.0, size, rtl, base))
    return layout, traces, texts


def _text(lines: list[str], x: float, top: float, size: float, rtl: bool, base: dict) -> dict:
    return {
        **base,
        "text": "<br>".join(plain(directed(line, rtl)) for line in lines),
        "x": x,
        "y": top,
        "xanchor": "right" if rtl else "left",
        "yanchor": "top",
        "align": "right" if rtl else "left",
        "showarrow": False,
        "font": {"size": size, "color": INK},
    }
