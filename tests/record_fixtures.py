"""A small valid record (three towns) that tests copy and break one field at a time."""

from __future__ import annotations

import csv
from pathlib import Path

from dashboard.records import load

TOWN_HEADER = list(load.TOWN_HEADER)
SOURCE_HEADER = list(load.SOURCE_HEADER)
EVENT_HEADER = list(load.EVENT_HEADER)

TOWNS = [
    ["alpha", "Alpha", "ألفا", "city", "36.2", "37.1", "", "test"],
    ["beta", "Beta", "", "town", "35.1", "36.7", "", "test"],
    ["gamma", "Gamma", "", "airbase", "33.5", "36.3", "", "test"],
]
SOURCES = [
    ["src_a", "Test Wire", "Alpha changes hands", "2024-11-30", "https://example.org/a"],
    ["src_b", "Test Daily", "Baseline map", "2024-11-25", ""],
]
EVENTS = [
    ["b-alpha", "2024-11-26", "alpha", "baseline", "", "government", "Held.", "high", "src_b", ""],
    ["b-beta", "2024-11-26", "beta", "baseline", "", "government", "Held.", "high", "src_b", ""],
    ["b-gamma", "2024-11-26", "gamma", "baseline", "", "sdf", "Held.", "medium", "src_b", ""],
    [
        "c-1",
        "2024-11-29",
        "alpha",
        "change",
        "government",
        "contested",
        "Fighting.",
        "medium",
        "src_a",
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
        "src_a;src_b",
        "One source says 29 Nov.",
    ],
    ["c-3", "2024-12-02", "beta", "change", "government", "hts_led", "Taken.", "low", "src_a", ""],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
