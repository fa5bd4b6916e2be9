"""Placing tracked towns in boundary units, the step that decides which areas exist.

Every town must lie in a unit (a town outside the map, or in a disputed zone, would have
no area); all such towns are reported together so one run lists every fix needed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from dashboard.geo.errors import GeoBuildError

TOWN_COLUMNS = ("town_id", "name", "lat", "lon")


def place_towns(towns: pd.DataFrame, unit_ids: np.ndarray, units: np.ndarray) -> pd.DataFrame:
    """Return `towns` (sorted by town_id) with a `unit_id` column.

    A town on a border between units goes to the unit with the lowest id, so the
    result never depends on row order.
    """
    towns = _checked(towns)
    points = shapely.points(towns["lon"].to_numpy(float), towns["lat"].to_numpy(float))
    town_idx, unit_idx = shapely.STRtree(units).query(points, predicate="intersects")
    first = pd.DataFrame({"town": town_idx, "unit": unit_ids[unit_idx]})
    first = first.sort_values(["town", "unit"], kind="stable").drop_duplicates("town")
    placed = towns.assign(unit_id=None)
    placed.loc[placed.index[first["town"].to_numpy()], "unit_id"] = first["unit"].to_numpy()
    outside = placed[placed["unit_id"].isna()]
    if len(outside):
        raise GeoBuildError(
            "cannot place towns on the map:\n"
            + "\n".join(
                f"town {row.town_id} ({row.name}) at lat {row.lat}, lon {row.lon} "
                "is outside every boundary unit (or inside a disputed zone)"
                for row in outside.itertuples()
            ),
            town_ids=tuple(outside["town_id"]),
        )
    return placed


def _checked(towns: pd.DataFrame) -> pd.DataFrame:
    """Reject tables the partition cannot handle, with the town ids at fault."""
    missing = [column for column in TOWN_COLUMNS if column not in towns.columns]
    if missing:
        raise GeoBuildError(f"towns table lacks columns: {', '.join(missing)}")
    towns = towns[list(TOWN_COLUMNS)].copy()
    towns["town_id"] = towns["town_id"].astype(str)
    towns["lat"] = pd.to_numeric(towns["lat"], errors="coerce")
    towns["lon"] = pd.to_numeric(towns["lon"], errors="coerce")
    problems = {
        "have no valid lat/lon": towns[towns[["lat", "lon"]].isna().any(axis=1)],
        "are listed more than once": towns[towns["town_id"].duplicated(keep=False)],
        # Two towns on one spot would share a single nearest-town cell.
        "share identical coordinates": towns[towns.duplicated(["lat", "lon"], keep=False)],
    }
    for what, rows in problems.items():
        if len(rows):
            ids = tuple(sorted(set(rows["town_id"])))
            raise GeoBuildError(f"towns {what}: {', '.join(ids)}", town_ids=ids)
    return towns.sort_values("town_id", kind="stable").reset_index(drop=True)
