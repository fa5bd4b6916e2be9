"""Benchmark exports: cold and warm single export, a 13-day PNG batch, a 17-frame GIF,
and two exports at once in a server with one gunicorn sync worker.

Cold single export and the batch and GIF are timed as a user runs them, each a new
`frontline export` process (Python start, pack load, Chromium start included), best and
median of `--runs` runs (the machine's load moves single runs by half or more). Warm
single exports are timed in one process whose renderer already runs. The server case
starts two exports, then times page loads and town-panel requests while they render.
Raw numbers go to benchmarks/results/exports.json. See benchmarks/README.md, "Exports".

Usage: python benchmarks/exports.py [--pack NAME_OR_DIR] [--repeat N] [--runs N] [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(1, str(BENCH_DIR.parent / "tests"))

from dash_requests import export_body, export_file, free_port, post, record_body  # noqa: E402

from dashboard.pack.paths import find_pack  # noqa: E402
from dashboard.project import load_project  # noqa: E402
from dashboard.reports.presets import PRESETS  # noqa: E402
from dashboard.reports.renderer import shared_renderer  # noqa: E402
from dashboard.reports.requests import ExportRequest  # noqa: E402

FRONTLINE = [sys.executable, "-m", "dashboard"]
BATCH_DAYS = 13
GIF_FRAMES = 17


def timed_command(*argv: str) -> float:
    started = time.perf_counter()
    subprocess.run([*FRONTLINE, *argv, "--force"], check=True, capture_output=True)
    return time.perf_counter() - started


def cli_cases(pack: str, folder: Path, runs: int) -> dict[str, float]:
    """Each a fresh `frontline export` process, as a user runs it, `runs` times: the
    fastest and the median run, and the load average before each."""
    results: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, seconds in cli_run(pack, folder).items():
            results.setdefault(name, []).append(seconds)
    summary = {}
    for name, times in results.items():
        summary[f"{name}_best"] = min(times)
        summary[f"{name}_median"] = statistics.median(times)
    return summary


def cli_run(pack: str, folder: Path) -> dict[str, float]:
    dates = load_project(find_pack(pack)).timeline.dates
    if len(dates) < GIF_FRAMES:
        raise SystemExit(f"the pack has {len(dates)} days; the GIF case needs {GIF_FRAMES}")
    batch = (dates[-BATCH_DAYS], dates[-1])
    gif = (dates[-GIF_FRAMES], dates[-1])
    common = ("--data-dir", pack)
    return {
        "cold_single_png_s": timed_command(
            "export", *common, "--date", dates[-1].isoformat(), "--format", "png",
            "--out", str(folder / "single.png"),
        ),
        f"batch_{BATCH_DAYS}_png_s": timed_command(
            "export", *common, "--from", batch[0].isoformat(), "--to", batch[1].isoformat(),
            "--format", "png", "--out-dir", str(folder / "batch"),
        ),
        f"gif_{GIF_FRAMES}_frames_s": timed_command(
            "export", *common, "--from", gif[0].isoformat(), "--to", gif[1].isoformat(),
            "--animate", "gif", "--out-dir", str(folder),
        ),
    }  # fmt: skip


def warm_cases(pack: str, repeat: int) -> dict[str, float]:
    """Median seconds of one export (figure, render, bytes) with the renderer warm."""
    project = load_project(find_pack(pack))
    last = len(project.timeline.dates) - 1
    cases = {
        "warm_slide_png_s": ("slide", "png"),
        "warm_print_pdf_s": ("print", "pdf"),
        "warm_svg_s": ("svg", "svg"),
        "warm_square_png_s": ("square", "png"),
    }
    shared_renderer().render({"data": [], "layout": {}}, "png", 100, 100)
    results = {}
    for name, (preset, fmt) in cases.items():
        times = []
        for n in range(repeat + 1):
            request = ExportRequest("day", (last - n % 3,), fmt, PRESETS[preset])
            started = time.perf_counter()
            request.make(project)
            times.append(time.perf_counter() - started)
        results[name] = statistics.median(times[1:])  # the first warms this page size
    return results


def server_case(pack: str) -> dict[str, float]:
    """Two exports at once under one gunicorn sync worker, and what other requests wait."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "-k",
            "sync",
            "dashboard.wsgi:server",
        ],
        env={**os.environ, "FRONTLINE_DATA_DIR": str(find_pack(pack).root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        dates = [day.isoformat() for day in load_project(find_pack(pack)).timeline.dates[:3]]
        export_file(url, dates[0])  # the worker's renderer starts once, as after an export
        started = time.perf_counter()
        jobs = [post(url, export_body(day))["export-job"]["data"] for day in dates[1:]]
        start_s = time.perf_counter() - started
        waits = []
        while True:
            polls = [
                post(url, export_body(dates[1], trigger="export-poll", job=job)) for job in jobs
            ]
            if all("export-ready" in poll for poll in polls):
                break
            asked = time.perf_counter()
            urllib.request.urlopen(url + "/", timeout=60).read()
            post(url, record_body(), timeout=60)
            waits.append(time.perf_counter() - asked)
        both_s = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=20)
    return {
        "server_two_exports_started_s": start_s,
        "server_two_exports_done_s": both_s,
        "server_other_requests_during_renders": len(waits),
        "server_other_request_max_s": max(waits, default=0.0),
        "server_other_request_median_s": statistics.median(waits) if waits else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", default="syria", help="a bundled pack's name or a pack folder")
    parser.add_argument("--repeat", type=int, default=5, help="warm exports per preset")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "exports.json")
    args = parser.parse_args()
    # Other work on the machine shows in every figure: the load is kept with them.
    start_load = [round(value, 2) for value in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as folder:
        (Path(folder) / "batch").mkdir()
        results = cli_cases(args.pack, Path(folder), args.runs)
    results |= warm_cases(args.pack, args.repeat)
    results |= server_case(args.pack)
    meta = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()}, {os.cpu_count()} cores, {platform.platform()}",
        "load_average_at_start_1_5_15": start_load,
        "load_average_at_end_1_5_15": [round(value, 2) for value in os.getloadavg()],
        "pack": args.pack,
    }
    for name, value in results.items():
        print(f"{name:40} {value:8.2f}")
    end_load = meta["load_average_at_end_1_5_15"]
    print(f"load average (1, 5, 15 min) at start {start_load}, at end {end_load}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({**meta, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
