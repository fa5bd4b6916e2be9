"""What every page of one export shares, made once and handed down: the day-by-day
record, the projected geometry, the view, the translator and the credits.

An export builds one `ReportContext` (`dashboard.reports.images.report_context`); the
layout then reads it for every page, preset and language, and never goes back up to
the pack for a translator or a credit line.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.figures.vector_map import GeometryRefs, ProjectedLayers, projected
from dashboard.geo.view import MapView
from dashboard.i18n import Translator
from dashboard.timeline import Timeline


@dataclass(frozen=True)
class Credits:
    """The credit block's parts: the record's original publishers, most cited first;
    the pack's short attribution; the method note; when the file was made from which
    record; and the user's own events file, if the map shows one."""

    publishers: tuple[str, ...]
    attribution: str
    method: str
    stamp: str
    user_file: str | None = None


@dataclass(frozen=True)
class ReportContext:
    timeline: Timeline
    geometry: GeometryRefs
    view: MapView
    tr: Translator
    credits: Credits

    @property
    def layers(self) -> ProjectedLayers:
        return projected(self.geometry)

    @property
    def rtl(self) -> bool:
        return self.tr.direction == "rtl"

    @property
    def config(self):
        return self.timeline.record.config
