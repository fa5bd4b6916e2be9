"""The pack's boundary units, read once: whether a point lies on the map, and which
parent unit (the "front", as `frontline summary` calls it) it lies in."""

from __future__ import annotations

import shapely

from dashboard.geo.source import read_units
from dashboard.pack.config import ConflictConfig
from dashboard.pack.paths import PackPaths


class Units:
    def __init__(self, paths: PackPaths, config: ConflictConfig):
        units = read_units(paths.source_dir, config.boundaries)
        self._geometry = units.geometry.to_numpy()
        self._tree = shapely.STRtree(self._geometry)
        column = f"parent_name_{config.primary_language}"
        self._parents = units[column].astype(str).to_list()

    def parent_of(self, lat: float, lon: float) -> str | None:
        """The parent unit's name, or None outside every unit (off the map)."""
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self._parents[int(hits.min())] if len(hits) else None

    def contains(self, lat: float, lon: float) -> bool:
        return self.parent_of(lat, lon) is not None
