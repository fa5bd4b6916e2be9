"""A pack as the server shows it, and its record changing without a restart.

The server shows one *edition* of each pack at a time: the checked project, the reader's
files made from it and the tools' pages. When the pack's files change (noticed by a look
at their sizes and times, at most every `FRONTLINE_RELOAD_SECONDS`, on the next request),
a new edition is loaded in a background thread, checked by every rule `frontline
validate` applies, and swapped in whole: a request sees the old edition or the new one,
never a mix, and never a file read while it was being written (the files must stay
unchanged from before the load to after it). A pack that no longer passes keeps its last
good edition and says why (the log, `/readyz`).

The reader's files are named by their content, so the files of the last `KEEP_EDITIONS`
editions stay servable: a page loaded just before a switch still gets every file it
names. A file no edition has (a page from another worker that switched first) makes this
worker look at the pack at once and load it before answering.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dashboard.pack.paths import PackPaths
from dashboard.problems import ProblemsError
from dashboard.project import Project, load_project
from dashboard.reader.bundle import MIMETYPES, ReaderSite, build_site
from dashboard.reports.stamp import pin_digest
from dashboard.web.static import StaticFile, generated_file
from dashboard.web.user_record import UserProjects

RELOAD_VARIABLE = "FRONTLINE_RELOAD_SECONDS"
CHECK_SECONDS = 2.0  # the default: how often a request may look at the pack's files
SETTLE_SECONDS = 0.3  # files that changed this recently may still be being written
KEEP_EDITIONS = 4  # editions whose reader files stay servable after a switch
WAIT_SECONDS = 30.0  # the most a request waits for a reload another request asked for
SHOWN_PROBLEMS = 50  # problems of a failed reload reported by /readyz

logger = logging.getLogger("frontline.reload")

Signature = tuple[tuple[str, int, int, int], ...]


@dataclass
class Edition:
    """One record of a pack, as the server shows it; never changed once made (but for
    the tools' pages, built in each language when first asked for)."""

    project: Project
    site: ReaderSite
    files: dict[str, StaticFile]
    users: UserProjects
    events_csv: bytes  # the events file as it was read: the record's editable copy
    version: str
    loaded_at: str
    pages: dict[str, Any] = field(default_factory=dict)
    # Answers that depend only on the edition and the language (the page, the layout),
    # compressed once: (kind, language) -> the answer.
    answers: dict[tuple[str, str], StaticFile] = field(default_factory=dict)


def make_edition(project: Project, events_csv: bytes) -> Edition:
    """The edition of a checked project (loaded from `events_csv`): its reader files
    compressed once."""
    site = build_site(project)
    files = {
        path: generated_file(body, MIMETYPES[path[path.rindex(".") :]])
        for path, body in site.files.items()
    }
    return Edition(
        project=project,
        site=site,
        files=files,
        users=UserProjects(project),
        events_csv=events_csv,
        version=pin_digest(project.record, events_csv),
        loaded_at=_now(),
    )


def project_edition(project: Project, events_csv: bytes) -> Edition:
    """An edition without the reader's files, for a process that makes exports only."""
    return Edition(
        project=project,
        site=ReaderSite(),
        files={},
        users=UserProjects(project),
        events_csv=events_csv,
        version=pin_digest(project.record, events_csv),
        loaded_at=_now(),
    )


def reload_seconds() -> float | None:
    """`FRONTLINE_RELOAD_SECONDS` (default 2; `off` or a negative number: never)."""
    value = os.environ.get(RELOAD_VARIABLE, "").strip().lower()
    if not value:
        return CHECK_SECONDS
    if value == "off":
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"{RELOAD_VARIABLE}={value!r}: give seconds, or 'off'") from None
    return None if seconds < 0 else seconds


