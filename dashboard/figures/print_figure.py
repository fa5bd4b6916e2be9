"""The map dressed for a report: everything a reader needs when the image stands alone.

One layout for every preset and language. A title block on top (the pack's headline,
the date line, the standfirst, the user's subtitle, and a warning when the map shows a
user's own file); the map(s) filling the rest of the page; the legend, with the scale
bar, inside the frame in the corner that covers least of the country; place names in
tiers with halos; the key event of the day as a callout; and two lines of credits at
the bottom. A right-to-left language mirrors it: text set from the right, swatches on
the right. Sizes are in CSS pixels and follow `Page.font`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from dashboard.figures.changes import ChangeList, change_entries, land_lines
from dashboard.figures.context import ReportContext
from dashboard.figures.legend import WIDTH_EMS, Legend, legend_figure_parts, legend_rows
from dashboard.figures.place_labels import LabelPlacer, map_name
from dashboard.figures.scale_bar import scale_bar
from dashboard.figures.text import LINE, directed, isolated_date, plain, text_width, wrap
from dashboard.figures.vector_map import (
    Panel,
    dotted_towns,
    map_shapes,
    pattern_traces,
    towns_trace,
    world_x,
    world_y,
)
from dashboard.geo.schema import LABELS
from dashboard.geo.view import TILE_PIXELS, MapView, latitude
from dashboard.style import EXPORT_FONTS, HALO_SHADOW, INK, KIND_RANKS

MUTED = "#444444"
WARNING = "#a3001b"
KINDS = ("day", "compare", "grid", "frame")
# Text sizes as shares of the page's body size.
HEADLINE, DATELINE, STANDFIRST, LEGEND, CREDITS = 1.9, 1.15, 0.95, 0.85, 0.7
FRAME_DATELINE = 1.6  # an animation frame's date, read while it moves
LABEL_BODY = 13.0  # the body size at which place names take their tier's own size
# Legend inside the frame unless it would cover more of the country than this share.
LEGEND_COVER = 0.02


@dataclass(frozen=True)
class Page:
    """The canvas in CSS pixels, and the body text size everything else scales from;
    `min_credits`: the smallest credit text the page allows (print: 6 pt)."""

    width: int
    height: int
    font: float
    min_credits: float = 0.0
    halos: bool = True  # PDF: none (Chromium writes each shadow as another copy of the text)


@dataclass(frozen=True)
class Report:
    """What one image shows: day indices (one for a day or an animation frame, two for
    a comparison, several for a grid) and the user's `subtitle`."""

    days: tuple[int, ...]
    kind: str = "day"
    subtitle: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown report kind {self.kind!r}")
        if not self.days or (self.kind == "compare" and len(self.days) != 2):
            raise ValueError(
                f"a {self.kind} report needs {'two' if self.kind == 'compare' else 'some'} days"
            )


def print_figure(ctx: ReportContext, report: Report, page: Page) -> dict:
    """The whole page as a Plotly figure dict.

    A dict, not a `go.Figure`: Plotly.js checks the figure when it draws it, and
    building graph objects would add 0.2 s to every page of a batch."""
    sheet = _Sheet(ctx, page)
    top = sheet.title_block(report)
    bottom = sheet.credits_block()
    area = (page.font, top, page.width - 2 * page.font, bottom - top - page.font * 0.4)
    if report.kind == "compare":
        sheet.comparison(report, area)
    elif report.kind == "grid":
        sheet.grid(report, area)
    else:
        sheet.single(report, area)
    return sheet.figure()


def headline(ctx: ReportContext) -> str:
    """The map's title: the pack's headline in the language, else its title."""
    config = ctx.config
    return (
        config.text(config.headline, ctx.tr.lang)
        if config.headline
        else config.title_in(ctx.tr.lang)
    )


def dateline(ctx: ReportContext, report: Report) -> str:
    """What the map shows, with its date(s)."""
    tr = ctx.tr
    dates = [isolated_date(tr.date(ctx.timeline.dates[day]), ctx.rtl) for day in report.days]
    if report.kind == "compare":
        return tr(
            "Control at the end of {second} compared with {first}", first=dates[0], second=dates[1]
        )
    if report.kind == "grid":
        return tr(
            "Control at the end of each day shown, {first} to {last}",
            first=dates[0],
            last=dates[-1],
        )
    return tr("Territorial control at the end of {day}", day=dates[0])


