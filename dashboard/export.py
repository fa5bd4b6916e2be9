"""Static map snapshots (PNG, SVG, PDF) rendered by Kaleido in the system Chromium.

File names are made here from the date and format only, never from user input.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from dashboard.figures.map_figure import GeometryRefs, MapView
from dashboard.figures.print_figure import PRINT_HEIGHT, PRINT_WIDTH, print_figure
from dashboard.project import Project

FORMATS = ("png", "svg", "pdf")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}

_render_lock = threading.Lock()


def export_filename(project: Project, day_index: int, fmt: str) -> str:
    """A safe, descriptive name: `frontline-map-syria-2024-12-05.png`.

    Made from the pack folder's name (reduced to safe characters) and the date only.
    """
    _check_format(fmt)
    pack = re.sub(r"[^a-z0-9_-]+", "-", project.paths.root.name.lower()).strip("-") or "pack"
    return f"frontline-map-{pack}-{project.timeline.dates[day_index].isoformat()}.{fmt}"


def render_map(project: Project, day_index: int, fmt: str, view: MapView | None = None) -> bytes:
    """The print figure for one day as image bytes.

    Each render starts its own headless Chromium (about 3 s) and one render runs
    at a time per process, so a burst of clicks cannot exhaust the server's memory.
    Kaleido's shared server would save two seconds but cannot be shut down
    cleanly from a worker thread.
    """
    _check_format(fmt)
    geometry = GeometryRefs(
        areas=project.layers.areas,
        parents=project.layers.parents,
        frontiers=project.frontiers,
        disputed=project.layers.disputed,
    )
    figure = print_figure(project.timeline, day_index, geometry, view or project.home_view)
    import kaleido  # starts a browser: loaded only when a map is rendered

    with _render_lock:
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
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
