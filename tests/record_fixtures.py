"""A small valid record (three towns) that tests copy and break one field at a time."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from dashboard.pack.config import load_config
from dashboard.pack.paths import PackPaths, find_pack
from dashboard.records import Record, load, load_record

TODAY = dt.date(2026, 1, 1)

TOWN_HEADER = list(load.town_header(("en", "ar")))
SOURCE_HEADER = list(load.SOURCE_HEADER)
EVENT_HEADER = list(load.EVENT_HEADER)

TOWNS = [
    ["alpha", "Alpha", "ألفا", "city", "", "36.2", "37.1", "", "test"],
    ["beta", "Beta", "", "town", "", "35.1", "36.7", "", "test"],
    ["gamma", "Gamma", "", "airbase", "", "33.5", "36.3", "", "test"],
]
SOURCES = [
    ["src_a", "Test Wire", "Alpha changes hands", "2024-11-30", "https://example.org/a"],
    ["src_b", "Test Daily", "Baseline map", "2024-11-25", ""],
]
EVENTS = [
    [
        "b-alpha",
        "2024-11-26",
        "alpha",
        "baseline",
        "",
        "government",
        "Held.",
        "medium",
        "place",
        "src_b",
        "",
        "",
        "",
    ],
    [
        "b-beta",
        "2024-11-26",
        "beta",
        "baseline",
        "",
        "government",
        "Held.",
        "medium",
        "place",
        "src_b",
        "",
        "",
        "",
    ],
    [
        "b-gamma",
        "2024-11-26",
        "gamma",
        "baseline",
        "",
        "sdf",
        "Held.",
        "medium",
        "place",
        "src_b",
        "",
        "",
        "",
    ],
    [
        "c-1",
        "2024-11-29",
        "alpha",
        "change",
        "government",
        "contested",
        "Fighting.",
        "medium",
        "place",
        "src_a",
        "",
        "",
        "",
    ],
    [
        "c-2",
        "2024-11-30",
        "alpha",
        "change",
        "contested",
        "hts_led",
        "Taken.",
        "high",
        "place",
        "src_a;src_b",
        "One source says 29 Nov.",
        "confirmed",
        "Checked again against both sources.",
    ],
    [
        "c-3",
        "2024-12-02",
        "beta",
        "change",
        "government",
        "hts_led",
        "Taken.",
        "low",
        "place",
        "src_a",
        "",
        "",
        "",
    ],
]


def fixture_settings() -> str:
    """The default pack's settings without its period end and key events: both belong
    to the pack's own record, and would fall outside a small test record's days and
    places."""
    kept: list[str] = []
    in_key_event = False
    for line in find_pack().config.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            in_key_event = line.strip() == "[[key_events]]"
        if not in_key_event and not line.startswith("period_end"):
            kept.append(line)
    return "\n".join(kept) + "\n"


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def load_test_record(paths: PackPaths) -> Record:
    """The record of a test pack, checked as the app checks it."""
    return load_record(paths.events, paths.towns, paths.sources, load_config(paths.config), TODAY)
