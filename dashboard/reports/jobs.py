"""Exports made off the request: a click starts a job, the page asks how it goes.

A render never holds the request that asked for it, so a server's workers keep
answering other users (gunicorn's sync workers too: the request returns at once and
the job runs in a thread of the worker). The job's state and result are files in a
folder every worker of the machine shares, so the page's next question may reach any
worker. A job token is random and is the only key to its file; tokens are checked
against their pattern before any path is made of them.

The folder is private to the user and never a link. Each process sweeps it every
`SWEEP_SECONDS`: files of jobs (named by the token pattern) older than `KEEP_SECONDS`
go, whether or not anyone fetched them or asks again; nothing else in the folder is
touched, and no link is followed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.reports.errors import ExportError

KEEP_SECONDS = 600  # a result nobody fetched is removed after this
SWEEP_SECONDS = 60  # how often each process removes what is older than that
WORKERS = 2  # jobs of one process that run at once (the renderer has two tabs)
MAX_WAITING = 8  # jobs of one process that may wait for a worker
TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
# A job's files: its state and result, and their partial writes (see `_replace`).
JOB_FILE = re.compile(r"^(\.)?[A-Za-z0-9_-]{22}\.(json|data)(?(1)\.[0-9a-f]{8})$")

logger = logging.getLogger(__name__)
Make = Callable[[Callable[[int, int], None]], bytes]


@dataclass(frozen=True)
class JobState:
    """`state`: "running", "done", "failed" or "unknown" (no such job, or it is gone)."""

    state: str
    name: str = ""
    done: int = 0
    total: int = 1
    message: str = ""


class Busy(ExportError):
    """Too many exports wait in this process; the user should try again shortly."""

    def __init__(self) -> None:
        super().__init__("the server is busy with other exports; try again in a minute")


class ExportJobs:
    """Jobs of this process, with their state in `folder` (shared by the workers)."""

    def __init__(
        self,
        folder: Path | None = None,
        keep_seconds: float = KEEP_SECONDS,
        sweep_seconds: float = SWEEP_SECONDS,
    ):
        self.folder = folder or Path(tempfile.gettempdir()) / f"frontline-exports-{os.getuid()}"
        self.keep_seconds = keep_seconds
        self.sweep_seconds = sweep_seconds
        self._lock = threading.Lock()
        self._running = threading.Semaphore(WORKERS)
        self._waiting = 0
        self._sweeping_in = 0  # the process whose sweeper runs (none after a fork)

    def submit(self, make: Make, name: str, total: int) -> str:
        """Start making the file `name` (its bytes come from `make(progress)`); returns
        the job's token. Raises `Busy` when too many jobs wait already."""
        self._private_folder()
        self.sweep()
        self._keep_sweeping()
        token = secrets.token_urlsafe(16)
        with self._lock:
            if self._waiting >= MAX_WAITING:
                raise Busy()
            self._waiting += 1
        self._write_state(token, JobState("running", name, 0, total))
        # A thread per job (at most WORKERS make files at once): no pool whose threads
        # could be gone, after a fork or when a test harness stops a server's threads.
        threading.Thread(
            target=self._run, args=(token, make, name, total), name="frontline-export", daemon=True
        ).start()
        return token

    def state(self, token: object) -> JobState:
        if not isinstance(token, str) or not TOKEN.match(token):
            return JobState("unknown")
        try:
            stored = json.loads(self._path(token, "json").read_text("utf-8"))
        except (OSError, ValueError):
            return JobState("unknown")
        pid = stored.pop("pid")
        found = JobState(**stored)
        if found.state == "running" and not _alive(pid):
            return JobState("failed", found.name, message="the server process making it stopped")
        return found

    def put(self, name: str, data: bytes) -> str:
        """Keep a file made at once (a data table) as a finished job; returns its token."""
        self._private_folder()
        self._keep_sweeping()
        token = secrets.token_urlsafe(16)
        _replace(self._path(token, "data"), data)
        self._write_state(token, JobState("done", name, 1, 1))
        return token

    def finished(self, token: object) -> tuple[str, Path] | None:
        """The name and file of a finished job (None: unknown, unfinished or gone). The
        file stays until it expires, so a download can be tried again."""
        state = self.state(token)
        if state.state != "done":
            return None
        path = self._path(str(token), "data")
        return (state.name, path) if path.is_file() else None

    def result(self, token: str) -> bytes:
        """The finished file's bytes, removed from the folder once read."""
        data_path = self._path(token, "data")
        data = data_path.read_bytes()
        for suffix in ("data", "json"):
            with contextlib.suppress(OSError):
                self._path(token, suffix).unlink()
        return data

    def _run(self, token: str, make: Make, name: str, total: int) -> None:
        with self._running:
            with self._lock:
                self._waiting -= 1
            self._make(token, make, name, total)

    def _make(self, token: str, make: Make, name: str, total: int) -> None:
        def progress(done: int, of: int) -> None:
            self._write_state(token, JobState("running", name, done, of))

        try:
            data = make(progress)
        except ExportError as error:
            self._write_state(token, JobState("failed", name, message=str(error)))
            return
        except Exception as error:  # a job must always end in a state the page can show
            logger.exception("export %s failed", name)
            self._write_state(token, JobState("failed", name, message=f"unexpected error: {error}"))
            return
        _replace(self._path(token, "data"), data)
        self._write_state(token, JobState("done", name, total, total))

    def sweep(self) -> None:
        """Remove the files of jobs older than `keep_seconds`: only regular files named
        as a job's, never through a link (the folder itself included)."""
        try:
            folder = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            return  # not made yet, or a link: nothing of ours to remove
        try:
            cutoff = time.time() - self.keep_seconds
            with os.scandir(folder) as entries:
                for entry in entries:
                    if not JOB_FILE.match(entry.name):
                        continue
                    with contextlib.suppress(OSError):
                        found = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(found.st_mode) and found.st_mtime < cutoff:
                            os.unlink(entry.name, dir_fd=folder)
        finally:
            os.close(folder)

    def _keep_sweeping(self) -> None:
        """Sweep every `sweep_seconds` in this process from now on, so results nobody
        fetches go even when no new export comes."""
        with self._lock:
            if self._sweeping_in == os.getpid():
                return
            self._sweeping_in = os.getpid()

        def sweep_forever() -> None:
            while True:
                time.sleep(self.sweep_seconds)
                try:
                    self.sweep()
                except Exception:  # a sweeper that stopped would leave files for ever
                    logger.exception("sweeping %s failed", self.folder)

        threading.Thread(target=sweep_forever, name="frontline-export-sweeper", daemon=True).start()

    def _private_folder(self) -> None:
        """The folder, made if needed; refused if it is a link, or if another user owns
        it or may read it (someone else's folder in /tmp could hand out or read others'
        exports, and a link could point the sweeper at another folder)."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = self.folder.lstat()
        if not stat.S_ISDIR(found.st_mode):
            raise ExportError(f"{self.folder} is a link or not a folder; remove it")
        if found.st_uid != os.getuid() or found.st_mode & 0o077:
            raise ExportError(f"{self.folder} is not private to this user; remove it")

    def _write_state(self, token: str, state: JobState) -> None:
        stored = {**state.__dict__, "pid": os.getpid()}
        _replace(self._path(token, "json"), json.dumps(stored).encode())

    def _path(self, token: str, suffix: str) -> Path:
        if not TOKEN.match(token):
            raise ValueError("not a job token")
        return self.folder / f"{token}.{suffix}"


def _replace(path: Path, data: bytes) -> None:
    """Write a file in one step, so a reader sees the old content or the new, never half."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    partial.write_bytes(data)
    os.replace(partial, path)


def _alive(pid: object) -> bool:
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
