"""Report images: a figure for the request, its credits and stamp, rendered warm."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from dashboard.figures.map_figure import GeometryRefs, MapView
from dashboard.figures.print_figure import Page, Report, print_figure
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
    reports: Iterable[Report],
    preset: Preset,
    fmt: str,
    view: MapView | None = None,
    renderer: Renderer | None = None,
    scale: float | None = None,
) -> Iterator[bytes]:
    """Several pages in order, as many at once as the renderer has tabs; at most one
    page more than that is rendered ahead of the reader, so a long series is never
    held in memory (an animation takes its frames one by one)."""
    renderer = renderer or shared_renderer()
    ahead: deque[Future[bytes]] = deque()
    with ThreadPoolExecutor(renderer.tabs) as pool:
        for report in reports:
            ahead.append(
                pool.submit(render_report, project, report, preset, fmt, view, renderer, scale)
            )
            if len(ahead) > renderer.tabs:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()
