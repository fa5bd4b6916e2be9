"""Print `run.py`'s results: one table per case (a column per variant), the targets with
their ratios and "met"/"missed", what the bytes are, and any trace summary."""

from __future__ import annotations

import math
from collections.abc import Callable

Row = tuple[str, Callable[[dict], str]]


def _num(value: float | None, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return format(value, fmt)


def _kb(value: float | None) -> str:
    return "-" if value is None else f"{value / 1000:,.1f} kB"


def _ms(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:,.0f} ms"


def _summary(key: str, fmt: Callable[[float], str]) -> Callable[[dict], str]:
    return lambda v: fmt(v["summary"][key]) if v.get("summary") else "-"


def _rows() -> list[Row]:
    return [
        ("time to first map, median", lambda v: _ms(v["first_map_ms"])),
        (
            "  min - max over loads",
            lambda v: f"{v['first_map_range_ms'][0]:,.0f}-{v['first_map_range_ms'][1]:,.0f}",
        ),
        ("  reader ready (map 'load')", lambda v: _ms(v["load"]["ready_ms"])),
        ("  DOMContentLoaded", lambda v: _ms(v["load"]["dom_content_loaded_ms"])),
        ("page load: requests", lambda v: f"{v['load']['requests']:,}"),
        ("page load: bytes on the wire", lambda v: _kb(v["load"]["wire_bytes"])),
        ("page load: gzip (site: computed)", lambda v: _kb(v["load"]["gzip_bytes"])),
        ("page load: decoded", lambda v: _kb(v["load"]["decoded_bytes"])),
        ("one map frame", lambda v: _ms(v.get("frame_ms"))),
        ("step, median", _summary("ms_median", _ms)),
        ("step, p95", _summary("ms_p95", _ms)),
        ("step, median (map frames)", _summary("frames_median", lambda x: _num(x, ",.1f"))),
        ("step, p95 (map frames)", _summary("frames_p95", lambda x: _num(x, ",.1f"))),
        ("step: key -> map handed the day", _summary("to_map_ms_median", _ms)),
        ("step: key -> MapLibre 'idle'", _summary("idle_ms_median", _ms)),
        ("step: map renders, median / p95", _renders),
        ("steps that repainted the map", _steps_repainted),
        ("requests per step, max", _summary("requests_max", lambda x: f"{x:,}")),
        ("bytes per step, median", _summary("wire_bytes_median", _kb)),
        ("days walked", _days),
        ("load average, start -> end", _load),
        ("variant's wall time", lambda v: f"{v['elapsed_s']:,.0f} s"),
    ]


def _renders(variant: dict) -> str:
    summary = variant.get("summary")
    if not summary:
        return "-"
    return f"{summary['renders_median']:,.0f} / {summary.get('renders_p95', math.nan):,.0f}"


def _steps_repainted(variant: dict) -> str:
    summary = variant.get("summary")
    if not summary:
        return "-"
    timeouts = f", {summary['timeouts']} timed out" if summary["timeouts"] else ""
    return f"{summary['repainted']}/{summary['steps']}{timeouts}"


def _days(variant: dict) -> str:
    walk = variant.get("walk")
    if not walk or not walk["days"]:
        return "-"
    return f"{walk['days'][0]:,}-{walk['days'][1]:,}"


def _load(variant: dict) -> str:
    load = variant["load_avg"]
    return f"{load['start'][0]:.1f} -> {load['end'][0]:.1f}"


def print_report(report: dict) -> None:
    machine = report["machine"]
    print(
        f"\n{machine['cpu']}, nproc {machine['nproc']}, {machine['memory_gib']} GiB; "
        f"{machine['chromium']}; commit {machine['commit']}; {machine['date']}"
    )
    for case, result in report["cases"].items():
        _print_case(case, result)


def _print_case(case: str, result: dict) -> None:
    data = result["data"]
    print(
        f"\n== {case}: {data['areas']:,} areas, {data['towns']:,} places, "
        f"{data['changes']:,} changes, {data['days']:,} days; published in "
        f"{result['publish_s']:.1f} s ({result['site_files']['count']} files, "
        f"{result['site_files']['bytes'] / 1e6:.1f} MB)"
    )
    columns = [
        (variant, result[variant])
        for variant in ("site", "file", "app", "naive")
        if variant in result
    ]
    width = max(len(label) for label, _ in _rows())
    print(" | ".join([" " * width] + [f"{name:>13}" for name, _ in columns]))
    print("-" * (width + 16 * len(columns)))
    for label, cell in _rows():
        print(" | ".join([f"{label:<{width}}"] + [f"{cell(v):>13}" for _, v in columns]))
    print("targets (issue 18):")
    for check in result["targets"]:
        value, limit = check["value"], check["limit"]
        if check["unit"] == "bytes":
            text = f"{value / 1000:,.1f} kB (limit {limit / 1000:,.0f} kB)"
        elif check["unit"] == "x":
            text = f"{value:.2f} x (limit {limit:.2f})"
        else:
            text = f"{_num(value, ',.1f')} {check['unit']} (limit {limit:g})"
        print(f"  {check['target']:<32} {text:<34} {'met' if check['met'] else 'MISSED'}")
    for variant, values in columns:
        kinds = values["load"]["gzip_by_kind"]
        parts = ", ".join(f"{kind} {size / 1000:,.1f}" for kind, size in kinds.items())
        print(f"  {variant} bytes by kind (gzip, kB): {parts}")
        if values["load"]["failed"]:
            print(f"  {variant} FAILED requests: {values['load']['failed']}")
        if values.get("summary") and values["summary"]["request_paths"]:
            print(f"  {variant} requests made by steps: {values['summary']['request_paths']}")
    for variant, values in columns:
        milestones = values["load"].get("milestones_ms")
        if milestones:
            steps = ", ".join(
                f"{name} {value:,.0f}" for name, value in milestones.items() if value is not None
            )
            print(f"  {variant} map, first load (ms; renders = frames drawn): {steps}")
    for variant, values in columns:
        _print_trace(variant, values.get("trace"))
        _print_step_profile(variant, values.get("step_profile"))


def _print_trace(variant: str, trace: dict | None) -> None:
    if not trace:
        return
    took = f"{trace['first_map_ms']:,.0f} ms"
    print(f"  {variant}: where the time to first map goes (one traced load, {took}):")
    for line in trace["lines"]:
        print(f"    {line}")


def _print_step_profile(variant: str, profile: dict | None) -> None:
    if not profile:
        return
    print(f"  {variant}: main thread over 8 profiled steps, self time by file (ms per step):")
    files = list(profile["by_file_ms"].items())[:6]
    print("    " + ", ".join(f"{name} {ms / 8:,.0f}" for name, ms in files))
