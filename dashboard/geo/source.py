"""Reading the OCHA COD-AB district boundaries from which every map layer is derived.

Only the ADM2 file is used: governorates and the country are dissolved from it, so all
levels share exactly the same edges (the separate ADM1 file is from another release).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from dashboard.geo.errors import GeoBuildError

DISTRICTS_FILE = "syr_adm2_ocha_codab_viz-jiaf.geojson"

# Source column -> column name used by the builder.
_COLUMNS = {
    "adm2_pcode": "adm2_pcode",
    "adm2_name": "name_en",
    "adm2_name1": "name_ar",
    "adm1_pcode": "adm1_pcode",
    "adm1_name": "adm1_name_en",
    "adm1_name1": "adm1_name_ar",
    "adm0_pcode": "adm0_pcode",
    "adm0_name": "adm0_name_en",
    "adm0_name1": "adm0_name_ar",
}


def default_source_dir(repo_root: Path) -> Path:
    """Where the boundary sources live: beside the repo, because they are never copied in."""
    return Path(repo_root).parent / "shared" / "geo" / "source"


def read_districts(source_dir: Path) -> gpd.GeoDataFrame:
    """Read the 62 districts in lon/lat WGS 84, sorted by p-code for deterministic output."""
    path = Path(source_dir) / DISTRICTS_FILE
    if not path.is_file():
        raise GeoBuildError(f"{path}: district boundaries not found")
    districts = gpd.read_file(path)
    missing = sorted(set(_COLUMNS) - set(districts.columns))
    if missing:
        raise GeoBuildError(f"{path}: missing columns {', '.join(missing)}")
    districts = districts[[*_COLUMNS, "geometry"]].rename(columns=_COLUMNS).to_crs("EPSG:4326")
    return districts.sort_values("adm2_pcode", kind="stable").reset_index(drop=True)
