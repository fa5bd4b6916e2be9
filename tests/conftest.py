"""Shared fixtures: small hand-made records written to temporary CSV files."""

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

from dashboard.project import DataPaths


@pytest.fixture
def record_files(tmp_path: Path) -> DataPaths:
    """A valid three-town record; tests overwrite one file to break it."""
    return DataPaths(
        events=write_csv(tmp_path / "events.csv", EVENT_HEADER, EVENTS),
        towns=write_csv(tmp_path / "towns.csv", TOWN_HEADER, TOWNS),
        sources=write_csv(tmp_path / "sources.csv", SOURCE_HEADER, SOURCES),
        meta=tmp_path / "conflict.toml",
        geo_dir=tmp_path / "geo",
    )
