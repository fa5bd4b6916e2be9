"""Where the time to first map goes: one cold page load under Chrome's tracing.

Chromium is started with startup tracing (`--trace-startup`, JSON), so the trace covers
the browser's start, the page load and the first map; the page probe marks `frontline:
ready` and the first map (`performance.mark`), which places the page's navigation start
in the trace. Between navigation start and the first map this sums, per thread, the
time spent in tasks, and splits the page's main thread and the workers by what the
time was spent on (script compile, script run by file, garbage collection, style and
layout, paint) and the GPU process (where SwiftShader runs WebGL in software here).
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from pathlib import Path

import browser

MAIN = "CrRendererMain"
# Event names, by what the time was spent on (self time, nested events subtracted).
COMPILE = ("compile", "Compile", "parseOnBackground", "ParseProgram", "ParseFunction")
GC = ("GC", "gc", "Scavenge", "MarkCompact", "Sweep")
STYLE = ("UpdateLayoutTree", "Layout", "RecalculateStyles", "ParseAuthorStyleSheet", "HitTest")
PAINT = ("Paint", "PrePaint", "Commit", "Layerize", "UpdateLayer", "Composite", "Raster")
SCRIPT = (
    "v8.callFunction",
    "FunctionCall",
    "EvaluateScript",
    "v8.evaluateModule",
    "v8.run",
    "RunMicrotasks",
    "TimerFire",
    "FireAnimationFrame",
    "EventDispatch",
    "V8.Execute",
    "v8.execute",
    "V8.BytecodeBudgetInterrupt",
    "V8.StackGuard",
)
BUCKETS = (
    ("script compile", COMPILE),
    ("garbage collection", GC),
    ("style and layout", STYLE),
    ("paint and commit", PAINT),
    ("HTML parse", ("ParseHTML",)),
    ("script run", SCRIPT),
)


def trace(url: str, first_map_ms: float, out: Path) -> dict:
    """Load `url` once in a fresh, tracing Chromium; summary of where the time went.

    The trace runs for a fixed time from the browser's start, long enough for a load
    about three times slower than `first_map_ms` (tracing slows the page)."""
    seconds = math.ceil(3 * first_map_ms / 1000) + 8
    out.unlink(missing_ok=True)
    flags = (
        f"--trace-startup={browser.TRACE_CATEGORIES}",
        f"--trace-startup-file={out}",
        f"--trace-startup-duration={seconds}",
        "--trace-startup-format=json",
    )
    driver = browser.open_browser(extra_flags=flags)
    began = time.monotonic()
    try:
        driver.get(url)
        browser.wait_first_map(driver, seconds)
        deadline = began + seconds + 30
        while not _complete(out) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        driver.quit()
    if not _complete(out):
        raise RuntimeError(f"no trace written to {out}")
    return summarize(json.loads(out.read_text(encoding="utf-8")))


def _complete(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def summarize(trace: dict) -> dict:
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    threads, processes = _names(events)
    marks = {e["name"]: e for e in events if e.get("name", "").startswith("fl-bench-")}
    if "fl-bench-first-map" not in marks:
        raise RuntimeError("the trace ends before the first map")
    first = marks["fl-bench-first-map"]
    start_us = first["ts"] - first["args"]["data"]["startTime"] * 1000
    end_us = first["ts"]
    page = first["pid"]
    spans = _spans(events, start_us, end_us)
    busy = {}
    for key, thread_spans in spans.items():
        pid, tid = key
        process = processes.get(pid, str(pid))
        if pid != page and process != "GPU Process":
            continue
        name = threads.get(key, str(tid))
        total = _busy(thread_spans, start_us, end_us)
        if total >= 20_000:
            label = f"{'page' if pid == page else 'GPU'}: {name}"
            busy[label] = busy.get(label, 0) + total / 1000
    samples = _sampled(events, start_us, end_us)
    main = spans.get((page, first["tid"]), [])
    workers = [
        s
        for (pid, tid), s in spans.items()
        if pid == page and "Worker thread" in threads.get((pid, tid), "")
    ]
    result = {
        "first_map_ms": (end_us - start_us) / 1000,
        "ready_ms": marks["fl-bench-ready"]["args"]["data"]["startTime"]
        if "fl-bench-ready" in marks
        else None,
        "busy_ms": dict(sorted(busy.items(), key=lambda item: -item[1])),
        "main_by_activity_ms": _by_activity(main, start_us, end_us),
        "main_script_by_file_ms": _script_by_file(main, start_us, end_us),
        "main_sampled_ms": samples.get((page, first["tid"]), {}),
        "workers_sampled_ms": _merge(
            value
            for (pid, tid), value in samples.items()
            if pid == page and "Worker thread" in threads.get((pid, tid), "")
        ),
        "workers_by_activity_ms": _by_activity([s for w in workers for s in w], start_us, end_us),
        "workers_script_by_file_ms": _script_by_file(
            [s for w in workers for s in w], start_us, end_us
        ),
    }
    result["lines"] = _lines(result)
    return result


def _names(events: list[dict]) -> tuple[dict, dict]:
    threads, processes = {}, {}
    for e in events:
        if e.get("ph") != "M":
            continue
        if e["name"] == "thread_name":
            threads[(e["pid"], e["tid"])] = e["args"]["name"]
        elif e["name"] == "process_name":
            processes[e["pid"]] = e["args"]["name"]
    return threads, processes


def _spans(events: list[dict], start_us: float, end_us: float) -> dict:
    """Complete events ("X", and "B"/"E" pairs) per thread that overlap the window,
    as (start, end, name, args), sorted by start, longest first on a tie."""
    per_thread: dict[tuple, list] = defaultdict(list)
    open_events: dict[tuple, list] = defaultdict(list)
    for e in events:
        ph = e.get("ph")
        key = (e.get("pid"), e.get("tid"))
        if ph == "X":
            begin, finish = e["ts"], e["ts"] + e.get("dur", 0)
            per_thread[key].append((begin, finish, e["name"], e.get("args", {})))
        elif ph == "B":
            open_events[key].append(e)
        elif ph == "E" and open_events[key]:
            opened = open_events[key].pop()
            per_thread[key].append((opened["ts"], e["ts"], opened["name"], opened.get("args", {})))
    for key, spans in per_thread.items():
        kept = [s for s in spans if s[1] > start_us and s[0] < end_us]
        kept.sort(key=lambda s: (s[0], -s[1]))
        per_thread[key] = kept
    return per_thread


def _clip(begin: float, finish: float, start_us: float, end_us: float) -> float:
    return max(0.0, min(finish, end_us) - max(begin, start_us))


def _busy(spans: list, start_us: float, end_us: float) -> float:
    """Time covered by top-level events (µs)."""
    total, reach = 0.0, -math.inf
    for begin, finish, _, _ in spans:
        if finish <= reach:
            continue
        total += _clip(max(begin, reach), finish, start_us, end_us)
        reach = max(reach, finish)
    return total


def _self_times(spans: list, start_us: float, end_us: float):
    """(name, args, self µs, ancestors' names and args) for every event: its own time
    minus the time of events nested in it."""
    stack: list[list] = []  # [finish, name, args, child µs, begin]
    out = []

    def close(item: list) -> None:
        own = _clip(item[4], item[0], start_us, end_us) - item[3]
        out.append((item[1], item[2], max(0.0, own), [(s[1], s[2]) for s in stack]))
        if stack:
            stack[-1][3] += _clip(item[4], item[0], start_us, end_us)

    for begin, finish, name, args in spans:
        while stack and stack[-1][0] <= begin:
            close(stack.pop())
        stack.append([finish, name, args, 0.0, begin])
    while stack:
        close(stack.pop())
    return out


def _bucket(name: str) -> str:
    for label, needles in BUCKETS:
        if any(needle in name for needle in needles):
            return label
    return "other (loading, tasks, IPC)"


def _by_activity(spans: list, start_us: float, end_us: float) -> dict:
    totals: dict[str, float] = defaultdict(float)
    for name, _, own, _ in _self_times(spans, start_us, end_us):
        totals[_bucket(name)] += own / 1000
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def _script_file(name: str, args: dict, ancestors: list) -> str | None:
    """The script file of an event: its own, or its nearest ancestor's that names one."""
    for _, event_args in [(name, args), *reversed(ancestors)]:
        data = event_args.get("data") or {}
        url = data.get("url") or data.get("fileName") or event_args.get("fileName")
        if url:
            return Path(url.split("?")[0]).name or url
    return None


def _script_by_file(spans: list, start_us: float, end_us: float) -> dict:
    """Self time of script work (compile and run, GC inside it) by the file of the
    nearest event that names one."""
    totals: dict[str, float] = defaultdict(float)
    for name, args, own, ancestors in _self_times(spans, start_us, end_us):
        bucket = _bucket(name)
        if bucket not in ("script compile", "script run", "garbage collection"):
            continue
        file = _script_file(name, args, ancestors) or "(no file)"
        totals[file] += own / 1000
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    return {file: ms for file, ms in ranked[:8] if ms >= 5}


def _sampled(events: list[dict], start_us: float, end_us: float) -> dict:
    """V8's sampling profiler (in the trace): per thread, the milliseconds of samples in
    the window by script file, or by V8's own name for time outside scripts
    ("(program)": native work such as WebGL calls and waiting for a commit;
    "(garbage collector)"; "(idle)")."""
    threads = {}
    chunks: dict[tuple, list] = defaultdict(list)
    for e in events:
        if e.get("name") == "Profile":
            threads[(e["pid"], e["id"])] = (e["tid"], e["args"]["data"]["startTime"])
        elif e.get("name") == "ProfileChunk":
            chunks[(e["pid"], e["id"])].append(e["args"]["data"])
    out = {}
    for key, parts in chunks.items():
        if key not in threads:
            continue
        tid, clock = threads[key]
        frames = {}
        totals: dict[str, float] = defaultdict(float)
        for part in parts:
            profile = part.get("cpuProfile", {})
            for node in profile.get("nodes", []):
                frame = node["callFrame"]
                url = frame.get("url", "")
                name = Path(url.split("?")[0]).name if url else frame["functionName"]
                frames[node["id"]] = name or "(anonymous)"
            for node_id, delta in zip(
                profile.get("samples", []), part.get("timeDeltas", []), strict=False
            ):
                clock += delta
                if start_us <= clock <= end_us:
                    totals[frames.get(node_id, "?")] += delta / 1000
        ranked = sorted(totals.items(), key=lambda item: -item[1])
        out[(key[0], tid)] = {name: ms for name, ms in ranked if ms >= 5}
    return out


def _merge(parts) -> dict:
    totals: dict[str, float] = defaultdict(float)
    for part in parts:
        for name, ms in part.items():
            totals[name] += ms
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def _lines(result: dict) -> list[str]:
    def join(values: dict) -> str:
        return ", ".join(f"{name} {ms:,.0f}" for name, ms in values.items() if ms >= 5)

    return [
        f"ready (map 'load') at {result['ready_ms'] or math.nan:,.0f} ms",
        "busy per thread (ms): " + join(result["busy_ms"]),
        "main thread by activity (ms): " + join(result["main_by_activity_ms"]),
        "main thread, sampled, by file (ms): " + join(result["main_sampled_ms"]),
        "workers by activity (ms): " + join(result["workers_by_activity_ms"]),
        "workers, sampled, by file (ms): " + join(result["workers_sampled_ms"]),
    ]


if __name__ == "__main__":
    import sys

    summary = summarize(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    print("\n".join(summary["lines"]))
