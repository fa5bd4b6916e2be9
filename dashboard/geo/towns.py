"""Placing tracked towns in districts, the step that decides which areas exist.

Every district must hold at least one town (its area is split among its towns) and every
town must lie in a district; both are checked together so one run reports all fixes needed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from dashboard.geo.errors import GeoBuildError

TOWN_COLUMNS = ("town_id", "name_en", "lat", "lon")


def place_towns(towns: pd.DataFrame, pcodes: np.ndarray, districts: np.ndarray) -> pd.DataFrame:
    """Return `towns` (sorted by town_id) with an `adm2_pcode` column.

    A town on a border between districts goes to the district with the lowest p-code,
    so the result never depends on row order.
    """
    towns = _checked(towns)
    points = shapely.points(towns["lon"].to_numpy(float), towns["lat"].to_numpy(float))
    town_idx, district_idx = shapely.STRtree(districts).query(points, predicate="intersects")
    first = pd.DataFrame({"town": town_idx, "pcode": pcodes[district_idx]})
    first = first.sort_values(["town", "pcode"], kind="stable").drop_duplicates("town")
    placed = towns.assign(adm2_pcode=None)
    placed.loc[placed.index[first["town"].to_numpy()], "adm2_pcode"] = first["pcode"].to_numpy()

    outside = placed[placed["adm2_pcode"].isna()]
    empty = sorted(set(pcodes) - set(placed["adm2_pcode"].dropna()))
    if len(outside) or empty:
        lines = [
            f"town {row.town_id} ({row.name_en}) at lat {row.lat}, lon {row.lon} "
            "is outside every district"
            for row in outside.itertuples()
        ]
        lines += [f"district {pcode} contains no tracked town" for pcode in empty]
        raise GeoBuildError(
            "cannot divide districts among towns:\n" + "\n".join(lines),
            town_ids=tuple(outside["town_id"]),
            district_pcodes=tuple(empty),
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
