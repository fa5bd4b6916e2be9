"""Benchmark the real app against a naive whole-figure variant, in headless Chromium.

For each case (a pack: a bundled one by name, or any pack folder; a synthetic
5,000-area record) and each variant (the app as shipped, whose steps run in the
browser; `naive_app.py`, resending the whole figure from the server) this starts the
server in a subprocess, loads the page in a fresh Chromium, presses the slider's arrow
keys and prints bytes and milliseconds per step, the initial payload and server memory.
Raw numbers go to benchmarks/results/latest.json. See benchmarks/README.md.

Usage: python benchmarks/run.py [--case bundled|scale|all|PACK_NAME ...] [--pack NAME_OR_DIR ...]
                                [--steps N] [--naive-steps N] [--start-date YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(1, str(BENCH_DIR.parent))

import servers  # noqa: E402
from dashboard.figures.map_figure import AREAS, format_day  # noqa: E402
from make_scale_data import write_scale_data  # noqa: E402

import browser  # noqa: E402
from dashboard.pack.paths import (  # noqa: E402
    DEFAULT_PACK,
    PackNotFound,
    PackPaths,
    bundled_packs,
    find_pack,
)
from dashboard.project import Project, load_project  # noqa: E402

RESULTS_DIR = BENCH_DIR / "results"
WARMUP_STEPS = 2
PROFILE_STEPS = 8
SCALE_NAIVE_STEPS = 12
TARGETS = {
    "step_requests": 0,
    "initial_wire_bytes": 1_200_000,
    "first_map_ms": 1_500.0,
    # In map frames of the same run (software WebGL here); any real pack (bundled or a
    # folder) gets the bundled target, the scale case its own.
    "p95_frames": {"pack": 2.0, "scale": 3.0},
}
LOAD_TIMEOUT_S = {"app": 120.0, "naive": 240.0}
STEP_TIMEOUT_MS = {"app": 20_000, "naive": 60_000}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: a value that was really observed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else math.nan


def day_sequence(start: int, last: int, steps: int) -> list[tuple[str, int]]:
    """Arrow keys walking left to day 0 then right to the end and back: (key, new day)."""
    keys, day, direction = [], start, -1 if start > 0 else 1
    for _ in range(steps):
        if not 0 <= day + direction <= last:
            direction = -direction
        day += direction
        keys.append(("ArrowLeft" if direction < 0 else "ArrowRight", day))
    return keys


def step_row(raw: dict) -> dict:
    """One step's numbers: total latency and where it went (page clock, ms)."""
    resources = raw["resources"] or [
        {
            "start": math.nan,
            "requestStart": math.nan,
            "responseStart": math.nan,
            "responseEnd": math.nan,
        }
    ]
    last_end = max(r["responseEnd"] for r in resources)
    map_react = raw["reacts"][0] if raw["reacts"] else None
    return {
        "day": raw["day"],
        "ms": raw["doneAt"] - raw["t0"] if raw["doneAt"] is not None else math.nan,
        "data_ms": raw["dataAt"] - raw["t0"] if raw["dataAt"] is not None else math.nan,
        "to_request_ms": min(r["start"] for r in resources) - raw["t0"],
        "server_ms": max(r["responseStart"] - r["requestStart"] for r in resources),
        "transfer_ms": max(r["responseEnd"] - r["responseStart"] for r in resources),
        "client_ms": (raw["doneAt"] or math.nan) - last_end,
        "plotly_sync_ms": map_react["syncEnd"] - map_react["start"] if map_react else math.nan,
        "settled_ms": (raw["settledAt"] or math.nan) - raw["t0"],
        "wire_bytes": sum(r["wire_bytes"] for r in raw["requests"]),
        "decoded_bytes": sum(r["decoded_bytes"] for r in raw["requests"]),
        "post_bytes": sum(r["post_bytes"] for r in raw["requests"]),
        "update_requests": len(raw["requests"]),
        "encodings": sorted({r["encoding"] or "identity" for r in raw["requests"]}),
        "repainted": raw["repainted"],
        "timed_out": raw["timedOut"],
        "same_map": raw["sameMap"],
        "renders": raw["renders"],
    }


