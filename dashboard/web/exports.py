"""Where the app's exports are made and kept, behind one interface: start a job, ask how
it goes, download the file.

- On one machine (the default): in threads of the app's own processes, the job's state
  and file in a private folder the machine's workers share (`dashboard.reports.jobs`).
- Across machines (`FRONTLINE_REDIS_URL=redis://…`): a queue in Redis (RQ), served by
  `frontline worker` processes on any machine; each keeps a warm renderer. The finished
  file is kept in Redis for `KEEP_SECONDS`, so any app instance can hand it out.

A download is a plain file response from `<base>exports/<token>`; the token is random
and is the only key to the file.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from typing import Any, Protocol

import flask

from dashboard.project import Project
from dashboard.reports.errors import ChromiumNotFound, ExportError
from dashboard.reports.jobs import KEEP_SECONDS, TOKEN, Busy, ExportJobs, JobState
from dashboard.reports.presets import MEDIA_TYPES
from dashboard.reports.requests import ExportRequest

REDIS_VARIABLE = "FRONTLINE_REDIS_URL"
QUEUE = "frontline-exports"
MAX_QUEUED = 16  # jobs waiting in the queue before a new one is refused as busy
JOB_SECONDS = 600  # the most a worker spends on one job
RESULT_KEY = "frontline:export:{token}"


@dataclass(frozen=True)
class ExportJob:
    """One export as a worker anywhere can make it: the pack by its name on the server,
    the request, the file's name, and the user's own events file if the page had one."""

    pack: str
    request: ExportRequest
    name: str
    events: str | None = None
    events_name: str = ""


class Exports(Protocol):
    def start(self, job: ExportJob, project: Project) -> str: ...
    def keep(self, name: str, data: bytes) -> str: ...
    def state(self, token: object) -> JobState: ...
    def download(self, token: str) -> flask.Response | None: ...
    def status(self) -> dict[str, Any]: ...


class LocalExports:
    """Jobs in threads of this process (`project` is the one the page shows)."""

    def __init__(self, jobs: ExportJobs | None = None):
        self.jobs = jobs or ExportJobs()

    def start(self, job: ExportJob, project: Project) -> str:
        request = job.request
        return self.jobs.submit(
            lambda progress: request.make(project, progress), job.name, request.steps
        )

    def keep(self, name: str, data: bytes) -> str:
        return self.jobs.put(name, data)

    def state(self, token: object) -> JobState:
        return self.jobs.state(token)

    def download(self, token: str) -> flask.Response | None:
        found = self.jobs.finished(token)
        if found is None:
            return None
        name, path = found
        response = flask.send_file(
            path, mimetype=_media(name), as_attachment=True, download_name=name, max_age=0
        )
        response.cache_control.private = True
        return response

    def status(self) -> dict[str, Any]:
        return {"ready": True, "where": "this process", "renderer": renderer_status()}


class QueuedExports:
    """Jobs in a Redis queue (RQ), made by `frontline worker` processes."""

    def __init__(self, url: str):
        try:
            from redis import Redis
            from rq import Queue
        except ImportError:
            raise ExportError(
                f"{REDIS_VARIABLE} is set, but the queue is not installed: "
                "pip install 'frontline-map[queue]'"
            ) from None
        self.url = url
        self.redis = Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)
        self.queue = Queue(QUEUE, connection=self.redis)

    def start(self, job: ExportJob, project: Project) -> str:
        from redis.exceptions import RedisError

        token = secrets.token_urlsafe(16)
        try:
            if self.queue.count >= MAX_QUEUED:
                raise Busy()
            self.queue.enqueue_call(
                "dashboard.web.worker.make_export",
                args=(job,),
                job_id=token,
                timeout=JOB_SECONDS,
                ttl=JOB_SECONDS,
                result_ttl=KEEP_SECONDS,
                failure_ttl=KEEP_SECONDS,
                meta={"name": job.name, "done": 0, "total": job.request.steps},
            )
        except RedisError:
            raise ExportError("the export queue cannot be reached; try again later") from None
        return token

    def keep(self, name: str, data: bytes) -> str:
        token = secrets.token_urlsafe(16)
        keep_result(self.redis, token, name, data)
        return token

    def state(self, token: object) -> JobState:
        from redis.exceptions import RedisError
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus

        if not isinstance(token, str) or not TOKEN.match(token):
            return JobState("unknown")
        try:
            if self.redis.exists(RESULT_KEY.format(token=token)):
                name = self.redis.hget(RESULT_KEY.format(token=token), "name") or b""
                return JobState("done", name.decode())
            job = Job.fetch(token, connection=self.redis)
            status = job.get_status()
        except NoSuchJobError:
            return JobState("unknown")
        except RedisError:
            return JobState("failed", message="the export queue cannot be reached")
        meta = job.meta
        name = meta.get("name", "")
        if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
            return JobState("failed", name, message=meta.get("error", "unexpected error"))
        if status == JobStatus.FINISHED:  # finished, but its file is gone (expired)
            return JobState("unknown")
        return JobState("running", name, meta.get("done", 0), meta.get("total", 1))

    def download(self, token: str) -> flask.Response | None:
        from redis.exceptions import RedisError

        try:
            name, data = self.redis.hmget(RESULT_KEY.format(token=token), ["name", "data"])
        except RedisError:
            return None
        if name is None or data is None:
            return None
        response = flask.Response(data, mimetype=_media(name.decode()))
        response.headers["Content-Disposition"] = f"attachment; filename={name.decode()}"
        response.cache_control.private = True
        response.cache_control.max_age = 0
        return response

    def status(self) -> dict[str, Any]:
        from redis.exceptions import RedisError
        from rq import Worker

        try:
            self.redis.ping()
            workers = Worker.count(queue=self.queue)
            waiting = self.queue.count
        except RedisError as error:
            return {"ready": False, "where": "queue", "problem": f"Redis: {error}"}
        return {"ready": True, "where": "queue", "workers": workers, "waiting": waiting}


def keep_result(redis: Any, token: str, name: str, data: bytes) -> None:
    """A finished file in Redis, for `KEEP_SECONDS`."""
    key = RESULT_KEY.format(token=token)
    with redis.pipeline() as pipe:
        pipe.hset(key, mapping={"name": name, "data": data})
        pipe.expire(key, KEEP_SECONDS)
        pipe.execute()


def renderer_status() -> dict[str, Any]:
    """Whether this process can render maps: the export extra and a browser."""
    from dashboard.reports.renderer import browser_path

    try:
        return {"available": True, "browser": browser_path()}
    except ChromiumNotFound as error:
        return {"available": False, "problem": str(error)}
    except ExportError as error:
        return {"available": False, "problem": str(error)}


_configured: tuple[str, Exports] | None = None


def configured_exports() -> Exports:
    """The process's exports, as `FRONTLINE_REDIS_URL` says (re-read if it changed)."""
    global _configured
    url = os.environ.get(REDIS_VARIABLE, "").strip()
    if _configured is None or _configured[0] != url:
        _configured = (url, QueuedExports(url) if url else LocalExports())
    return _configured[1]


def _media(name: str) -> str:
    return MEDIA_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")
