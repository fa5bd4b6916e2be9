"""Static map snapshots (PNG, SVG, PDF) rendered by Kaleido in the system Chromium.

File names are made here from the date and format only, never from user input.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import threading
from pathlib import Path
from typing import BinaryIO

from dashboard.figures.map_figure import GeometryRefs, MapView
from dashboard.figures.print_figure import PRINT_HEIGHT, PRINT_WIDTH, print_figure
from dashboard.project import Project

FORMATS = ("png", "svg", "pdf")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}

_render_lock = threading.Lock()

# Where choreographer (Kaleido's browser driver) looks when BROWSER_PATH is not set.
BROWSER_SEARCH = "chromium, chromium-browser or google-chrome on PATH, or in /usr/bin"


class ExportError(Exception):
    """An export that could not be made; the message says why and names what to fix."""


class ChromiumNotFound(ExportError):
    """No browser for Kaleido to render with."""

    def __init__(self) -> None:
        browser_path = os.environ.get("BROWSER_PATH")
        looked = (
            f"BROWSER_PATH={browser_path!r} is not a file"
            if browser_path
            else f"looked for {BROWSER_SEARCH}"
        )
        super().__init__(
            f"no Chromium found for exports ({looked}): install Debian's chromium "
            "(apt install chromium) or set BROWSER_PATH to its executable"
        )


class ChromiumFailed(ExportError):
    """A browser was found but did not start or stopped during the render."""

    def __init__(self) -> None:
        browser_path = os.environ.get("BROWSER_PATH")
        which = f"BROWSER_PATH={browser_path!r}" if browser_path else "the Chromium found"
        super().__init__(
            f"Chromium could not render the export ({which} failed to start or closed); "
            "check that Debian's chromium runs: chromium --headless --version"
        )


class ExportWriteError(ExportError):
    """The export was rendered but could not be written to its file."""

    def __init__(self, path: Path | str, error: OSError) -> None:
        self.path = Path(path)
        super().__init__(f"cannot write {path}: {_reason(self.path, error)}")


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
    from kaleido.errors import BrowserFailedError, ChromeNotFoundError

    with _render_lock:
        try:
            return kaleido.calc_fig_sync(
                figure.to_dict(),
                opts={
                    "format": fmt,
                    "width": PRINT_WIDTH,
                    "height": PRINT_HEIGHT,
                    "scale": 1,
                },
            )
        except ChromeNotFoundError:
            raise ChromiumNotFound() from None
        except BrowserFailedError:
            raise ChromiumFailed() from None


def write_map(project: Project, day_index: int, fmt: str, out: Path) -> None:
    """Write an export to `out`, refusing to overwrite an existing file.

    The map is rendered before the file is opened, so a failed render leaves no
    file; a write that fails midway (a full disk) removes the file it created.
    Raises `ExportError` saying what went wrong with which path.
    """
    data = render_map(project, day_index, fmt)
    try:
        handle = out.open("xb")
    except FileExistsError:
        raise ExportError(f"{out} exists; not overwriting it") from None
    except OSError as error:
        raise ExportWriteError(out, error) from None
    try:
        write_stream(handle, data, out)
    except BaseException:  # a full disk, or Ctrl-C: no partial file is left
        _discard(handle, out)
        raise
    try:
        handle.close()
    except OSError as error:
        _discard(handle, out)
        raise ExportWriteError(out, error) from None


def write_stream(handle: BinaryIO, data: bytes, name: Path | str) -> None:
    """Write `data` to an opened binary stream and flush it, so a full disk shows here.

    Raises `ExportWriteError` naming `name`; the caller owns (and removes) the file.
    """
    try:
        handle.write(data)
        handle.flush()
    except OSError as error:
        raise ExportWriteError(name, error) from None


def _discard(handle: BinaryIO, out: Path) -> None:
    """Close and remove a file this export created ("xb": never one that was there)."""
    with contextlib.suppress(OSError):
        handle.close()  # flushes the failed buffer again, which fails again
    with contextlib.suppress(OSError):
        out.unlink()


def _reason(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full (no space left on device)"
    if error.errno == errno.EDQUOT:
        return "the disk quota is used up"
    if error.errno == errno.ENOENT:
        return f"the folder {path.parent} does not exist"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied (the folder {path.parent} is not writable)"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    return error.strerror or str(error)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
