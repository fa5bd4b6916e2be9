"""Report images: one context per export, a figure per page, rendered warm, with the
file's own metadata."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from dashboard.credits import areas_note, ranked_publishers, user_file_name
from dashboard.figures.context import Credits, ReportContext
from dashboard.figures.print_figure import Page, Report, dateline, headline, print_figure
from dashboard.figures.vector_map import GeometryRefs
from dashboard.geo.view import MapView
from dashboard.i18n import pack_translator
from dashboard.project import Project
from dashboard.reports.metadata import FileMetadata, with_metadata
from dashboard.reports.presets import IMAGE_FORMATS, Preset, check_format
from dashboard.reports.renderer import Renderer, shared_renderer
from dashboard.reports.stamp import made_at, record_version


def geometry_of(project: Project) -> GeometryRefs:
    """The pack's geometry inline, as exports draw it."""
    layers = project.layers
    return GeometryRefs(
        areas=layers.areas,
        parents=layers.parents,
        frontiers=project.frontiers,
        disputed=layers.disputed,
        basemap=layers.basemap,
        zones=layers.zones,
    )


def report_context(
    project: Project,
    lang: str | None = None,
    view: MapView | None = None,
    now: dt.datetime | None = None,
) -> ReportContext:
    """Everything the pages of one export share, made once: the translator, the
    credits (with the stamp of when and from which record), the geometry and view."""
    config = project.config
    tr = pack_translator(config, lang)
    stamp = tr(
        "Made {time} from {version}", time=made_at(now), version=record_version(project.record)
    )
    credits = Credits(
        publishers=tuple(ranked_publishers(project.record)),
        attribution=config.credits(tr.lang)[0].short,
        method=areas_note(config, tr.lang),
        stamp=stamp,
        user_file=user_file_name(project.record, project.paths.root / "events.csv"),
    )
    return ReportContext(
        timeline=project.timeline,
        geometry=geometry_of(project),
        view=view or project.home_view,
        tr=tr,
        credits=credits,
    )


def page_of(preset: Preset, fmt: str = "png") -> Page:
    return Page(preset.width, preset.height, preset.font, preset.min_credits, fmt != "pdf")


def file_metadata(
    ctx: ReportContext, report: Report, now: dt.datetime | None = None
) -> FileMetadata:
    """The title a viewer shows is the map's headline; the subject says what it shows."""
    config = ctx.config
    standfirst = config.text(config.standfirst, ctx.tr.lang) if config.standfirst else ""
    author = ctx.credits.attribution
    if ctx.credits.user_file:
        author = ctx.tr(
            "Data: your file {name} — not the published record", name=ctx.credits.user_file
        )
    return FileMetadata(
        title=headline(ctx),
        subject=" ".join(part for part in (dateline(ctx, report), standfirst) if part),
        author=author,
        made=now or dt.datetime.now(dt.UTC),
    )


def render_report(
    ctx: ReportContext,
    report: Report,
    preset: Preset,
    fmt: str,
    renderer: Renderer | None = None,
    scale: float | None = None,
) -> bytes:
    """The page as `fmt` bytes; PNG at the preset's scale unless `scale` is given."""
    check_format(fmt, IMAGE_FORMATS)
    scale = scale or (preset.scale if fmt == "png" else 1)
    figure = print_figure(ctx, report, page_of(preset, fmt))
    data = (renderer or shared_renderer()).render(figure, fmt, preset.width, preset.height, scale)
    return with_metadata(data, fmt, file_metadata(ctx, report))


def render_pages(
    ctx: ReportContext,
    reports: Iterable[Report],
    preset: Preset,
    fmt: str,
    renderer: Renderer | None = None,
    scale: float | None = None,
) -> Iterator[bytes]:
    """Several pages of one context in order, as many at once as the renderer has tabs;
    at most one page more than that is rendered ahead of the reader, so a long series is
    never held in memory (an animation takes its frames one by one)."""
    renderer = renderer or shared_renderer()
    ahead: deque[Future[bytes]] = deque()
    with ThreadPoolExecutor(renderer.tabs) as pool:
        for report in reports:
            ahead.append(pool.submit(render_report, ctx, report, preset, fmt, renderer, scale))
            if len(ahead) > renderer.tabs:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()
