"""Loading one pack into a checked, immutable `Project`: settings, record, layers, timeline.

The app factory and every CLI command go through `load_project`, so they accept
and refuse exactly the same inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import shapely

from dashboard.geo.frontiers import FrontierTable
from dashboard.geo.layers import GeoLayers, load_layers
from dashboard.geo.view import MapView
from dashboard.geo.zones import zone_problems
from dashboard.pack.config import ConflictConfig, load_config
from dashboard.pack.paths import PackPaths
from dashboard.problems import Problem
from dashboard.records import GivenFile, Record, RecordError, load_record
from dashboard.records.limits import UserRecordLimits
from dashboard.timeline import AreaTable, Timeline


@dataclass(frozen=True)
class Project:
    """Everything the app, exports and CLI read: built once, never mutated."""

    paths: PackPaths
    config: ConflictConfig
    record: Record
    layers: GeoLayers
    timeline: Timeline
    frontiers: FrontierTable

    @property
    def home_view(self) -> MapView:
        """The view that shows the whole country, the app's start and the exports' default."""
        west, south, east, north = self.layers.area_bounds
        return MapView.fitting((west, south, east, north), width=940, height=600)


def load_project(paths: PackPaths, today: dt.date | None = None) -> Project:
    """Load, validate and cross-check a pack; raise `ConfigError`, `RecordError` or
    `GeoLayerError` listing every problem.

    When `paths.events` is a user's own events file (`--events`, not a draft with its
    own places and sources), the pack is loaded on its own record first and the file is
    read beside it, as an upload is (`with_events`), within the same limits."""
    own = PackPaths.in_dir(paths.root)
    if paths.events != own.events and paths.draft_dir is None:
        return replace(with_events(load_project(own, today), paths.events, today), paths=paths)
    config = load_config(paths.config)
    record = load_record(paths.events, paths.towns, paths.sources, config, today=today)
    _check_period(config, record, paths)
    _check_key_events(config, record, paths)
    layers = load_layers(paths.geo_dir)
    areas = _area_table(layers, config.primary_language)
    build = paths.build_command
    problems = _match_towns_to_areas(record, areas, paths.geo_dir / "areas.geojson", build)
    problems += _towns_on_the_map(record, layers, build)
    problems += _zones_as_built(paths, config, record, layers, build)
    problems += _patterned_zones_hold(record, layers)
    if problems:
        raise RecordError(problems)
    draws = np.array([state.frontline for state in config.all_states], dtype=bool)
    return Project(
        paths=paths,
        config=config,
        record=record,
        layers=layers,
        timeline=Timeline(record, areas),
        frontiers=FrontierTable.from_geojson(layers.frontier_edges, areas.area_ids, draws),
    )


def with_events(
    project: Project, events: Path | GivenFile, today: dt.date | None = None
) -> Project:
    """The same pack with a user's own events file, checked by the same rules and
    within `UserRecordLimits` (size, rows, a period starting no earlier than the pack's).

    Towns, sources, settings and geometry are the pack's; only the record and the
    timeline are new. Raises `RecordError` listing every problem of the file.
    """
    paths = project.paths
    limits = UserRecordLimits.beside(project.record)
    record = load_record(
        events, paths.towns, paths.sources, project.config, today=today, limits=limits
    )
    _check_period(project.config, record, paths)
    problems = _patterned_zones_hold(record, project.layers)
    if problems:
        raise RecordError(problems)
    return replace(project, record=record, timeline=Timeline(record, project.timeline.areas))


def _check_period(config: ConflictConfig, record: Record, paths: PackPaths) -> None:
    if config.period_end and config.period_end < record.baseline_date:
        raise RecordError(
            [Problem(str(paths.config), 0, "period_end", "ends before the baseline day")]
        )


def _check_key_events(config: ConflictConfig, record: Record, paths: PackPaths) -> None:
    """Key events fall inside the record's period and name places the record tracks."""
    problems = []
    for index, event in enumerate(config.key_events):
        key = f"key_events[{index}]"
        if not record.baseline_date <= event.date <= record.last_date:
            problems.append(
                Problem(
                    str(paths.config),
                    0,
                    f"{key}.date",
                    f"{event.date} is outside the record's period "
                    f"{record.baseline_date} to {record.last_date}",
                )
            )
        if event.place is not None and event.place not in record.towns:
            problems.append(
                Problem(str(paths.config), 0, f"{key}.place", f"unknown place {event.place!r}")
            )
    if problems:
        raise RecordError(problems)


def _area_table(layers: GeoLayers, language: str) -> AreaTable:
    properties = [feature["properties"] for feature in layers.areas["features"]]
    return AreaTable(
        area_ids=tuple(p["area_id"] for p in properties),
        town_ids=tuple(p["town_id"] for p in properties),
        unit_names=tuple(p["unit_names"].get(language, "") for p in properties),
        km2=np.array([p["area_km2"] for p in properties], dtype=float),
        km2_held=np.array([p["km2_held"] for p in properties], dtype=float),
    )


def _match_towns_to_areas(
    record: Record, areas: AreaTable, areas_file: Path, build: str
) -> list[Problem]:
    """Areas and towns must match, or a place would be missing from the map."""
    problems = [
        Problem(
            str(areas_file),
            0,
            "town_id",
            f"feature {index} (area {area_id}) follows unknown town {town_id!r}; run `{build}`",
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
            f"{town.town_id} has no area on the map; run `{build}`",
        )
        for town in record.towns.values()
        if town.holds_area and town.town_id not in mapped
    ]
    problems += [
        Problem(
            str(record.towns_path),
            town.row,
            "kind",
            f"{town.town_id} is a {town.kind} but has an area of its own; run `{build}`",
        )
        for town in record.towns.values()
        if not town.holds_area and town.town_id in mapped
    ]
    return problems


def _zones_as_built(
    paths: PackPaths, config: ConflictConfig, record: Record, layers: GeoLayers, build: str
) -> list[Problem]:
    """The pack's zones file is valid and the layers were built from it as it is."""
    built = [f["properties"]["town_id"] for f in (layers.zones or {}).get("features", [])]
    languages = [language.code for language in config.languages]
    return zone_problems(paths.zones, record.towns, record.sources, languages, built, build)


def _patterned_zones_hold(record: Record, layers: GeoLayers) -> list[Problem]:
    """A zone drawn with a pattern (the occupied Golan) is drawn so on every day: its
    holder may not change within the record, or the map would mislabel the land."""
    patterned = {
        f["properties"]["town_id"]: f["properties"]["pattern"]
        for f in (layers.zones or {}).get("features", [])
        if f["properties"].get("pattern")
    }
    return [
        Problem(
            str(record.events_path),
            event.row,
            "town_id",
            f"{event.town_id} is a zone drawn as {patterned[event.town_id]} on every day "
            "(its pattern in zones.geojson); its holder cannot change in the record. "
            "Remove the pattern from the zone to record this change",
        )
        for event in record.changes
        if event.town_id in patterned
    ]


def areas_of_towns(record: Record, layers: GeoLayers) -> dict[str, list[int]]:
    """Town id -> the rows of the areas its point lies in (none if off the map)."""
    towns = list(record.towns.values())
    points = shapely.points([(town.lon, town.lat) for town in towns])
    town_index, area_index = layers.area_index.query(points, predicate="intersects")
    found: dict[str, list[int]] = {town.town_id: [] for town in towns}
    for town_at, area_at in zip(town_index.tolist(), area_index.tolist(), strict=True):
        found[towns[town_at].town_id].append(area_at)
    return found


def _towns_on_the_map(record: Record, layers: GeoLayers, build: str) -> list[Problem]:
    """Every place lies in the map's areas, and a settlement in its own area: a town
    moved after the layers were built would otherwise colour the wrong land."""
    area_towns = layers.area_column("town_id")
    problems = []
    for town_id, rows in areas_of_towns(record, layers).items():
        town = record.towns[town_id]
        if not rows:
            message = f"{town_id} at lat {town.lat}, lon {town.lon} is outside the map's areas"
        elif town.holds_area and town_id not in set(area_towns[rows]):
            message = (
                f"{town_id} at lat {town.lat}, lon {town.lon} is not in its own area; run `{build}`"
            )
        else:
            continue
        problems.append(Problem(str(record.towns_path), town.row, "lat", message))
    return problems