def signature(paths: PackPaths) -> Signature:
    """What the pack's files are now, cheaply: name, size, time and inode of every file
    the project is loaded from (the pack's settings, tables and zones, and its layers)."""
    folders = (paths.root, paths.geo_dir, paths.geo_dir / "basemap")
    found = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith((".csv", ".toml", ".geojson")):
                continue
            try:
                info = entry.stat()
            except OSError:
                continue
            found.append((entry.path, info.st_size, info.st_mtime_ns, info.st_ino))
    for extra in (paths.events, paths.towns, paths.sources):  # a user's file elsewhere
        if extra.parent not in folders:
            try:
                info = extra.stat()
            except OSError:
                continue
            found.append((str(extra), info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(sorted(found))


class LivePack:
    """The current edition of one pack, and its reloads."""

    def __init__(
        self,
        name: str,
        paths: PackPaths,
        project: Project | None = None,
        *,
        check_seconds: float | None = CHECK_SECONDS,
        make: Callable[[Project, bytes], Edition] = make_edition,
    ):
        self.name = name
        self.paths = paths
        self.check_seconds = check_seconds
        self._make = make
        self._lock = threading.Lock()  # swaps, and the start of a reload
        self._loading = threading.Lock()  # one load at a time
        self._thread: threading.Thread | None = None
        self._signature = signature(paths)
        self._refused: Signature | None = None
        self._checked = time.monotonic()
        project = project or load_project(paths)
        self.current = make(project, paths.events.read_bytes())
        # The reader files of the editions shown before (only their files: the rest of
        # an edition goes when it is replaced).
        self._retired: deque[dict[str, StaticFile]] = deque(maxlen=KEEP_EDITIONS - 1)
        self.last_reload: dict[str, Any] = {
            "result": "loaded at start",
            "at": self.current.loaded_at,
            "problems": [],
        }

    def poll(self) -> None:
        """Look at the pack's files if `check_seconds` have passed since the last look;
        start a reload in the background if they changed."""
        if self.check_seconds is None:
            return
        now = time.monotonic()
        if now - self._checked < self.check_seconds:
            return
        self._checked = now
        if self._changed():
            with self._lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(
                        target=self.reload, name=f"frontline-reload-{self.name}", daemon=True
                    )
                    self._thread.start()

    def reload(self) -> bool:
        """Load the pack again if its files changed; True when a new edition is shown.
        Waits for a reload already under way instead of starting a second one."""
        if not self._loading.acquire(timeout=WAIT_SECONDS):
            return False
        try:
            return self._load_if_changed()
        finally:
            self._loading.release()

    def file(self, path: str) -> StaticFile | None:
        """A reader file of the current edition or of one shown shortly before; one that
        none has may be the next edition's (another worker switched first): the pack is
        looked at, and loaded, at once."""
        found = self._file(path)
        if found is None and self.check_seconds is not None and self._changed():
            self.reload()
            found = self._file(path)
        return found

    def status(self) -> dict[str, Any]:
        """For `/readyz`: the record shown, when it was loaded, and the last reload."""
        edition = self.current
        return {
            "record": edition.version,
            "loaded_at": edition.loaded_at,
            "days": len(edition.project.timeline.dates),
            "last_reload": self.last_reload,
        }

    def _file(self, path: str) -> StaticFile | None:
        for files in (self.current.files, *self._retired):
            if path in files:
                return files[path]
        return None

    def _changed(self) -> bool:
        now = signature(self.paths)
        return now != self._signature and now != self._refused

    def _load_if_changed(self) -> bool:
        before = signature(self.paths)
        if before in (self._signature, self._refused):
            return False
        time.sleep(SETTLE_SECONDS)
        if signature(self.paths) != before:
            return False  # still being written: the next look tries again
        try:
            project = load_project(self.paths)
            events_csv = self.paths.events.read_bytes()
        except Exception as error:  # any fault of the new files keeps the last good record
            if signature(self.paths) != before:
                return False  # read while being written: not a verdict on the files
            self._refuse(before, error)
            return False
        if signature(self.paths) != before:
            return False  # changed while it was read: the next look reads it whole
        edition = self._make(project, events_csv)
        with self._lock:
            self._retired.appendleft(self.current.files)
            self.current = edition
            self._signature = before
            self._refused = None
        self.last_reload = {"result": "loaded", "at": edition.loaded_at, "problems": []}
        logger.info("%s: now showing record %s", self.name, edition.version)
        return True

    def _refuse(self, seen: Signature, error: Exception) -> None:
        self._refused = seen
        if isinstance(error, ProblemsError) or hasattr(error, "problems"):  # GeoLayerError too
            problems = [str(problem) for problem in error.problems]
        else:
            problems = [f"{type(error).__name__}: {error}"]
        shown = problems[:SHOWN_PROBLEMS]
        if len(problems) > SHOWN_PROBLEMS:
            shown.append(f"and {len(problems) - SHOWN_PROBLEMS} more problems")
        self.last_reload = {
            "result": f"refused: still showing record {self.current.version}",
            "at": _now(),
            "problems": shown,
        }
        logger.error(
            "%s: the pack's files changed but do not pass its checks; still showing record "
            "%s. %d problem(s):\n  %s",
            self.name,
            self.current.version,
            len(problems),
            "\n  ".join(shown),
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
