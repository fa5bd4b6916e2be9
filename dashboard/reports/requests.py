"""One export to make, as both the CLI and the app ask for it: what, of which days, in
which format and preset; it knows its file name and how to make its bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.figures.print_figure import Report
from dashboard.geo.view import MapView
from dashboard.project import Project
from dashboard.reports.animation import MAX_FRAMES, render_animation
from dashboard.reports.gis import areas_file, periods_file
from dashboard.reports.images import render_report, report_context
from dashboard.reports.presets import (
    ANIMATION_FORMATS,
    IMAGE_FORMATS,
    PERIOD_FORMATS,
    SERIES_FORMATS,
    TABLE_FORMATS,
    Preset,
    check_format,
    map_filename,
    table_filename,
)
from dashboard.reports.renderer import Renderer
from dashboard.reports.tables import changes_csv
from dashboard.territory import CONVENTIONS, compare, compare_csv, series, series_csv

KIND_FORMATS = {
    "day": IMAGE_FORMATS,
    "compare": IMAGE_FORMATS,
    "grid": IMAGE_FORMATS,
    "animation": ANIMATION_FORMATS,
    "table": TABLE_FORMATS,
    "periods": PERIOD_FORMATS,
    "territory": SERIES_FORMATS,
    "gains": SERIES_FORMATS,
}
# Exports that are data: made in milliseconds, with no browser.
DATA_KINDS = ("table", "periods", "territory", "gains")
MAX_PANELS = 16
MAX_SERIES_DAYS = 20_000  # a territory series: every day of a long record
SUBTITLE_CHARS = 200

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportRequest:
    """`days` are day indices: one (a day; a day's areas as GeoJSON, GeoPackage or
    KML), two (a comparison; the first and last day of the changes as CSV, of the
    holding periods, or of gains and losses), or a series (a grid, an animation, a
    territory series). `convention` says how land is counted in territory and gains."""

    kind: str
    days: tuple[int, ...]
    fmt: str
    preset: Preset
    lang: str | None = None
    subtitle: str = ""
    view: MapView | None = None
    pause: bool = True
    convention: str = "all"

    def __post_init__(self) -> None:
        if self.kind not in KIND_FORMATS:
            raise ValueError(
                f"unknown export {self.kind!r}; choose one of {', '.join(KIND_FORMATS)}"
            )
        check_format(self.fmt, KIND_FORMATS[self.kind])
        counts = {
            "day": (1, 1),
            "compare": (2, 2),
            "grid": (2, MAX_PANELS),
            "animation": (1, MAX_FRAMES),
            "table": (2, 2) if self.fmt == "csv" else (1, 1),
            "periods": (2, 2),
            "territory": (1, MAX_SERIES_DAYS),
            "gains": (2, 2),
        }
        least, most = counts[self.kind]
        if not least <= len(self.days) <= most:
            wanted = str(least) if least == most else f"{least} to {most}"
            raise ValueError(f"a {self.kind} export takes {wanted} days, not {len(self.days)}")
        if self.convention not in CONVENTIONS:
            raise ValueError(f"unknown convention {self.convention!r}")
        if len(self.subtitle) > SUBTITLE_CHARS:
            raise ValueError(f"the subtitle is longer than {SUBTITLE_CHARS} characters")

    @property
    def steps(self) -> int:
        """Renders this export takes, for progress."""
        return len(self.days) if self.kind == "animation" else 1

    def filename(self, project: Project) -> str:
        dates = tuple(project.timeline.dates[day] for day in self.days)
        if self.kind in DATA_KINDS:
            return table_filename(project, dates, self.fmt, self.kind, self.convention)
        return map_filename(project, dates, self.kind, self.preset, self.fmt)

    def make(
        self, project: Project, progress: Progress | None = None, renderer: Renderer | None = None
    ) -> bytes:
        """The file's bytes. Raises `ExportError` when the renderer fails."""
        if self.kind in DATA_KINDS:
            return self._data(project)
        if self.kind == "animation":
            return render_animation(
                project,
                self.days,
                self.preset,
                self.fmt,
                view=self.view,
                lang=self.lang,
                subtitle=self.subtitle,
                pause=self.pause,
                progress=progress,
                renderer=renderer,
            )
        ctx = report_context(project, self.lang, self.view)
        report = Report(self.days, kind=self.kind, subtitle=self.subtitle)
        data = render_report(ctx, report, self.preset, self.fmt, renderer)
        if progress:
            progress(1, 1)
        return data

    def _data(self, project: Project) -> bytes:
        timeline = project.timeline
        if self.kind == "periods":
            return periods_file(project, self.fmt, self.lang)
        if self.kind == "table" and self.fmt != "csv":
            return areas_file(project, self.days[0], self.fmt, self.lang)
        if self.kind == "territory":
            text = series_csv(series(timeline, self.days, self.convention))
        elif self.kind == "gains":
            text = compare_csv(compare(timeline, *self.days, self.convention))
        else:
            text = changes_csv(project, self.days[0], self.days[1], self.lang)
        # A byte-order mark, so spreadsheets read the names as UTF-8.
        return text.encode("utf-8-sig")

    @property
    def needs_browser(self) -> bool:
        return self.kind not in DATA_KINDS
