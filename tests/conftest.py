"""Shared fixtures: small hand-made records written to temporary pack folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from fictional_pack import write_pack
from record_fixtures import (
    EVENT_HEADER,
    EVENTS,
    SOURCE_HEADER,
    SOURCES,
    TOWN_HEADER,
    TOWNS,
    fixture_settings,
    write_csv,
)

from dashboard.geo.build import build_pack_layers
from dashboard.pack.paths import PackPaths


@pytest.fixture
def record_files(tmp_path: Path) -> PackPaths:
    """A valid three-town record with the default pack's settings; tests break one file."""
    paths = PackPaths.in_dir(tmp_path)
    paths.config.write_text(fixture_settings(), encoding="utf-8")
    write_csv(paths.events, EVENT_HEADER, EVENTS)
    write_csv(paths.towns, TOWN_HEADER, TOWNS)
    write_csv(paths.sources, SOURCE_HEADER, SOURCES)
    return paths


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> PackPaths:
    """The fictional Arcadia pack with its layers built, once per test module; tests
    that break it work on a copy."""
    paths = write_pack(tmp_path_factory.mktemp("arcadia") / "arcadia")
    build_pack_layers(paths)
    return paths
