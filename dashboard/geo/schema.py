"""The contract between the builder and the loader: files, geometry kinds and properties.

Kept in one place so the builder can never write a layer that the loader (and so the app)
would refuse. Names are objects keyed by language code (`{"en": ..., "ar": ...}`).
"""

from __future__ import annotations

POLYGONS = frozenset({"Polygon", "MultiPolygon"})
LINES = frozenset({"LineString", "MultiLineString"})

AREAS = "areas.geojson"
UNITS = "units.geojson"
PARENTS = "parents.geojson"
FRONTIER_EDGES = "frontier_edges.geojson"
DISPUTED = "disputed.geojson"
BEYOND = "beyond.geojson"
ZONES = "zones.geojson"

# File -> (allowed geometry types, properties written in this order).
LAYERS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    UNITS: (POLYGONS, ("unit_id", "names", "parent_id")),
    PARENTS: (POLYGONS, ("parent_id", "names")),
    AREAS: (
        POLYGONS,
        (
            "area_id",
            "town_id",
            "unit_id",
            "unit_names",
            "parent_id",
            "area_km2",
            "km2_held",
            "nearest",
        ),
    ),
    FRONTIER_EDGES: (LINES, ("area_a", "area_b")),
    DISPUTED: (POLYGONS, ("disputed_id", "unit_id", "labels")),
    BEYOND: (POLYGONS, ("area_id", "km2")),
    ZONES: (POLYGONS, ("town_id", "labels", "area_ids")),
}
# Properties a feature carries only when set: a zone's pattern, one of ZONE_PATTERNS
# (`occupied`: land held under an occupation older than the record, drawn with its own
# lines over the holder's colour and named in the legend).
OPTIONAL_PROPERTIES: dict[str, tuple[str, ...]] = {ZONES: ("pattern",)}
ZONE_PATTERNS = ("occupied",)

# Basemap layers (optional): the geography around and under the pack's areas, from open
# data the pack carries in geo/basemap/ (neighbouring countries, lakes, rivers, roads and
# the names of countries, seas, lakes, rivers and regions). `name` is {lang: text}; `rank`
# orders importance (1 first). Drawn by the exports; a pack without them still loads.
BASEMAP_DIR = "basemap"
POINTS = frozenset({"Point"})
LAND = "land.geojson"
LAKES = "lakes.geojson"
RIVERS = "rivers.geojson"
ROADS = "roads.geojson"
LABELS = "labels.geojson"
LABEL_KINDS = ("country", "sea", "lake", "river", "region")
BASEMAP_LAYERS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    LAND: (POLYGONS, ("name",)),
    LAKES: (POLYGONS, ()),
    RIVERS: (LINES, ("name", "rank")),
    ROADS: (LINES, ("rank",)),
    LABELS: (POINTS, ("kind", "name", "rank")),
}

# Files the app loads; units.geojson is for analysis only. disputed.geojson exists only
# for packs that declare disputed zones, beyond.geojson only when some land lies beyond
# every place's reach, zones.geojson only for packs that draw zones (in their root).
APP_FILES = (AREAS, PARENTS, FRONTIER_EDGES)
OPTIONAL_APP_FILES = (DISPUTED, BEYOND, ZONES)
