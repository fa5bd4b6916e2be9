"""The three things the benchmark serves, each as a real process on 127.0.0.1:

- the published site: `frontline publish` into a folder, served by `python -m
  http.server` (no compression, as the simplest static host);
- the app: `frontline serve --pack PACK`;
- the naive peer: `naive_app.py --data-dir PACK`.

Each runs in its own process, so its memory is its own and the browser talks to it over
real HTTP.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
START_TIMEOUT = 180.0
STOP_TIMEOUT = 10.0
CLI = [sys.executable, "-m", "dashboard"]


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen
    url: str
    started_s: float


def free_port() -> int:
    """A port nobody listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def publish(data_dir: Path, out: Path) -> float:
    """`frontline publish --pack DATA_DIR OUT`, as a user runs it; seconds it took."""
    began = time.monotonic()
    subprocess.run(
        [*CLI, "publish", "--pack", str(data_dir), str(out)],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )
    return time.monotonic() - began


def command(variant: str, target: Path, port: int) -> list[str]:
    """The server of a variant: `site` serves the published folder `target`, `app` and
    `naive` serve the pack in `target`."""
    if variant == "site":
        return [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(target),
        ]
    if variant == "app":
        return [*CLI, "serve", "--pack", str(target), "--port", str(port)]
    if variant == "naive":
        script = str(BENCH_DIR / "naive_app.py")
        return [sys.executable, script, "--data-dir", str(target), "--port", str(port)]
    raise ValueError(f"unknown variant {variant!r}")


@contextlib.contextmanager
def running(variant: str, target: Path, log_path: Path) -> Iterator[Server]:
    """Run one server for the duration of the block; it is always stopped afterwards."""
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        began = time.monotonic()
        process = subprocess.Popen(
            command(variant, target, port),
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            _wait_ready(process, url, log_path)
            yield Server(process, url, time.monotonic() - began)
        finally:
            _stop(process)


def _wait_ready(process: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"server not ready after {START_TIMEOUT:.0f} s; see {log_path}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT)


def memory(server: Server) -> dict[str, float]:
    """RSS now and the peak RSS (VmHWM) of the server process, in MiB."""
    info = psutil.Process(server.process.pid)
    rss = info.memory_info().rss
    peak = rss
    with contextlib.suppress(OSError, ValueError, IndexError):
        status = Path(f"/proc/{server.process.pid}/status").read_text()
        lines = [line for line in status.splitlines() if line.startswith("VmHWM:")]
        peak = int(lines[0].split()[1]) * 1024 if lines else rss
    return {"rss_mib": rss / 2**20, "peak_rss_mib": peak / 2**20}
