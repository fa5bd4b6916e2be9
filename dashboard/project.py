"""Where the data lives, and loading all of it into one checked, immutable `Project`.

The app factory and every CLI command go through `load_project`, so they accept
and refuse exactly the same inputs.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from dashboard.figures.map_figure import MapView
from dashboard.geo import GeoLayers, load_layers
from dashboard.geo.frontiers import FrontierTable
from dashboard.records import Problem, Record, RecordError, load_record
from dashboard.timeline import AreaTable, Timeline

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FRONTLINE_DATA_DIR", REPO_ROOT / "data"))


@dataclass(frozen=True)
class DataPaths:
    """The input files; only `events` is meant to be swapped by users today."""

    events: Path
    towns: Path
    sources: Path
    meta: Path
    geo_dir: Path

    @classmethod
    def in_dir(cls, data_dir: Path = DATA_DIR) -> DataPaths:
        return cls(
            events=data_dir / "events.csv",
            towns=data_dir / "towns.csv",
            sources=data_dir / "sources.csv",
            meta=data_dir / "conflict.toml",
            geo_dir=data_dir / "geo",
        )

    def with_events(self, events: Path | None) -> DataPaths:
        return self if events is None else replace(self, events=events)


@dataclass(frozen=True)
class Project:
    """Everything the app, exports and CLI read: built once, never mutated."""

    paths: DataPaths
    record: Record
    layers: GeoLayers
    timeline: Timeline
    frontiers: FrontierTable

    @property
    def home_view(self) -> MapView:
        """The view that shows the whole country, the app's start and the exports' default."""
        west, south, east, north = self.layers.areas_gdf.total_bounds
        return MapView.fitting((west, south, east, north), width=940, height=600)


def load_project(paths: DataPaths, today: dt.date | None = None) -> Project:
    """Load, validate and cross-check all inputs; raise `RecordError` on any problem."""
    record = load_record(paths.events, paths.towns, paths.sources, paths.meta, today=today)
    layers = load_layers(paths.geo_dir)
    areas = _area_table(layers)
    problems = _match_towns_to_areas(record, areas, paths.geo_dir / "areas.geojson")
    if problems:
        raise RecordError(problems)
    return Project(
        paths=paths,
        record=record,
        layers=layers,
        timeline=Timeline(record, areas),
        frontiers=FrontierTable.from_geojson(layers.frontier_edges, areas.area_ids),
    )


def _area_table(layers: GeoLayers) -> AreaTable:
    properties = [feature["properties"] for feature in layers.areas["features"]]
    return AreaTable(
        area_ids=tuple(p["area_id"] for p in properties),
        town_ids=tuple(p["town_id"] for p in properties),
        district_names=tuple(p["district_en"] for p in properties),
        km2=np.array([p["area_km2"] for p in properties], dtype=float),
    )


def _match_towns_to_areas(record: Record, areas: AreaTable, areas_file: Path) -> list[Problem]:
    """Areas and towns must match one to one, or a place would be missing from the map."""
    problems = [
        Problem(
            str(areas_file),
            0,
            "town_id",
            f"feature {index} (area {area_id}) follows unknown town {town_id!r}; "
            "run `frontline build-geo`",
        )
        for index, (area_id, town_id) in enumerate(zip(areas.area_ids, areas.town_ids, strict=True))
        if town_id not in record.towns
    ]
    mapped = set(areas.town_ids)
    problems += [
        Problem(
            str(record.towns_path),
            town.row,
            "town_id",
            f"{town.town_id} has no area on the map; run `frontline build-geo`",
        )
        for town in record.towns.values()
        if town.town_id not in mapped
    ]
    return problems
