"""The map's paint style, defined once: every painter reads it.

The browser's MapLibre layers get it as JSON (`style_sheet`, inside the reader's step
tables), the vector exports and both legends read the same constants. Change a colour,
a width or a tier here and the app, the published site and every export follow.
"""

from __future__ import annotations

from dashboard.pack.config import ConflictConfig
from dashboard.records import Town

# Land and water around the pack's own areas.
LAND_COLOUR = "#efeeea"  # neighbouring countries
SEA_COLOUR = "#d6e6ef"
WATER_LINE_COLOUR = "#8fb4cc"
WATER_LABEL_COLOUR = "#4a7a99"  # sea, lake and river names (italic)
RIVER_WIDTH = {1: 1.6, 2: 1.2, 3: 0.8}  # by the layer's `rank` (1: the main rivers)
ROAD_COLOUR = "#9a948a"
ROAD_WIDTH = {1: 1.4, 2: 0.9, 3: 0.6}
COUNTRY_LABEL_COLOUR = "#8a857c"  # neighbouring countries (letter-spaced capitals)
REGION_LABEL_COLOUR = "#5e5a54"
# Area fills: one opacity for every holder; how firmly a holder is known is shown by a
# hatch over its own colour (never by a lighter tint, which reads as another side).
AREA_OPACITY = 0.85
# Certainty codes (timeline.CERTAINTY) that get the hatch: low-confidence, region-based
# and inferred holders.
HATCHED_CERTAINTY = (1, 2)
HATCH = {"colour": "#ffffff", "opacity": 0.6, "width": 1.3, "spacing": 7}
# A zone held under an occupation older than the record (zones.geojson `pattern`:
# `occupied`, the Golan since 1967): level lines over the holder's colour, so the land a
# day's advance took beside it reads apart; named in the legend by the zone's label.
OCCUPIED = {"colour": "#ffffff", "opacity": 0.75, "width": 1.2, "spacing": 5}
# Contested land: stripes of the contested grey, the other way from the hatch, over the
# colour of the side that held it last (plain grey where no side held it before).
CONTESTED_STATE = "contested"
STRIPES = {"opacity": 0.9, "width": 3.0, "spacing": 8}
# Lines drawn over the areas.
CHANGED_COLOUR = "#d6006f"
CHANGED_WIDTH = 2.5
FRONTLINE_COLOUR = "#111111"
FRONTLINE_WIDTH = 2.0
PARENT_COLOUR = "#6b6b6b"
PARENT_WIDTH = 0.8
COUNTRY_COLOUR = "#444444"
COUNTRY_WIDTH = 1.2
DISPUTED_COLOUR = "#e4ddd0"
# Town dots are neutral (the area carries the colour); cities are larger.
TOWN_FILL = "#ffffff"
TOWN_STROKE = "#222222"
TOWN_RADIUS = {"city": 4.0, "town": 3.0}
OTHER_RADIUS = 2.5
FACILITY_RADIUS = 3.5
# Facilities get a symbol of their own (Plotly marker names; the reader draws the same
# shapes); settlements are round, the national capital a star.
FACILITY_SYMBOLS = {
    "airbase": "triangle-up",
    "airport": "triangle-up",
    "base": "square",
    "crossing": "diamond",
    "dam": "hexagon",
    "camp": "cross",
    "other": "circle",
}
SETTLEMENT_SYMBOL = "circle"
CAPITAL_SYMBOL = "star"
CAPITAL_RADIUS = 6.5
INK = "#1a1a1a"
HALO = "#ffffff"
# A text halo as CSS text-shadow (exports: Plotly's `font.shadow`): blurred, so PDF
# viewers see each name once (sharp offset shadows would repeat the text).
HALO_SHADOW = "0 0 1px #fff, 0 0 2px #fff, 0 0 2.5px #fff, 0 0 3px #fff"
# Place names by rank (see `label_rank`): the text size and the zoom from which a
# tier is shown, most important first.
KIND_RANKS = {"city": 2, "town": 3}
CAPITAL_RANKS = {"national": 0, "regional": 1}
OTHER_RANK = 4
LABEL_TIERS = (
    {"rank": 0, "size": 15, "weight": "bold", "minzoom": 0},
    {"rank": 1, "size": 12.5, "weight": "semibold", "minzoom": 0},
    {"rank": 2, "size": 11.5, "weight": "regular", "minzoom": 5.8},
    {"rank": 3, "size": 11, "weight": "regular", "minzoom": 7.2},
    {"rank": OTHER_RANK, "size": 10.5, "weight": "regular", "minzoom": 8.5},
)
FONT_STACK = "Noto Sans Regular"
# Exports: Noto Sans with its matched Arabic face (Debian's fonts-noto-core).
EXPORT_FONTS = "Noto Sans, Noto Sans Arabic, DejaVu Sans, sans-serif"

