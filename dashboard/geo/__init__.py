"""Map geometry: builds the district, governorate, country and town-area layers once,
offline, from the OCHA district boundaries, and loads the built layers at app start-up.

The split keeps the slow, dependency-heavy work (simplifying, partitioning) out of the
app: the app only reads small, pre-checked GeoJSON files from `data/geo/`.
"""

from dashboard.geo.build import build_geo
from dashboard.geo.errors import GeoBuildError, GeoLayerError
from dashboard.geo.layers import GeoLayers, load_layers

BOUNDARY_ATTRIBUTION = (
    "Administrative boundaries: OCHA Syria / OCHA Field Information Services, "
    "Common Operational Dataset (COD-AB) Syria, via the Humanitarian Data Exchange (HDX), "
    "CC BY-IGO 3.0."
)

__all__ = [
    "BOUNDARY_ATTRIBUTION",
    "GeoBuildError",
    "GeoLayerError",
    "GeoLayers",
    "build_geo",
    "load_layers",
]
