"""The contract between the builder and the loader: files, geometry kinds and properties.

Kept in one place so the builder can never write a layer that the loader (and so the app)
would refuse.
"""

from __future__ import annotations

POLYGONS = frozenset({"Polygon", "MultiPolygon"})
LINES = frozenset({"LineString", "MultiLineString"})

# File -> (allowed geometry types, properties written in this order).
LAYERS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "districts.geojson": (POLYGONS, ("adm2_pcode", "name_en", "name_ar", "adm1_pcode")),
    "governorates.geojson": (POLYGONS, ("adm1_pcode", "name_en", "name_ar")),
    "country.geojson": (POLYGONS, ("adm0_pcode", "name_en", "name_ar")),
    "areas.geojson": (
        POLYGONS,
        (
            "area_id",
            "town_id",
            "adm2_pcode",
            "district_en",
            "district_ar",
            "adm1_pcode",
            "governorate_en",
            "area_km2",
        ),
    ),
    "frontier_edges.geojson": (LINES, ("area_a", "area_b")),
}

# Files the browser downloads (and the app loads); districts.geojson is for analysis only.
BROWSER_FILES = (
    "areas.geojson",
    "governorates.geojson",
    "country.geojson",
    "frontier_edges.geojson",
)
