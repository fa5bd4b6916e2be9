"""Shared fixtures: small hand-made records written to temporary pack folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from record_fixtures import (
    EVENT_HEADER,
    EVENTS,
    SOURCE_HEADER,
    SOURCES,
    TOWN_HEADER,
    TOWNS,
    write_csv,
)

from dashboard.pack.paths import PackPaths, find_pack


@pytest.fixture
def record_files(tmp_path: Path) -> PackPaths:
    """A valid three-town record with the default pack's settings; tests break one file."""
    paths = PackPaths.in_dir(tmp_path)
    settings = find_pack().config.read_text(encoding="utf-8")
    paths.config.write_text(settings.replace("period_end = 2024-12-12", ""), encoding="utf-8")
    write_csv(paths.events, EVENT_HEADER, EVENTS)
    write_csv(paths.towns, TOWN_HEADER, TOWNS)
    write_csv(paths.sources, SOURCE_HEADER, SOURCES)
    return paths
