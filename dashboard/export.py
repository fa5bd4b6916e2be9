"""Static map snapshots (PNG, SVG, PDF) rendered by Kaleido in the system Chromium.

File names are made here from the date and format only, never from user input.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

import kaleido

from dashboard.figures.map_figure import DEFAULT_VIEW, GeometryRefs, MapView
from dashboard.figures.print_figure import PRINT_HEIGHT, PRINT_WIDTH, print_figure
from dashboard.project import Project

FORMATS = ("png", "svg", "pdf")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}

_render_lock = threading.Lock()
_server_started = False


def export_filename(project: Project, day_index: int, fmt: str) -> str:
    """A safe, descriptive name: `frontline-map-2024-12-05.png`."""
    _check_format(fmt)
    return f"frontline-map-{project.timeline.dates[day_index].isoformat()}.{fmt}"


def render_map(
    project: Project, day_index: int, fmt: str, view: MapView = DEFAULT_VIEW
) -> bytes:
    """The print figure for one day as image bytes.

    One Chromium is kept per process and renders one image at a time: starting a
    browser costs seconds, a render about one.
    """
    _check_format(fmt)
    geometry = GeometryRefs(
        areas=project.layers.areas, governorates=project.layers.governorates
    )
    figure = print_figure(project.timeline, day_index, geometry, view)
    with _render_lock:
        _ensure_server()
        return kaleido.calc_fig_sync(
            figure.to_dict(),
            opts={
                "format": fmt,
                "width": PRINT_WIDTH,
                "height": PRINT_HEIGHT,
                "scale": 1,
            },
        )


def write_map(project: Project, day_index: int, fmt: str, out: Path) -> None:
    """Write an export to `out`, refusing to overwrite an existing file."""
    data = render_map(project, day_index, fmt)
    with out.open("xb") as handle:
        handle.write(data)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(
            f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}"
        )


def _ensure_server() -> None:
    global _server_started
    if not _server_started:
        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        _server_started = True
