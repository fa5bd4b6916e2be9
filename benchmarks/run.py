"""Benchmark the reader (published page and app) against the naive Dash peer, in Chromium.

For each case (a pack: a bundled one by name, or any pack folder; the synthetic
5,000-area pack) this publishes the pack with `frontline publish` and serves the folder
with `python -m http.server` (variant `site`), opens the same folder as `file://`
(`file`), runs `frontline serve --pack` (`app`) and `naive_app.py` (`naive`, a Dash page
that resends the whole Plotly figure on every step), each in its own process and a
fresh headless Chromium, and measures the time to the first map, the bytes and requests
of the page load, and slider steps in milliseconds and in map frames. It prints one
table with the targets of issue 18 and writes every number to
benchmarks/results/latest.json. See benchmarks/README.md.

Usage: python benchmarks/run.py [--case syria|sudan|scale|all|bundled ...] [--pack DIR ...]
                                [--steps N] [--naive-steps N] [--loads N] [--profile]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(1, str(BENCH_DIR.parent))

import servers  # noqa: E402
from make_scale_data import write_scale_data  # noqa: E402
from naive_app import heading  # noqa: E402

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
REPO = BENCH_DIR.parent
VARIANTS = ("site", "file", "app", "naive")
KIND = {"site": "reader", "file": "reader", "app": "reader", "naive": "naive"}
WARMUP_STEPS = 2
SCALE_NAIVE_STEPS = 6
GZIP_LEVEL = 6  # what a CDN or nginx's gzip sends by default
# Issue 18, on this machine, in the same run.
TARGETS = {
    "site_first_map_ratio": 0.35,  # of the naive peer's time to first map
    "app_first_map_ratio": 0.5,
    "site_gzip_bytes": 500_000,  # Syria, glyphs included
    "step_p95_frames": 2.0,
    "step_requests": 0,
}
GZIP_TARGET_CASES = ("syria", "bundled")
LOAD_TIMEOUT_S = {"reader": 120.0, "naive": 240.0}
STEP_TIMEOUT_MS = {"reader": 20_000, "naive": 60_000}


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: a value that was really observed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else math.nan


def busiest_start(project: Project, steps: int) -> int:
    """The day to walk left from: the end of the stretch of `steps` days on which the
    most areas changed (the last such stretch), so a step has something to paint; the
    last day when the period is no longer than the walk."""
    timeline = project.timeline
    last = len(timeline.dates) - 1
    if last <= steps:
        return last
    changed = [len(timeline.changed_areas(day)) for day in range(last + 1)]
    best, best_end = -1, last
    window = sum(changed[last - steps + 1 : last + 1])
    for end in range(last, steps - 1, -1):
        if window > best:
            best, best_end = window, end
        window += changed[end - steps] - changed[end]
    return best_end


def day_sequence(start: int, last: int, steps: int) -> list[tuple[str, int]]:
    """Arrow keys walking left to day 0, then right to the end, and back: (key, new day)."""
    keys, day, direction = [], start, -1 if start > 0 else 1
    for _ in range(steps):
        if not 0 <= day + direction <= last:
            direction = -direction
        day += direction
        keys.append(("ArrowLeft" if direction < 0 else "ArrowRight", day))
    return keys


def run_variant(
    variant: str,
    case: str,
    target: Path,
    project: Project,
    args: argparse.Namespace,
    site_dir: Path,
) -> dict:
    """Page loads (each in a fresh browser), then, in the first browser, one map frame
    and the slider steps. `file` has no server and no steps."""
    kind = KIND[variant]
    steps = 0 if variant == "file" else args.steps if kind == "reader" else args.naive_steps_for
    began = time.monotonic()
    result: dict = {"variant": variant, "load_avg": {"start": os.getloadavg()}}
    print(f"[{case}/{variant}] load average {result['load_avg']['start'][0]:.2f}", flush=True)
    log = RESULTS_DIR / f"server-{case}-{variant}.log"
    with _serving(variant, target, log) as server:
        url = f"{site_dir.as_uri()}/index.html" if server is None else server.url
        if variant == "site":
            url += "index.html"
        result["server_start_s"] = server.started_s if server else None
        loads = []
        for number in range(args.loads):
            driver = browser.open_browser()
            try:
                load = browser.load_page(driver, url, LOAD_TIMEOUT_S[kind])
                loads.append(load)
                print(
                    f"[{case}/{variant}] load {number + 1}: first map "
                    f"{load['first_map_ms']:,.0f} ms",
                    flush=True,
                )
                if number == 0 and steps:
                    result |= _steps(driver, kind, project, steps, args)
            finally:
                driver.quit()
        result["memory"] = servers.memory(server) if server else None
    result["loads"] = [_load_summary(load, variant, site_dir) for load in loads]
    result["load"] = result["loads"][0]
    firsts = [load["first_map_ms"] for load in result["loads"]]
    result["first_map_ms"] = statistics.median(firsts)
    result["first_map_range_ms"] = [min(firsts), max(firsts)]
    result["load_avg"]["end"] = os.getloadavg()
    if args.profile:
        result["trace"] = _trace(variant, target, site_dir, url, result["first_map_ms"], case)
    result["elapsed_s"] = time.monotonic() - began
    return result


def _serving(variant: str, target: Path, log: Path):
    if variant == "file":
        import contextlib

        return contextlib.nullcontext(None)
    return servers.running(variant, target, log)


def _steps(driver, kind: str, project: Project, steps: int, args: argparse.Namespace) -> dict:
    """One map frame, then the walk: warm-up steps, then `steps` measured ones."""
    timeline = project.timeline
    frames = browser.frame_samples(driver, kind)
    start = args.start_for
    if browser.slider_value(driver, kind) != start:
        iso = timeline.dates[start].isoformat()
        browser.go_to_day(driver, kind, start, iso, LOAD_TIMEOUT_S[kind])
    raw = []
    for key, day in day_sequence(start, len(timeline.dates) - 1, steps + WARMUP_STEPS):
        z = timeline.area_codes[day].tolist() if kind == "naive" else []
        timing = browser.step(
            driver, kind, key, day, heading(project, day), z, STEP_TIMEOUT_MS[kind]
        )
        raw.append(timing | {"day": day})
    # The frame is measured before and after the walk: the machine's load moves it.
    frames += browser.frame_samples(driver, kind)
    frame = statistics.median(frames)
    profile = None
    if args.profile and kind == "reader":
        browser.start_cpu_profile(driver)
        for key, day in day_sequence(raw[-1]["day"], len(timeline.dates) - 1, 8):
            browser.step(driver, kind, key, day, "", [], STEP_TIMEOUT_MS[kind])
        profile = browser.stop_cpu_profile(driver)
    rows = [_step_row(timing) for timing in raw]
    measured = rows[WARMUP_STEPS:]
    days = [row["day"] for row in measured]
    return {
        "frame_ms": frame,
        "frame_samples_ms": frames,
        "walk": {"start": start, "days": [min(days), max(days)] if days else None},
        "summary": _summarize(measured, frame),
        "steps": rows,
        "step_profile": profile,
    }


def _step_row(raw: dict) -> dict:
    done = raw["doneAt"]
    return {
        "day": raw["day"],
        "ms": done - raw["t0"] if done is not None and raw["t0"] is not None else math.nan,
        "idle_ms": raw["idleAt"] - raw["t0"] if raw["idleAt"] is not None else math.nan,
        "to_map_ms": raw["dataAt"] - raw["t0"] if raw["dataAt"] is not None else math.nan,
        "settled_ms": (raw["settledAt"] or math.nan) - (raw["t0"] or math.nan),
        "repainted": raw["repainted"],
        "renders": raw["renders"],
        "timed_out": raw["timedOut"],
        "plotly_sync_ms": raw["plotlySyncMs"],
        "requests": len(raw["requests"]),
        "wire_bytes": sum(r["wire_bytes"] for r in raw["requests"]),
        "request_urls": sorted({urlparse(r["url"]).path for r in raw["requests"]}),
    }


def _summarize(rows: list[dict], frame: float) -> dict:
    ok = [row for row in rows if not row["timed_out"] and not math.isnan(row["ms"])]
    ms = [row["ms"] for row in ok]
    wire = [row["wire_bytes"] for row in ok]
    return {
        "steps": len(rows),
        "timeouts": len(rows) - len(ok),
        "repainted": sum(1 for row in ok if row["repainted"]),
        "ms_median": statistics.median(ms) if ms else math.nan,
        "ms_p95": percentile(ms, 0.95),
        "ms_max": max(ms) if ms else math.nan,
        "frames_median": (statistics.median(ms) if ms else math.nan) / frame,
        "frames_p95": percentile(ms, 0.95) / frame,
        "to_map_ms_median": statistics.median([r["to_map_ms"] for r in ok]) if ok else math.nan,
        "idle_ms_median": _median([r["idle_ms"] for r in ok]),
        "settled_ms_median": statistics.median([r["settled_ms"] for r in ok]) if ok else math.nan,
        "renders_median": statistics.median([r["renders"] for r in ok]) if ok else math.nan,
        "renders_p95": percentile([r["renders"] for r in ok], 0.95),
        "requests_max": max((row["requests"] for row in rows), default=0),
        "requests_median": statistics.median([r["requests"] for r in rows]) if rows else 0,
        "wire_bytes_median": statistics.median(wire) if wire else 0,
        "request_paths": sorted({path for row in rows for path in row["request_urls"]}),
    }


def _median(values: list[float]) -> float:
    kept = [value for value in values if not math.isnan(value)]
    return statistics.median(kept) if kept else math.nan


def _kind(path: str) -> str:
    """What a loaded file is, by its path."""
    if "/glyphs/" in path:
        return "glyphs"
    if "/data/geo" in path:
        return "geometry"
    if "/data/tables" in path:
        return "step tables"
    if "/data/" in path:
        return "other data"
    if "_dash-layout" in path or "_dash-dependencies" in path:
        return "dash layout"
    if "_dash-update-component" in path:
        return "callbacks"
    if path.endswith(".js"):
        return "javascript"
    if path.endswith(".css"):
        return "css"
    return "page"


def _load_summary(load: dict, variant: str, site_dir: Path) -> dict:
    """Totals of one page load. `gzip_bytes`: for the site, each file's body replaced by
    its gzip (level 6) size, headers kept (what a CDN with gzip sends); for the app and
    the naive peer, what crossed the wire (they were asked for gzip only)."""
    files = []
    for request in load["requests"]:
        path = urlparse(request["url"]).path
        body_gzip = None
        if variant in ("site", "file"):
            local = _local_file(request["url"], site_dir)
            if local is not None:
                body = local.read_bytes()
                body_gzip = len(gzip.compress(body, GZIP_LEVEL, mtime=0))
                headers = max(0, request["wire_bytes"] - len(body))
                gzip_bytes = headers + body_gzip
            else:
                gzip_bytes = request["wire_bytes"]
        else:
            gzip_bytes = request["wire_bytes"]
        files.append(
            {
                "path": path if variant != "file" else Path(path).name,
                "kind": _kind(path),
                "wire_bytes": request["wire_bytes"],
                "decoded_bytes": request["decoded_bytes"],
                "gzip_bytes": gzip_bytes,
                "encoding": request["encoding"],
                "failed": request["failed"] or request["status"] >= 400,
            }
        )
    by_kind: dict[str, int] = {}
    for file in files:
        by_kind[file["kind"]] = by_kind.get(file["kind"], 0) + file["gzip_bytes"]
    return {
        "first_map_ms": load["first_map_ms"],
        "ready_ms": load["ready_ms"],
        "first_map_frame_ms": load["first_map_frame_ms"],
        "milestones_ms": _milestones(load),
        "dom_content_loaded_ms": load["dom_content_loaded_ms"],
        "load_event_ms": load["load_event_ms"],
        "requests": len(files),
        "failed": [file["path"] for file in files if file["failed"]],
        "wire_bytes": sum(file["wire_bytes"] for file in files),
        "decoded_bytes": sum(file["decoded_bytes"] for file in files),
        "gzip_bytes": sum(file["gzip_bytes"] for file in files),
        "gzip_by_kind": dict(sorted(by_kind.items(), key=lambda item: -item[1])),
        "files": sorted(files, key=lambda file: -file["gzip_bytes"]),
        "resources": load["resources"],
    }


def _milestones(load: dict) -> dict | None:
    """The reader's map until the first map: made, first frame, each source's tiles
    loaded ('sourcedata' with the source loaded), MapLibre's 'load', and the frames
    rendered on the way."""
    if load["map_created_ms"] is None:
        return None
    events = load["map_events"]
    renders = [time for time, kind, _ in events if kind == "render"]
    loaded = {}
    for time_ms, kind, detail in events:
        if kind == "sourcedata" and detail.endswith(" loaded"):
            loaded.setdefault(detail.removesuffix(" loaded"), time_ms)
    return {
        "map made": load["map_created_ms"],
        "first frame": renders[0] if renders else None,
        **{f"{source} loaded": time_ms for source, time_ms in loaded.items()},
        "load": load["ready_ms"],
        "first map": load["first_map_ms"],
        "renders": load["renders_before_first_map"],
    }


def _local_file(url: str, site_dir: Path) -> Path | None:
    """The published file a site URL (http or file) stands for."""
    parsed = urlparse(url)
    path = unquote(parsed.path)
    if parsed.scheme == "file":
        local = Path(path)
    elif parsed.scheme in ("http", "https"):
        local = site_dir / path.lstrip("/")
    else:
        return None
    return local if local.is_file() else None


def _trace(
    variant: str, target: Path, site_dir: Path, url: str, first_map_ms: float, case: str
) -> dict | None:
    """A performance trace of one more cold load: where the time to first map goes."""
    import trace_load

    log = RESULTS_DIR / f"server-{case}-{variant}-trace.log"
    print(f"[{case}/{variant}] tracing one more page load …", flush=True)
    with _serving(variant, target, log) as server:
        if server is not None:
            url = server.url + ("index.html" if variant == "site" else "")
        try:
            return trace_load.trace(url, first_map_ms, RESULTS_DIR / f"trace-{case}-{variant}.json")
        except (TimeoutError, RuntimeError) as error:
            print(f"[{case}/{variant}] trace failed: {error}", flush=True)
            return None


def run_case(case: str, data_dir: Path, args: argparse.Namespace) -> dict:
    began = time.monotonic()
    project = load_project(PackPaths.in_dir(data_dir))
    timeline = project.timeline
    args.naive_steps_for = args.naive_steps or (
        min(args.steps, SCALE_NAIVE_STEPS) if case == "scale" else args.steps
    )
    args.start_for = (
        timeline.day_index(args.start_date)
        if args.start_date
        else busiest_start(project, args.steps + WARMUP_STEPS)
    )
    result: dict = {
        "data": {
            "dir": str(data_dir),
            "areas": len(timeline.areas.area_ids),
            "towns": len(project.record.towns),
            "changes": len(project.record.changes),
            "days": len(timeline.dates),
        }
    }
    wanted = [variant for variant in VARIANTS if variant in args.variants]
    with tempfile.TemporaryDirectory(prefix=f"frontline-site-{case}-") as tmp:
        site_dir = Path(tmp) / "site"
        print(f"[{case}] frontline publish …", flush=True)
        result["publish_s"] = servers.publish(data_dir, site_dir)
        result["site_files"] = _site_files(site_dir)
        for variant in wanted:
            target = site_dir if variant in ("site", "file") else data_dir
            result[variant] = run_variant(variant, case, target, project, args, site_dir)
    result["targets"] = targets(case, result)
    result["elapsed_s"] = time.monotonic() - began
    return result


def _site_files(site_dir: Path) -> dict:
    files = [path for path in site_dir.rglob("*") if path.is_file()]
    return {
        "count": len(files),
        "bytes": sum(path.stat().st_size for path in files),
    }


def targets(case: str, result: dict) -> list[dict]:
    """Each target of issue 18: the figure, the limit and whether it was met."""
    checks = []
    naive = result.get("naive")

    def check(name: str, value: float, limit: float, unit: str) -> None:
        met = not math.isnan(value) and value <= limit
        checks.append({"target": name, "value": value, "limit": limit, "unit": unit, "met": met})

    for variant, ratio in (("site", "site_first_map_ratio"), ("app", "app_first_map_ratio")):
        if variant in result and naive:
            value = result[variant]["first_map_ms"] / naive["first_map_ms"]
            check(f"{variant}: first map / naive's", value, TARGETS[ratio], "x")
    if "site" in result and case in GZIP_TARGET_CASES:
        value = result["site"]["load"]["gzip_bytes"]
        check("site: page load, gzip", value, TARGETS["site_gzip_bytes"], "bytes")
    for variant in ("site", "app"):
        summary = result.get(variant, {}).get("summary")
        if summary:
            check(
                f"{variant}: step p95", summary["frames_p95"], TARGETS["step_p95_frames"], "frames"
            )
            check(f"{variant}: requests per step", summary["requests_max"], 0, "requests")
    return checks


def _machine() -> dict:
    def run(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, cwd=REPO).stdout
        except OSError:
            return ""

    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in run("lscpu").splitlines()
            if line.startswith("Model name")
        ),
        "unknown",
    )
    import psutil

    commit = run("git", "rev-parse", "--short", "HEAD").strip()
    dirty = bool(
        run("git", "status", "--porcelain", "--", "dashboard", "browser", "assets").strip()
    )
    return {
        "cpu": model,
        "nproc": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "chromium": run(browser.CHROMIUM, "--version").strip(),
        "python": platform.python_version(),
        "commit": commit + (" (modified)" if dirty else ""),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def resolve_cases(cases: list[str] | None, packs: list[str] | None) -> dict[str, Path | None]:
    """Case name -> pack folder, in run order; None stands for the synthetic scale pack.

    `bundled` is the default bundled pack; `all` is every bundled pack plus the scale
    case (the default); any other name or folder is found as `frontline serve --pack`
    finds it (`find_pack`)."""
    wanted = list(cases or [])
    if not wanted and not packs:
        wanted = ["all"]
    resolved: dict[str, Path | None] = {}
    for case in wanted:
        if case == "all":
            resolved |= dict(bundled_packs().items())
            resolved["scale"] = None
        elif case == "scale":
            resolved["scale"] = None
        elif case == "bundled":
            resolved[DEFAULT_PACK] = find_pack(DEFAULT_PACK).root
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
        help="a pack folder or a bundled pack's name; repeatable; the case is named after it",
    )
    parser.add_argument("--steps", type=int, default=30, help="measured steps of the reader")
    parser.add_argument(
        "--naive-steps",
        type=int,
        default=None,
        help=f"measured steps of the naive peer (default: --steps; "
        f"{SCALE_NAIVE_STEPS} on the scale case)",
    )
    parser.add_argument(
        "--loads", type=int, default=3, help="cold page loads per variant (median reported)"
    )
    parser.add_argument(
        "--variant",
        action="append",
        dest="variants",
        choices=VARIANTS,
        help="only these variants (repeatable; default: all four)",
    )
    parser.add_argument(
        "--start-date",
        type=dt.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="walk from this day (default: the end of the busiest stretch of the period)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also trace one more page load per variant and sample 8 reader steps",
    )
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.json")
    args = parser.parse_args(argv)
    args.variants = args.variants or list(VARIANTS)
    try:
        cases = resolve_cases(args.case, args.pack)
    except PackNotFound as error:
        parser.error(str(error))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    report = {"machine": _machine(), "args": _args(args), "cases": {}}
    for case, data_dir in cases.items():
        if data_dir is not None:
            report["cases"][case] = run_case(case, data_dir, args)
            continue
        with tempfile.TemporaryDirectory(prefix="frontline-scale-") as tmp:
            print("[scale] writing the synthetic pack and building its layers …", flush=True)
            write_scale_data(Path(tmp))
            report["cases"]["scale"] = run_case("scale", Path(tmp), args)
    report["elapsed_s"] = time.monotonic() - began
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    from report import print_report

    print_report(report)
    print(f"\nraw numbers: {args.out}")
    return 0


def _args(args: argparse.Namespace) -> dict:
    return {
        key: str(value) if isinstance(value, (Path, dt.date)) else value
        for key, value in vars(args).items()
        if not key.endswith("_for")
    }


if __name__ == "__main__":
    raise SystemExit(main())