# Legend wording, translated by the painter (`dashboard.i18n`).
CHANGED_LABEL = "Magenta outline: changed hands since the previous day"
FRONTLINE_LABEL = "Frontline: border between areas held by different sides"
UNCERTAIN_LABEL = "Hatched: the holder rests on a low-confidence or regional report, or is inferred"
DISPUTED_LABEL = "Disputed zone (not assigned to any side; see the credits)"
TOWNS_LABEL = "Dots: tracked places (click for their history)"
CONTESTED_LABEL = "Stripes: contested, over the colour of the last holder"


def label_rank(town: Town) -> int:
    """0 for the national capital, 1 for regional seats, then by kind (larger: less)."""
    if town.capital in CAPITAL_RANKS:
        return CAPITAL_RANKS[town.capital]
    return KIND_RANKS.get(town.kind, OTHER_RANK)


def town_radius(town: Town) -> float:
    """Dot radius in pixels: capitals and cities stand out, facilities get their own."""
    if town.capital == "national":
        return CAPITAL_RADIUS
    if not town.holds_area:
        return FACILITY_RADIUS
    return TOWN_RADIUS.get(town.kind, OTHER_RADIUS)


def town_symbol(town: Town) -> str:
    """The marker of a place: a star for the national capital, a facility's own shape,
    a dot for any other settlement."""
    if town.capital == "national":
        return CAPITAL_SYMBOL
    if not town.holds_area:
        return FACILITY_SYMBOLS.get(town.kind, SETTLEMENT_SYMBOL)
    return SETTLEMENT_SYMBOL


def style_sheet(config: ConflictConfig) -> dict:
    """The style as the browser reads it (MapLibre paint values by state code)."""
    states = config.all_states
    return {
        "land": LAND_COLOUR,
        "sea": SEA_COLOUR,
        "water": WATER_LINE_COLOUR,
        "waterLabel": WATER_LABEL_COLOUR,
        "riverWidth": [RIVER_WIDTH[rank] for rank in sorted(RIVER_WIDTH)],
        "road": ROAD_COLOUR,
        "roadWidth": [ROAD_WIDTH[rank] for rank in sorted(ROAD_WIDTH)],
        "countryLabel": COUNTRY_LABEL_COLOUR,
        "regionLabel": REGION_LABEL_COLOUR,
        "states": [state.colour for state in states],
        "contested": config.state_ids.index(CONTESTED_STATE)
        if CONTESTED_STATE in config.state_ids
        else -1,
        "stripes": STRIPES,
        "draws": [state.frontline for state in states],
        "areaOpacity": AREA_OPACITY,
        "hatched": list(HATCHED_CERTAINTY),
        "hatch": HATCH,
        "occupied": OCCUPIED,
        "changed": {"colour": CHANGED_COLOUR, "width": CHANGED_WIDTH},
        "frontline": {"colour": FRONTLINE_COLOUR, "width": FRONTLINE_WIDTH},
        "parents": {"colour": PARENT_COLOUR, "width": PARENT_WIDTH},
        "country": {"colour": COUNTRY_COLOUR, "width": COUNTRY_WIDTH},
        "disputed": DISPUTED_COLOUR,
        "town": {"fill": TOWN_FILL, "stroke": TOWN_STROKE},
        "symbols": sorted({*FACILITY_SYMBOLS.values(), SETTLEMENT_SYMBOL, CAPITAL_SYMBOL}),
        "ink": INK,
        "halo": HALO,
        "labelTiers": list(LABEL_TIERS),
        "font": FONT_STACK,
    }
