"""Start the app (or the naive variant) as a real server process and read its memory.

The server runs in its own process, as in production, so its RSS is the app's alone
and the browser talks to it over real HTTP on 127.0.0.1.
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


def app_command(data_dir: Path, port: int) -> list[str]:
    """The real app, through the same `frontline serve` entry point users run."""
    return [
        sys.executable,
        "-c",
        "import sys; from dashboard.cli import main; sys.exit(main())",
        "serve",
        "--data-dir",
        str(data_dir),
        "--port",
        str(port),
    ]


def naive_command(data_dir: Path, port: int) -> list[str]:
    return [
        sys.executable,
        str(BENCH_DIR / "naive_app.py"),
        "--data-dir",
        str(data_dir),
        "--port",
        str(port),
    ]


@contextlib.contextmanager
def running(variant: str, data_dir: Path, log_path: Path) -> Iterator[Server]:
    """Run one server for the duration of the block; it is always stopped afterwards."""
    port = free_port()
    command = (app_command if variant == "app" else naive_command)(data_dir, port)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        began = time.monotonic()
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
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
