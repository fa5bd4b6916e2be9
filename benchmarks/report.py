"""Print `run.py`'s results as one readable table plus ratios and target checks."""

from __future__ import annotations

import math
from collections.abc import Callable

Row = tuple[str, Callable[[dict], str]]


def _kb(value: float) -> str:
    return "-" if value is None or math.isnan(value) else f"{value / 1000:,.1f} kB"


def _ms(value: float) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:,.0f} ms"


def _mib(value: float) -> str:
    return f"{value:,.0f} MiB"


def _rows() -> list[Row]:
    s = "summary"
    return [
        ("bytes/step, wire (median)", lambda v: _kb(v[s]["wire_bytes_median"])),
        ("bytes/step, wire (max)", lambda v: _kb(v[s]["wire_bytes_max"])),
        ("bytes/step, decoded (median)", lambda v: _kb(v[s]["decoded_bytes_median"])),
        ("bytes/step, upload (median)", lambda v: _kb(v[s]["post_bytes_median"])),
        ("server requests/step (max)", lambda v: f"{v[s]['max_update_requests']:,}"),
        ("ms/step to repainted map, median", lambda v: _ms(v[s]["ms_median"])),
        ("ms/step to repainted map, p95", lambda v: _ms(v[s]["ms_p95"])),
        ("ms/step, max", lambda v: _ms(v[s]["ms_max"])),
        ("ms/step until all redraws done, median", lambda v: _ms(v[s]["settled_ms_median"])),
        ("ms/step until all redraws done, p95", lambda v: _ms(v[s]["settled_ms_p95"])),
        ("  key -> request sent", lambda v: _ms(v[s]["to_request_ms_median"])),
        ("  server (request -> 1st byte)", lambda v: _ms(v[s]["server_ms_median"])),
        ("  transfer (1st -> last byte)", lambda v: _ms(v[s]["transfer_ms_median"])),
        ("  browser (last byte -> idle)", lambda v: _ms(v[s]["client_ms_median"])),
        ("  Plotly.react, synchronous part", lambda v: _ms(v[s]["plotly_sync_ms_median"])),
        ("  key -> figure data updated", lambda v: _ms(v[s]["data_ms_median"])),
        ("one map frame (back-to-back repaints)", lambda v: _ms(v["frame_ms"])),
        ("step median / map frame", lambda v: f"{v[s]['ms_median'] / v['frame_ms']:,.1f} frames"),
        ("step p95 / map frame", lambda v: f"{v[s]['ms_p95'] / v['frame_ms']:,.1f} frames"),
        ("map 'render' events per step, median", lambda v: f"{v[s]['renders_median']:,.0f}"),
        ("initial payload, wire", lambda v: _kb(v["load"]["wire_bytes"])),
        ("  javascript", lambda v: _kb(v["load"]["by_kind"].get("javascript", 0))),
        ("  geometry (/geo/*)", lambda v: _kb(v["load"]["by_kind"].get("geometry", 0))),
        ("  layout (_dash-layout)", lambda v: _kb(v["load"]["by_kind"].get("layout", 0))),
        ("initial payload, decoded", lambda v: _kb(v["load"]["decoded_bytes"])),
        ("time to first rendered map", lambda v: _ms(v["load"]["first_map_ms"])),
        ("server RSS after run", lambda v: _mib(v["memory_end"]["rss_mib"])),
        ("server peak RSS", lambda v: _mib(v["memory_end"]["peak_rss_mib"])),
        ("steps measured (timeouts)", lambda v: f"{v[s]['steps']} ({v[s]['timeouts']})"),
        ("days walked (slider values)", _days),
        ("machine load, 1 min, start -> end", _load),
    ]


def _days(variant: dict) -> str:
    days = variant.get("measured_days")
    return f"{days[0]:,}-{days[1]:,}" if days else "-"


def _load(variant: dict) -> str:
    load = variant.get("load_avg")
    return f"{load['start'][0]:.1f} -> {load['end'][0]:.1f}" if load else "-"


def print_report(report: dict) -> None:
    """The table: one column per case and variant, then ratios and targets per case."""
    columns = [
        (f"{case} {variant}", result[variant])
        for case, result in report["cases"].items()
        for variant in ("app", "naive")
    ]
    machine = report["machine"]
    print(
        f"\n{machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"{machine['date']}"
    )
    width = max(len(label) for label, _ in _rows())
    print(" | ".join([" " * width] + [f"{name:>15}" for name, _ in columns]))
    print("-" * (width + 18 * len(columns)))
    for label, cell in _rows():
        print(" | ".join([f"{label:<{width}}"] + [f"{cell(v):>15}" for _, v in columns]))
    for case, result in report["cases"].items():
        ratio = result["ratio_naive_to_app"]
        data = result["data"]
        print(
            f"\n{case}: {data['areas']:,} areas, {data['towns']:,} towns, "
            f"{data['changes']:,} changes, {data['days']:,} days"
        )
        print(
            f"  naive/app: bytes per step x{ratio['wire_bytes_per_step']:,.0f} (inf: none), "
            f"ms per step x{ratio['ms_per_step']:,.1f}"
        )
        checks = ", ".join(
            f"{name} {'PASS' if ok else 'MISS'}" for name, ok in result["targets"].items()
        )
        print(f"  targets (app): {checks}")
        _print_profile(result["app"].get("cpu_profile"))


def _print_profile(profile: dict | None) -> None:
    """Where the page's main thread spent the profiled steps (app variant)."""
    if not profile:
        return
    per_step = profile["wall_ms"] / max(profile["steps"], 1)
    print(
        f"  browser main thread over {profile['steps']} profiled steps "
        f"({per_step:,.0f} ms wall per step):"
    )
    files = list(profile["by_file_ms"].items())[:6]
    print(
        "    by file: "
        + ", ".join(f"{name} {ms / profile['steps']:,.0f} ms/step" for name, ms in files)
    )
    for entry in profile["top_functions_ms"][:8]:
        print(f"    {entry['ms'] / profile['steps']:>8,.1f} ms/step  {entry['function']}")
