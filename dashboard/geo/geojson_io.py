"""A compact, deterministic GeoJSON writer.

The browser downloads these files, so coordinates are rounded to the build grid and
written without spaces; keys keep a fixed order so identical input gives identical bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely


def feature_collection(
    table: pd.DataFrame, properties: Sequence[str], decimals: int, optional: Sequence[str] = ()
) -> dict[str, Any]:
    """Turn rows with a `geometry` column into an RFC 7946 FeatureCollection dict; the
    `optional` properties are written only where a row has a value.

    Polygon rings are oriented counter-clockwise outside, clockwise in holes, as RFC 7946
    asks, so strict renderers fill the right side.
    """
    geoms = shapely.orient_polygons(table["geometry"].to_numpy(), exterior_cw=False)
    features = [
        {
            "type": "Feature",
            "properties": {
                **{name: _plain(row[name]) for name in properties},
                **{name: _plain(row[name]) for name in optional if row.get(name)},
            },
            "geometry": _rounded(geom.__geo_interface__, decimals),
        }
        for geom, (_, row) in zip(geoms, table.iterrows(), strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def write_geojson(path: Path, collection: dict[str, Any]) -> int:
    """Write the collection as compact UTF-8 JSON and return its size in bytes."""
    data = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    Path(path).write_bytes(data)
    return len(data)


def _rounded(geometry: dict[str, Any], decimals: int) -> dict[str, Any]:
    return {
        "type": geometry["type"],
        "coordinates": _round(geometry["coordinates"], decimals),
    }


def _round(coords: Any, decimals: int) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(float(value), decimals) for value in coords]
    return [_round(part, decimals) for part in coords]


def _plain(value: Any) -> Any:
    """NumPy scalars are not JSON-serialisable; give json the Python equivalent."""
    return value.item() if isinstance(value, np.generic) else value
