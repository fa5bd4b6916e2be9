"""Exports across machines, for real: Debian's Redis, an export worker (`frontline
worker`), and two app instances with separate temporary folders behind Debian's nginx,
configured as `docs/deploy.md` says (round-robin). An export started through one instance
finishes and downloads through the other, as a plain file response. The test starts and
stops everything itself."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from dash_requests import download, export_body, free_port, gunicorn_server, post

DEPLOY = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"
PNG = b"\x89PNG\r\n\x1a\n"
DAY = "2024-12-05"


def wait_for_port(port: int, process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        if process.poll() is not None:
            raise AssertionError(f"{what} stopped: {log.read_text(errors='replace')}")
        assert time.monotonic() < deadline, f"{what} did not start"
        time.sleep(0.1)


@contextlib.contextmanager
def running(command: list[str], log: Path, **options) -> Iterator[subprocess.Popen]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, **options)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def program(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    assert found, f"{name} is needed for this test: scripts/setup.sh --test installs it"
    return found


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("distributed")
    made.chmod(0o755)  # nginx's workers read and write its temporary files here
    return made


@pytest.fixture(scope="module")
def redis_url(folder: Path) -> Iterator[str]:
    port = free_port()
    command = [program("redis-server"), "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no", "--dir", str(folder)]
    with running(command, folder / "redis.log") as process:
        wait_for_port(port, process, "redis-server", folder / "redis.log")
        yield f"redis://127.0.0.1:{port}/0"


@pytest.fixture(scope="module")
def instances(folder: Path, redis_url: str) -> Iterator[list[str]]:
    """Two app instances, each with its own temporary folder, and one export worker."""
    urls = []
    with contextlib.ExitStack() as stack:
        for name in ("a", "b"):
            tmp = folder / f"tmp-{name}"
            tmp.mkdir()
            env = {"FRONTLINE_REDIS_URL": redis_url, "TMPDIR": str(tmp)}
            urls.append(
                stack.enter_context(
                    gunicorn_server(
                        None,
                        workers=1,
                        configured=True,
                        env=env,
                        log=folder / f"{name}-error.log",
                        access=folder / f"{name}-access.log",
                    )
                )
            )
        worker_env = {**os.environ, "FRONTLINE_REDIS_URL": redis_url, "TMPDIR": str(folder)}
        worker_env.pop("FRONTLINE_DATA_DIR", None)
        stack.enter_context(
            running(
                [sys.executable, "-m", "dashboard", "worker"],
                folder / "worker.log",
                env=worker_env,
            )
        )
        deadline = time.monotonic() + 60
        while readiness(urls[0])["exports"].get("workers", 0) < 1:
            assert time.monotonic() < deadline, (folder / "worker.log").read_text()
            time.sleep(0.3)
        yield urls


def readiness(url: str) -> dict:
    with urllib.request.urlopen(url + "/readyz", timeout=10) as response:
        return json.loads(response.read())


def nginx_conf(folder: Path, port: int, upstreams: list[str]) -> str:
    """The site configuration of docs/deploy.md, its one upstream line made two (the
    instances), listening on `port`, inside a main configuration of its own."""
    site = re.search(r"```nginx\n(.*?)```", DEPLOY.read_text("utf-8"), re.S)[1]
    servers = "\n".join(f"    server {url.removeprefix('http://')};" for url in upstreams)
    site = re.sub(r"    server 127\.0\.0\.1:8050;", servers, site)
    assert site.count("listen 80;") == 1
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/nginx-error.log;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n    access_log {folder}/nginx-access.log;\n{temp}\n{site}\n}}\n"
    )


@pytest.fixture(scope="module")
def proxy(folder: Path, instances: list[str]) -> Iterator[str]:
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(folder, port, instances), "utf-8")
    nginx = program("nginx")
    checked = subprocess.run([nginx, "-t", "-p", str(folder), "-c", str(conf)], capture_output=True)
    assert checked.returncode == 0, checked.stderr.decode()
    with running([nginx, "-p", str(folder), "-c", str(conf)], folder / "nginx.log") as process:
        wait_for_port(port, process, "nginx", folder / "nginx.log")
        yield f"http://127.0.0.1:{port}"


def started(url: str, **options) -> dict:
    answer = post(url, export_body(DAY, **options))
    assert "export-job" in answer or "export-ready" in answer, answer["export-status"]
    return answer


def follow(url: str, job: dict, timeout: float = 120) -> str:
    """Poll through `url` until the job is done; the download's address."""
    deadline = time.monotonic() + timeout
    while True:
        answer = post(url, export_body(DAY, trigger="export-poll", job=job))
        if "export-ready" in answer:
            return answer["export-ready"]["data"]
        assert answer.get("export-poll", {}).get("disabled") is not True, answer
        assert time.monotonic() < deadline, "the export did not finish"
        time.sleep(0.3)


def lines_with(log: Path, text: str, wait: float = 0) -> list[str]:
    """The log's lines holding `text`; with `wait`, until there is one (gunicorn writes
    a request's line after its answer is sent)."""
    deadline = time.monotonic() + wait
    while True:
        found = [line for line in log.read_text().splitlines() if text in line]
        if found or time.monotonic() >= deadline:
            return found
        time.sleep(0.1)


def test_an_export_started_on_one_instance_downloads_from_the_other(instances, folder):
    first, second = instances
    job = started(first)["export-job"]["data"]
    address = follow(second, job)
    name, data = download(second, address)
    assert name == f"frontline-map-syria-{DAY}-slide.png"
    assert data[:8] == PNG
    token = address.rsplit("/", 1)[1]
    assert lines_with(folder / "b-access.log", f'GET /exports/{token} HTTP/1.1" 200', wait=10)
    assert not lines_with(folder / "a-access.log", f"/exports/{token}")
    # Neither instance keeps it in its own folder: the file is in Redis.
    for name in ("a", "b"):
        assert not list((folder / f"tmp-{name}").rglob(f"{token}*"))


def test_a_data_table_made_on_one_instance_downloads_from_the_other(instances):
    first, second = instances
    days = {"export-range.start_date": "2024-11-26", "export-range.end_date": "2024-12-08"}
    answer = started(first, trigger="export-csv", fields=days)
    name, data = download(second, answer["export-ready"]["data"])
    assert name == "frontline-changes-syria-2024-11-26-to-2024-12-08.csv"
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheet-safe UTF-8


def test_behind_nginx_round_robin_any_instance_answers_every_step(proxy, folder):
    report = readiness(proxy)
    assert report["ready"] is True
    assert report["exports"]["where"] == "queue" and report["exports"]["workers"] >= 1
    job = started(proxy, fmt="pdf", fields={"export-preset.value": "print"})["export-job"]["data"]
    address = follow(proxy, job)
    served = [download(proxy, address) for _ in range(2)]  # round robin: one from each
    assert served[0] == served[1]
    assert served[0][0] == f"frontline-map-syria-{DAY}-print.pdf"
    assert served[0][1].startswith(b"%PDF-")
    token = address.rsplit("/", 1)[1]
    for name in ("a", "b"):
        assert lines_with(folder / f"{name}-access.log", f'/exports/{token} HTTP/1.1" 200', wait=10)
    assert "Traceback" not in (folder / "worker.log").read_text()
    for name in ("a", "b"):
        assert "Traceback" not in (folder / f"{name}-error.log").read_text()