def summarize_steps(rows: list[dict]) -> dict:
    ok = [row for row in rows if not row["timed_out"]]
    ms = [row["ms"] for row in ok]

    def median(key: str) -> float:
        values = [row[key] for row in ok if not math.isnan(row[key])]
        return statistics.median(values) if values else math.nan

    return {
        "steps": len(rows),
        "timeouts": len(rows) - len(ok),
        "not_repainted": sum(1 for row in ok if not row["repainted"]),
        "map_recreated": sum(1 for row in ok if not row["same_map"]),
        "ms_median": statistics.median(ms) if ms else math.nan,
        "ms_p95": percentile(ms, 0.95),
        "ms_max": max(ms) if ms else math.nan,
        "settled_ms_p95": percentile([row["settled_ms"] for row in ok], 0.95),
        **{
            f"{key}_median": median(key)
            for key in (
                "data_ms",
                "to_request_ms",
                "server_ms",
                "transfer_ms",
                "client_ms",
                "plotly_sync_ms",
                "settled_ms",
                "wire_bytes",
                "decoded_bytes",
                "post_bytes",
                "update_requests",
                "renders",
            )
        },
        "wire_bytes_max": max((row["wire_bytes"] for row in ok), default=0),
        "max_update_requests": max((row["update_requests"] for row in rows), default=0),
        "encodings": sorted({e for row in ok for e in row["encodings"]}),
    }


def run_variant(
    variant: str,
    case: str,
    data_dir: Path,
    project: Project,
    steps: int,
    start_date: dt.date | None = None,
) -> dict:
    """One server + one fresh browser: page load, warm-up, measured steps, memory.

    With `start_date` the slider is moved there (untimed, after the initial payload and
    the map frame are measured) and the walk starts from that day instead of the last.
    """
    log = RESULTS_DIR / f"server-{case}-{variant}.log"
    print(f"[{case}/{variant}] starting server …", flush=True)
    with servers.running(variant, data_dir, log) as server:
        memory_start = servers.memory(server)
        driver = browser.open_browser()
        try:
            load = browser.load_page(driver, server.url, LOAD_TIMEOUT_S[variant])
            print(
                f"[{case}/{variant}] page loaded, first map {load['first_map_ms']:.0f} ms; "
                f"{steps} steps …",
                flush=True,
            )
            frame = browser.frame_ms(driver)
            load_avg = {"start": os.getloadavg()}
            if start_date is not None:
                day = project.timeline.day_index(start_date)
                heading = f"End of {format_day(project.timeline.dates[day])}"
                browser.go_to_day(driver, day, heading, LOAD_TIMEOUT_S[variant])
            raw_steps = _walk(driver, project, variant, steps + WARMUP_STEPS)
            profile = _profile(driver, project, variant) if variant == "app" else None
            load_avg["end"] = os.getloadavg()
        finally:
            driver.quit()
        memory_end = servers.memory(server)
    rows = [step_row(raw) for raw in raw_steps]
    measured_days = [row["day"] for row in rows[WARMUP_STEPS:]]
    return {
        "server_start_s": server.started_s,
        "load": load,
        "frame_ms": frame,
        "load_avg": load_avg,
        "measured_days": [min(measured_days), max(measured_days)] if measured_days else None,
        "memory_start": memory_start,
        "memory_end": memory_end,
        "summary": summarize_steps(rows[WARMUP_STEPS:]),
        "cpu_profile": profile,
        "steps": rows,
    }


def _profile(driver, project: Project, variant: str) -> dict:
    """Extra steps under the CPU profiler (not in the timings: sampling slows the page)."""
    browser.start_cpu_profile(driver)
    raw = _walk(driver, project, variant, PROFILE_STEPS)
    profile = browser.stop_cpu_profile(driver)
    profile["steps"] = len(raw)
    profile["wall_ms"] = sum(step["end"] - step["t0"] for step in raw)
    return profile


def _walk(driver, project: Project, variant: str, count: int) -> list[dict]:
    timeline = project.timeline
    start = browser.slider_value(driver)
    results = []
    for key, day in day_sequence(start, len(timeline.dates) - 1, count):
        heading = f"End of {format_day(timeline.dates[day])}"
        expected = timeline.area_codes[day].tolist()
        raw = browser.step(driver, key, heading, day, expected, AREAS, STEP_TIMEOUT_MS[variant])
        results.append(raw | {"day": day})
    return results


