"""Many exports in one run: the days of a range, the files they go to, and a progress
bar. Every target is checked before the first render, so a run that would overwrite
a file (without `force`) or write into a missing folder stops before any work."""

from __future__ import annotations

import datetime as dt
import re
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TextIO

from dashboard.project import Project
from dashboard.reports.errors import ExportError
from dashboard.reports.files import write_new
from dashboard.reports.renderer import shared_renderer
from dashboard.reports.requests import ExportRequest
from dashboard.timeline import Timeline

BAR_WIDTH = 30


def parse_every(text: str) -> int:
    """Days between two exports of a range: `1d`, `3d`, `2w` or a bare number of days."""
    match = re.fullmatch(r"\s*([1-9][0-9]*)\s*([dw]?)\s*", text.lower())
    if not match:
        raise ValueError(f"{text!r} is not a step such as 1d, 3d or 1w")
    return int(match[1]) * (7 if match[2] == "w" else 1)


def day_series(timeline: Timeline, start: dt.date, end: dt.date, every: int = 1) -> tuple[int, ...]:
    """Day indices from `start` to `end` (both in the period), `every` days apart; the
    last day is always included, so a range ends where it was asked to."""
    first, last = timeline.day_index(start), timeline.day_index(end)
    if last < first:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    days = list(range(first, last + 1, every))
    if days[-1] != last:
        days.append(last)
    return tuple(days)


@dataclass(frozen=True)
class Target:
    request: ExportRequest
    path: Path


def targets(
    project: Project, requests: list[ExportRequest], out: Path | None, out_dir: Path | None
) -> list[Target]:
    """Where each export goes: `out` for a single one, else `out_dir` with the name
    the request makes. Raises ExportError when that cannot work."""
    if out is not None:
        if len(requests) != 1:
            raise ExportError(f"{len(requests)} files to write: give a folder with --out-dir")
        return [Target(requests[0], out)]
    if out_dir is None:
        raise ExportError("give a file (--out) or a folder (--out-dir)")
    return [Target(request, out_dir / request.filename(project)) for request in requests]


def check_targets(found: list[Target], force: bool) -> None:
    """Refuse, before any render, a missing folder or (without `force`) a file that exists."""
    for target in found:
        if not target.path.parent.is_dir():
            raise ExportError(
                f"cannot write {target.path}: the folder {target.path.parent} does not exist"
            )
        if target.path.exists() and not force:
            raise ExportError(f"{target.path} exists; not overwriting it (--force replaces it)")


def run(
    project: Project,
    found: list[Target],
    force: bool,
    report: Callable[[Path], None],
    stream: TextIO | None = None,
) -> None:
    """Make and write every target in order, calling `report(path)` after each file; a
    progress bar goes to `stream` (stderr) when there is more than one step.

    As many exports are made at once as the renderer has tabs, so Python builds the
    next page while Chromium draws one; files are still written one by one, in order.
    """
    total = sum(target.request.steps for target in found)
    bar = ProgressBar(total, stream or sys.stderr) if total > 1 else None

    def make(target: Target) -> bytes:
        progress = partial(bar.show, target.path.name) if bar else None
        return target.request.make(project, progress=progress)

    with ThreadPoolExecutor(shared_renderer().tabs) as pool:
        for target, data in zip(found, pool.map(make, found), strict=True):
            write_new(data, target.path, force)
            report(target.path)
    if bar:
        bar.finish()


class ProgressBar:
    """`[#######-----------]  7/13  name` on one line of a terminal, redrawn in place;
    one line per step when the stream is a file or a pipe. Safe to call from the
    threads that make several files at once."""

    def __init__(self, total: int, stream: TextIO):
        self.total = total
        self.stream = stream
        self.live = stream.isatty()
        self._finished: dict[str, int] = {}
        self._lock = threading.Lock()

    def show(self, name: str, finished: int, _of: int) -> None:
        """`finished` steps of the file `name` are done."""
        with self._lock:
            self._finished[name] = finished
            done = sum(self._finished.values())
            filled = round(BAR_WIDTH * done / self.total)
            count = f"{done:>{len(str(self.total))}}/{self.total}"
            line = f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {count}  {name}"
            self.stream.write("\r" + line + "\x1b[K" if self.live else line + "\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
