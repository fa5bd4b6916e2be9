"""Map geometry: the built layers the app loads (`layers`), and the offline builder.

The builder (`dashboard.geo.build`, run by `frontline build-geo`) is slow and heavy and
is imported only by that command; the app only reads small, pre-checked GeoJSON files
from a pack's `geo/` folder.
"""