def user_file_notice(ctx: ReportContext) -> str:
    name = ctx.credits.user_file
    return ctx.tr("Data: your file {name} — not the published record", name=name) if name else ""


class _Sheet:
    """The page being laid out: its traces, shapes, annotations and axes."""

    def __init__(self, ctx: ReportContext, page: Page):
        self.ctx = ctx
        self.page = page
        self.rtl = ctx.rtl
        self.data: list[dict] = []
        self.legend_data: list[dict] = []  # drawn last: over the maps
        self.shapes: list[dict] = []
        self.annotations: list[dict] = []
        self.axes: dict = {}
        self.panels = 0

    # -- text blocks -------------------------------------------------------------

    def text(
        self,
        lines: list[str],
        size: float,
        top: float,
        colour: str = INK,
        weight: int = 400,
        x: float | None = None,
        width: float | None = None,
    ) -> float:
        """Lines set at `top` on the page's leading side (or from `x` across `width`);
        returns the y under them."""
        page = self.page
        left = page.font if x is None else x
        span = page.width - 2 * page.font if width is None else width
        self.annotations.append(
            {
                "text": "<br>".join(plain(directed(line, self.rtl)) for line in lines),
                "xref": "paper",
                "yref": "paper",
                "x": (left + span if self.rtl else left) / page.width,
                "y": 1 - top / page.height,
                "xanchor": "right" if self.rtl else "left",
                "yanchor": "top",
                "align": "right" if self.rtl else "left",
                "showarrow": False,
                "font": {"size": size, "color": colour, "weight": weight},
            }
        )
        return top + len(lines) * size * LINE

    def title_block(self, report: Report) -> float:
        """Headline, date line, standfirst, subtitle and the user-file warning; returns
        the y under them."""
        font, width = self.page.font, self.page.width - 2 * self.page.font
        ctx = self.ctx
        y = font * 0.8
        big = font * HEADLINE
        y = self.text(wrap(headline(ctx), big, width), big, y, weight=700)
        date_size = font * (FRAME_DATELINE if report.kind == "frame" else DATELINE)
        y = self.text(
            wrap(dateline(ctx, report), date_size, width), date_size, y + font * 0.15, weight=600
        )
        config = ctx.config
        if config.standfirst and report.kind != "frame":
            standfirst = config.text(config.standfirst, ctx.tr.lang)
            y = self.text(
                wrap(standfirst, font * STANDFIRST, width),
                font * STANDFIRST,
                y + font * 0.25,
                MUTED,
            )
        if report.subtitle:
            y = self.text(
                wrap(report.subtitle, font * STANDFIRST, width),
                font * STANDFIRST,
                y + font * 0.15,
                MUTED,
            )
        notice = user_file_notice(ctx)
        if notice:
            y = self.text(
                wrap(notice, font * STANDFIRST, width),
                font * STANDFIRST,
                y + font * 0.15,
                WARNING,
                700,
            )
        return y + font * 0.5

    def credits_block(self) -> float:
        """Two lines at the bottom: the method note and the sources; the attribution,
        the user's file and the stamp. Returns the y above them."""
        page, tr, credits = self.page, self.ctx.tr, self.ctx.credits
        width = page.width - 2 * page.font
        size = max(page.font * CREDITS, page.min_credits)
        second = " · ".join(
            part
            for part in (
                tr("Data: your file {name} — not the published record", name=credits.user_file)
                if credits.user_file
                else "",
                credits.attribution,
                credits.stamp,
            )
            if part
        )
        room = (width - text_width(credits.method + " ", size)) * 0.95
        first = f"{credits.method} {self._sources(room, size)}"
        lines = [first, second]
        # Two lines always: a line too long for the page gets a smaller text, down to
        # the page's minimum (then it wraps, never silently cut).
        longest = max(text_width(line, size) for line in lines)
        if longest > width:
            size = max(page.min_credits, size * width / longest)
        lines = [wrapped for line in lines for wrapped in wrap(line, size, width)]
        top = page.height - page.font * 0.6 - len(lines) * size * LINE
        self.text(lines, size, top, MUTED)
        return top

    def _sources(self, room: float, size: float) -> str:
        """ "Sources: 118 publishers cited by the record, chiefly A, B, C; every source
        is in the record's sources.csv", naming as many as fit in `room` pixels."""
        tr, names = self.ctx.tr, self.ctx.credits.publishers

        def line(count: int) -> str:
            return tr.ngettext(
                "Sources: {count} publisher cited by the record, chiefly {names}; every "
                "source is in the record's sources.csv.",
                "Sources: {count} publishers cited by the record, chiefly {names}; every "
                "source is in the record's sources.csv.",
                len(names),
                names=tr(", ").join(names[:count]),
            )

        count = min(len(names), 1)
        while count < len(names) and text_width(line(count + 1), size) <= room:
            count += 1
        return line(count)

    # -- maps --------------------------------------------------------------------

    def single(self, report: Report, area: tuple[float, float, float, float]) -> None:
        legend = self._legend(report, area[2])
        panel, box = self._fit_with_legend(area, legend)
        self._map(report.days[0], report, panel, area[:2], legend_box=box, legend=legend)

    def comparison(self, report: Report, area: tuple[float, float, float, float]) -> None:
        font = self.page.font
        size = font * LEGEND
        changes = ChangeList(
            change_entries(self.ctx, report.days), land_lines(self.ctx, report.days), size, self.rtl
        )
        room = min(area[3] * 0.24, changes.height_for(area[2]))
        maps = (area[0], area[1], area[2], area[3] - room - font * 0.5)
        placed = _grid(self.ctx.view, 2, maps, font, self.rtl)
        legend = self._legend(report, placed[1][1].view.width)
        beside = legend.height > placed[1][1].view.height - font
        if beside:
            # Too tall for the map's corner: the legend stands beside the later map,
            # at the reading end of the row, and the maps share the rest.
            shift = legend.width + font * 0.6
            maps = (maps[0] + (shift if self.rtl else 0), maps[1], maps[2] - shift, maps[3])
            placed = _grid(self.ctx.view, 2, maps, font, self.rtl)
        for number, ((x, y), panel) in enumerate(placed):
            after = number == 1
            box = None
            if after and beside:
                gap = font * 0.6
                box = (-legend.width - gap if self.rtl else panel.view.width + gap, 0.0)
            elif after:
                box = self._legend_corner(panel, legend)
            self._map(
                report.days[number],
                report,
                panel,
                (x, y),
                legend_box=box,
                legend=legend if after else None,
                caption=True,
                outline=after,
                number=number,
            )
        self.annotations += changes.annotations(
            self.ctx, report, (area[0], area[1] + area[3] - room, area[2], room), self.page
        )

    def grid(self, report: Report, area: tuple[float, float, float, float]) -> None:
        font = self.page.font
        legend = self._legend(report, area[2])
        column = legend.width + font
        x = area[0] + column if self.rtl else area[0]
        maps = (x, area[1], area[2] - column, area[3])
        for number, ((px, py), panel) in enumerate(
            _grid(self.ctx.view, len(report.days), maps, font, self.rtl)
        ):
            self._map(
                report.days[number],
                report,
                panel,
                (px, py),
                caption=True,
                number=number,
                max_rank=KIND_RANKS["city"] - 1,
            )
        lx = area[0] if self.rtl else area[0] + area[2] - legend.width
        self._place_legend(legend, (lx, area[1], legend.width, legend.height))

    def _legend(self, report: Report, room: float) -> Legend:
        size = self.page.font * LEGEND
        width = min(size * WIDTH_EMS, room * 0.4)
        return Legend(legend_rows(self.ctx, report.days, report.kind), size, width, self.rtl)

    def _fit_with_legend(
        self, area: tuple[float, float, float, float], legend: Legend
    ) -> tuple[Panel, tuple[float, float]]:
        """The panel filling the area, its ground moved aside when the legend would
        cover the country wherever it goes; and the legend's corner (panel pixels)."""
        view = _fitted(self.ctx.view, area[2], area[3])
        panel = Panel(view, self._next_axes())
        corner = self._legend_corner(panel, legend)
        if self._covered(panel, corner, legend) <= LEGEND_COVER:
            return panel, corner
        # Fit the ground into the part of the panel beside the legend's column.
        shift = legend.width + self.page.font * 0.6
        narrower = _fitted(self.ctx.view, area[2] - shift, area[3])
        x, y = Panel(narrower).centre
        left = corner[0] < area[2] / 2
        dx = (shift / 2) / 2.0**narrower.zoom * (-1 if left else 1)
        moved = MapView(
            latitude(y / TILE_PIXELS),
            (x + dx) / TILE_PIXELS * 360 - 180,
            narrower.zoom,
            round(area[2]),
            round(area[3]),
        )
        panel = Panel(moved, panel.axes)
        return panel, self._legend_corner(panel, legend)

    def _legend_corner(self, panel: Panel, legend: Legend) -> tuple[float, float]:
        """The top-left corner (panel pixels) of the legend in the panel's corner that
        covers least of the country."""
        inset = self.page.font * 0.5
        view = panel.view
        corners = [
            (view.width - inset - legend.width, view.height - inset - legend.height),
            (inset, view.height - inset - legend.height),
            (view.width - inset - legend.width, inset),
            (inset, inset),
        ]
        if self.rtl:
            corners = [corners[1], corners[0], corners[3], corners[2]]
        return min(corners, key=lambda corner: self._covered(panel, corner, legend))

    def _covered(self, panel: Panel, corner: tuple[float, float], legend: Legend) -> float:
        """The share of the country in the panel that the legend would hide."""
        x0, y0 = panel.to_world(*corner)
        x1, y1 = panel.to_world(corner[0] + legend.width, corner[1] + legend.height)
        footprint = self.ctx.layers.footprint
        visible = footprint.intersection(
            shapely.box(*panel.corner, *panel.to_world(panel.view.width, panel.view.height))
        )
        if visible.area == 0:
            return 0.0
        return visible.intersection(shapely.box(x0, y0, x1, y1)).area / visible.area

    def _next_axes(self) -> str:
        self.panels += 1
        return "" if self.panels == 1 else str(self.panels)

    def _map(
        self,
        day: int,
        report: Report,
        panel: Panel,
        origin: tuple[float, float],
        legend_box: tuple[float, float] | None = None,
        legend: Legend | None = None,
        caption: bool = False,
        outline: bool = True,
        number: int = 0,
        max_rank: int = KIND_RANKS["town"],
    ) -> None:
        """One map panel at `origin` (page pixels): fills, patterns, lines, markers,
        names, the day's callout and, when given, the legend inside its frame."""
        ctx, page = self.ctx, self.page
        x0, y0 = origin
        view = panel.view
        self.axes.update(
            panel.axes_layout(
                (x0 / page.width, (x0 + view.width) / page.width),
                (1 - (y0 + view.height) / page.height, 1 - y0 / page.height),
            )
        )
        layers = ctx.layers
        line_scale = min(1.4, max(0.6, page.font / 14)) * min(1.0, math.sqrt(view.width / 900))
        outlined = self._outlined(report, number) if outline else np.array([], dtype=int)
        self.shapes += map_shapes(
            ctx.timeline,
            day,
            layers,
            panel,
            outlined,
            line_scale,
            outline_gains=report.kind == "compare",
        )
        self.data += pattern_traces(ctx.timeline, day, layers, panel, max(1.0, page.font / 14))
        self.data.append(towns_trace(ctx.timeline, panel, dot_scale=line_scale))
        # A frame around the map.
        self.shapes.append(
            {
                "type": "rect",
                "xref": "paper",
                "yref": "paper",
                "x0": x0 / page.width,
                "x1": (x0 + view.width) / page.width,
                "y0": 1 - (y0 + view.height) / page.height,
                "y1": 1 - y0 / page.height,
                "line": {"color": "#9a9a9a", "width": 0.8},
                "layer": "above",
            }
        )
        placer = LabelPlacer(panel, self.rtl, EXPORT_FONTS, HALO_SHADOW if page.halos else "")
        if legend is not None and legend_box is not None:
            bar = scale_bar(view.lat, view.zoom, max_pixels=legend.width * 0.55)
            legend = Legend(
                legend.rows, legend.size, legend.width, legend.rtl, bar, bar.label_in(ctx.tr)
            )
            lx, ly = legend_box
            placer.reserve((lx, ly, lx + legend.width, ly + legend.height))
            self._place_legend(legend, (x0 + lx, y0 + ly, legend.width, legend.height))
        towns = dotted_towns(ctx.timeline)
        placer.reserve_markers(towns, line_scale)
        label_scale = page.font / LABEL_BODY * (0.85 if report.kind in ("compare", "grid") else 1.0)
        if report.kind in ("day", "frame"):
            self._callouts(day, panel, placer, label_scale)
        basemap = (ctx.geometry.basemap or {}).get(LABELS)
        placer.basemap(
            basemap, ctx.tr.lang, label_scale, 2 if report.kind in ("day", "frame") else 1
        )
        placer.places(towns, ctx.tr.lang, label_scale, max_rank, line_scale)
        self.annotations += placer.annotations
        if caption:
            self.text(
                [ctx.tr.date(ctx.timeline.dates[day])],
                page.font * 1.05,
                y0 - page.font * 1.5,
                weight=600,
                x=x0,
                width=view.width,
            )

    def _callouts(self, day: int, panel: Panel, placer: LabelPlacer, scale: float) -> None:
        """The day's key events as callouts with a leader line to their place, on the
        side of the place that is free."""
        ctx = self.ctx
        date = ctx.timeline.dates[day]
        size = self.page.font * 0.9
        for event in ctx.config.key_events:
            if event.date != date or event.place is None:
                continue
            town = ctx.timeline.record.towns[event.place]
            text = ctx.config.text(event.label, ctx.tr.lang)
            lines = wrap(text, size, size * 16)
            width = max(text_width(line, size) for line in lines) + size
            height = len(lines) * size * LINE + size * 0.6
            x, y = panel.pixel(town.lon, town.lat)
            reach = size * 4
            for dx, dy in (
                (-1, -1),
                (1, -1),
                (-1, 1),
                (1, 1),
                (0, -1.3),
                (0, 1.3),
                (-1.3, 0),
                (1.3, 0),
            ):
                cx, cy = x + dx * (reach + width / 2), y + dy * (reach + height / 2) * 0.7
                box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
                if placer._free(box):
                    placer.reserve(box)
                    self.annotations.append(
                        {
                            "text": "<br>".join(plain(directed(line, self.rtl)) for line in lines),
                            "x": float(world_x(town.lon)),
                            "y": float(world_y(town.lat)),
                            "xref": panel.xref,
                            "yref": panel.yref,
                            "ax": cx - x,
                            "ay": cy - y,
                            "showarrow": True,
                            "arrowhead": 0,
                            "arrowwidth": 1.2,
                            "arrowcolor": INK,
                            "standoff": 4,
                            "align": "right" if self.rtl else "left",
                            "bgcolor": "#ffffff",
                            "bordercolor": INK,
                            "borderwidth": 1,
                            "borderpad": size * 0.3,
                            "font": {"size": size, "color": INK, "weight": 600},
                        }
                    )
                    break

    def _outlined(self, report: Report, number: int) -> np.ndarray:
        """Areas to outline: changed since the day before (a day, a frame), between the
        two days (the comparison's "after" map), since the previous panel (a grid)."""
        timeline, days = self.ctx.timeline, report.days
        if report.kind == "compare":
            return np.flatnonzero(timeline.area_codes[days[0]] != timeline.area_codes[days[1]])
        if report.kind == "grid" and number > 0:
            return np.flatnonzero(
                timeline.area_codes[days[number]] != timeline.area_codes[days[number - 1]]
            )
        return timeline.changed_areas(days[number])

    def _place_legend(self, legend: Legend, box: tuple[float, float, float, float]) -> None:
        self.panels += 1
        layout, traces, texts = legend_figure_parts(
            legend, str(self.panels + 100), box, (self.page.width, self.page.height)
        )
        self.axes.update(layout)
        self.legend_data += traces
        self.annotations += texts

    def figure(self) -> dict:
        page = self.page
        layout = {
            "width": page.width,
            "height": page.height,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "autosize": False,
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": EXPORT_FONTS, "color": INK, "size": page.font},
            "showlegend": False,
            "shapes": self.shapes,
            "annotations": self.annotations,
            **self.axes,
        }
        return {"data": [*self.data, *self.legend_data], "layout": layout}


def _fitted(view: MapView, width: float, height: float) -> MapView:
    return view.resized(round(width), round(height))


def _grid(
    view: MapView,
    count: int,
    area: tuple[float, float, float, float],
    caption: float,
    rtl: bool = False,
) -> list[tuple[tuple[float, float], Panel]]:
    """Top-left corners and panels of `count` maps in the area (x, y, width, height),
    in the grid of columns that gives each the largest map, in reading order (from the
    right in a right-to-left page); `caption` is the text size of the date above each
    panel."""
    x, y, width, height = area
    gap = caption
    caption_height = caption * 1.7

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
        if rtl:
            column = columns - 1 - column
        left = x + column * (panel_width + gap)
        top = y + row * (panel_height + caption_height + gap) + caption_height
        sized = view.resized(round(panel_width), round(panel_height))
        panels.append(((left, top), Panel(sized, "" if number == 0 else str(number + 1))))
    return panels


__all__ = ["Page", "Report", "headline", "map_name", "print_figure"]
