"""`frontline worker`: makes the app's exports from the Redis queue, on any machine.

The worker loads the same packs as the app (`FRONTLINE_DATA_DIR`, or every bundled
pack), follows changes of their files as the app does, and keeps one warm renderer for
all its jobs: it runs jobs in its own process (RQ's `SimpleWorker`), one at a time. Run
as many as the machines have cores to spare; any app instance can hand out their files.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from dashboard.pack.paths import PackPaths, served_packs
from dashboard.project import Project
from dashboard.records import GivenFile, RecordError
from dashboard.reports.errors import ExportError
from dashboard.web.exports import QUEUE, ExportJob, keep_result
from dashboard.web.live import LivePack, project_edition, reload_seconds

logger = logging.getLogger("frontline.worker")
_packs: dict[str, LivePack] = {}


def serve_packs(chosen: Mapping[str, PackPaths] | None = None) -> dict[str, LivePack]:
    """Load the packs this worker serves (default: `served_packs`, as the app), once;
    they are followed as their files change."""
    if not _packs:
        for name, paths in (chosen or served_packs()).items():
            _packs[name] = LivePack(
                name, paths, check_seconds=reload_seconds(), make=project_edition
            )
    return _packs


def make_export(job: ExportJob) -> str:
    """Make one export (RQ calls this with the job the app queued) and keep its file in
    Redis under the job's id; progress goes to the job's meta as it is made."""
    from rq import get_current_job

    current = get_current_job()
    try:
        data = job.request.make(_project(job), _progress(current))
    except ExportError as error:
        current.meta["error"] = str(error)
        current.save_meta()
        raise
    except Exception as error:
        current.meta["error"] = f"unexpected error: {error}"
        current.save_meta()
        raise
    keep_result(current.connection, current.id, job.name, data)
    return job.name


def _project(job: ExportJob) -> Project:
    live = serve_packs().get(job.pack)
    if live is None:
        raise ExportError(f"this export worker does not serve the pack {job.pack!r}")
    live.reload()  # the record the app shows, if its files changed
    edition = live.current
    if job.events is None:
        return edition.project
    try:
        return edition.users.check(GivenFile(job.events_name, job.events.encode("utf-8")))
    except RecordError:
        raise ExportError("your events file no longer passes the pack's checks") from None


def _progress(current):
    def progress(done: int, total: int) -> None:
        current.meta.update(done=done, total=total)
        current.save_meta()

    return progress


def work(url: str, burst: bool = False) -> None:
    """Serve the queue at `url` until stopped (or, with `burst`, until it is empty)."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    from dashboard.reports.renderer import shared_renderer

    loaded = serve_packs()
    logger.info("serving exports of %s from %s", ", ".join(loaded), QUEUE)
    shared_renderer().start()  # warm before the first job
    connection = Redis.from_url(url)
    worker = SimpleWorker([Queue(QUEUE, connection=connection)], connection=connection)
    worker.work(burst=burst, with_scheduler=False)