def run_case(
    case: str, data_dir: Path, steps: int, naive_steps: int, start_date: dt.date | None = None
) -> dict:
    began = time.monotonic()
    project = load_project(PackPaths.in_dir(data_dir))
    result = {
        "data": {
            "dir": str(data_dir),
            "areas": len(project.timeline.areas.area_ids),
            "towns": len(project.record.towns),
            "changes": len(project.record.changes),
            "days": len(project.timeline.dates),
        },
        "app": run_variant("app", case, data_dir, project, steps, start_date),
        "naive": run_variant("naive", case, data_dir, project, naive_steps, start_date),
    }
    app, naive = result["app"]["summary"], result["naive"]["summary"]
    result["ratio_naive_to_app"] = {
        "wire_bytes_per_step": naive["wire_bytes_median"] / app["wire_bytes_median"]
        if app["wire_bytes_median"]
        else math.inf,
        "ms_per_step": naive["ms_median"] / app["ms_median"],
    }
    result["targets"] = _targets(case, result["app"])
    result["elapsed_s"] = time.monotonic() - began
    return result


def _targets(case: str, app: dict) -> dict:
    summary = app["summary"]
    frames = TARGETS["p95_frames"]["scale" if case == "scale" else "pack"]
    return {
        "requests/step=0": summary["max_update_requests"] <= TARGETS["step_requests"],
        f"p95<={frames:.0f} frames": summary["ms_p95"] / app["frame_ms"] <= frames,
        "initial<=1.2MB": app["load"]["wire_bytes"] <= TARGETS["initial_wire_bytes"],
        "first map<=1.5s": app["load"]["first_map_ms"] <= TARGETS["first_map_ms"],
    }


def _machine() -> dict:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        model = names[0] if names else model
    import psutil

    return {
        "cpu": model,
        "cores": psutil.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def resolve_cases(cases: list[str] | None, packs: list[str] | None) -> dict[str, Path | None]:
    """Case name -> pack folder, in run order; None stands for the synthetic scale pack.

    `bundled` is the default bundled pack (its name as the case, as in earlier runs);
    `all` is every bundled pack plus the scale case; any other name or folder is found
    as `frontline serve --data-dir` finds it (`find_pack`). Nothing asked: `all`.
    """
    wanted = list(cases or [])
    if not wanted and not packs:
        wanted = ["all"]
    resolved: dict[str, Path | None] = {}
    for case in wanted:
        if case == "all":
            resolved |= {name: root for name, root in bundled_packs().items()}
            resolved["scale"] = None
        elif case == "scale":
            resolved["scale"] = None
        elif case == "bundled":
            resolved["bundled"] = find_pack(DEFAULT_PACK).root
        else:
            resolved[case] = find_pack(case).root
    for spec in packs or []:
        root = find_pack(spec).root
        name, n = root.name, 1
        while name in resolved:
            n += 1
            name = f"{root.name}-{n}"
        resolved[name] = root
    return resolved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--case",
        action="append",
        metavar="CASE",
        help="bundled (the default pack), scale, all (every bundled pack, then scale), or a "
        f"bundled pack's name ({', '.join(bundled_packs())}); repeatable; default: all",
    )
    parser.add_argument(
        "--pack",
        action="append",
        metavar="NAME_OR_DIR",
        help="a pack folder or a bundled pack's name, served alone as `frontline serve "
        "--data-dir` does; repeatable; the case is named after the folder",
    )
    parser.add_argument("--steps", type=int, default=50, help="measured steps per case (app)")
    parser.add_argument(
        "--naive-steps",
        type=int,
        default=None,
        help=f"measured naive steps (default: --steps on packs, "
        f"{SCALE_NAIVE_STEPS} on the scale case)",
    )
    parser.add_argument(
        "--start-date",
        type=dt.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="walk from this day (moved to untimed, after the page load) instead of the "
        "last day of the period; every case must have the day",
    )
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.json")
    args = parser.parse_args(argv)
    try:
        cases = resolve_cases(args.case, args.pack)
    except PackNotFound as error:
        parser.error(str(error))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    report = {"machine": _machine(), "args": vars(args) | {"out": str(args.out)}, "cases": {}}
    for case, data_dir in cases.items():
        if data_dir is not None:
            naive = args.naive_steps or args.steps
            report["cases"][case] = run_case(case, data_dir, args.steps, naive, args.start_date)
            continue
        naive = args.naive_steps or min(args.steps, SCALE_NAIVE_STEPS)
        with tempfile.TemporaryDirectory(prefix="frontline-scale-") as tmp:
            print("[scale] writing the synthetic pack and building its layers …", flush=True)
            write_scale_data(Path(tmp))
            report["cases"]["scale"] = run_case(
                "scale", Path(tmp), args.steps, naive, args.start_date
            )
    args.out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    from report import print_report

    print_report(report)
    print(f"\nraw numbers: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
