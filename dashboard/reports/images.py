"""Report images: a figure for the request, its credits and stamp, rendered warm."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

from dashboard.figures.print_figure import Page, Report, print_figure
from dashboard.figures.vector_map import GeometryRefs
from dashboard.geo.view import MapView
from dashboard.i18n import pack_translator
from dashboard.project import Project
from dashboard.reports.presets import IMAGE_FORMATS, Preset, check_format
from dashboard.reports.renderer import Renderer, shared_renderer
from dashboard.reports.stamp import made_at, publishers, record_version

# Publishers named in an image before "and N others": enough to credit the main
# reporters, few enough for two lines of small print.
NAMED_PUBLISHERS = 12


def geometry_of(project: Project) -> GeometryRefs:
    """The pack's geometry inline, as exports draw it."""
    layers = project.layers
    return GeometryRefs(
        areas=layers.areas,
        parents=layers.parents,
        frontiers=project.frontiers,
        disputed=layers.disputed,
    )


def report_notes(
    project: Project, report: Report, now: dt.datetime | None = None
) -> tuple[str, ...]:
    """The credit lines an export adds to the pack's: whose reports the holders shown
    rest on, and when the file was made from which record."""
    tr = pack_translator(project.config, report.lang)
    names = publishers(project.timeline, list(report.days))
    shown = ", ".join(names[:NAMED_PUBLISHERS])
    if len(names) > NAMED_PUBLISHERS:
        shown = tr(
            "{names} and {count} others (sources.csv lists every source)",
            names=shown,
            count=len(names) - NAMED_PUBLISHERS,
        )
    return (
        tr("Sources of the holders shown: {names}", names=shown),
        tr(
            "Made {time} from {version}",
            time=made_at(now),
            version=record_version(project.record),
        ),
    )


def report_figure_dict(
    project: Project, report: Report, preset: Preset, view: MapView | None = None
) -> dict:
    """The page as Plotly's JSON-ready dict, credits and stamp included."""
    stamped = Report(
        days=report.days,
        kind=report.kind,
        subtitle=report.subtitle,
        lang=report.lang,
        notes=report_notes(project, report),
    )
    page = Page(preset.width, preset.height, preset.font)
    return print_figure(
        project.timeline, stamped, geometry_of(project), view or project.home_view, page
    )


def render_report(
    project: Project,
    report: Report,
    preset: Preset,
    fmt: str,
    view: MapView | None = None,
    renderer: Renderer | None = None,
    scale: float | None = None,
) -> bytes:
    """The page as `fmt` bytes; PNG at the preset's scale unless `scale` is given."""
    check_format(fmt, IMAGE_FORMATS)
    scale = scale or (preset.scale if fmt == "png" else 1)
    return (renderer or shared_renderer()).render(
        report_figure_dict(project, report, preset, view), fmt, preset.width, preset.height, scale
    )


def render_pages(
    project: Project,
    reports: Sequence[Report],
    preset: Preset,
    fmt: str,
    view: MapView | None = None,
    renderer: Renderer | None = None,
    scale: float | None = None,
) -> Iterator[bytes]:
    """Several pages in order, as many at once as the renderer has tabs."""
    renderer = renderer or shared_renderer()
    with ThreadPoolExecutor(renderer.tabs) as pool:
        yield from pool.map(
            lambda report: render_report(project, report, preset, fmt, view, renderer, scale),
            reports,
        )
