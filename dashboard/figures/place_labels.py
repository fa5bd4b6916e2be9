"""The names on an exported map: one label system for places and for the basemap's
countries, seas, rivers and regions.

Places are named by tier (`dashboard.style.LABEL_TIERS`: the capital largest and bold,
regional seats next, then cities and towns), most important first, each beside its
marker on the first side where its text covers no marker, no name already placed and
nothing the page reserved (the legend, a callout), and stays inside the frame; a name
with no such place is left out. Names carry a white halo, not a box. Exports write them
as Plotly annotations, so SVG and PDF files carry real text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dashboard.figures.text import plain
from dashboard.figures.vector_map import Panel, world_x, world_y
from dashboard.records import Town
from dashboard.style import (
    COUNTRY_LABEL_COLOUR,
    HALO_SHADOW,
    INK,
    KIND_RANKS,
    LABEL_TIERS,
    REGION_LABEL_COLOUR,
    WATER_LABEL_COLOUR,
    label_rank,
    town_radius,
)

# Text boxes are estimated, not measured: an average glyph is about this share of the
# font size wide (Noto Sans, Latin and Arabic alike), a line this tall.
GLYPH_WIDTH = 0.58
SPACED_GLYPH_WIDTH = 0.85  # letter-spaced capitals (neighbouring countries)
LINE_HEIGHT = 1.25
GAP = 2.0  # pixels between a marker and its name
EDGE = 3.0  # pixels a name keeps from the frame
WEIGHTS = {"bold": 700, "semibold": 600, "regular": 400}
BASEMAP_TIER = 1  # basemap names are set at this tier's size
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*$")

Box = tuple[float, float, float, float]


def map_name(town: Town, lang: str) -> str:
    """The one short name a map shows: the name in `lang` without a trailing
    parenthetical (alternates belong in search and the place's card)."""
    return _PARENTHETICAL.sub("", town.name_in(lang)) or town.name_in(lang)


@dataclass
class LabelPlacer:
    """The names of one panel, placed one by one on free ground; `taken` holds the
    boxes (panel pixels) nothing may cover."""

    panel: Panel
    rtl: bool
    font_family: str
    halo: str = HALO_SHADOW  # CSS text-shadow; "" for none
    taken: list[Box] = field(default_factory=list)
    annotations: list[dict] = field(default_factory=list)

    def reserve(self, box: Box) -> None:
        self.taken.append(box)

    def reserve_markers(self, towns: Iterable[Town], dot_scale: float) -> None:
        """Every marker in the panel is ground no name may cover."""
        for town in towns:
            x, y = self.panel.pixel(town.lon, town.lat)
            r = town_radius(town) * dot_scale + 0.5
            self.taken.append((x - r, y - r, x + r, y + r))

    def places(
        self, towns: Iterable[Town], lang: str, scale: float, max_rank: int, dot_scale: float
    ) -> None:
        """Name the places of rank up to `max_rank`, most important first, at their
        tier's size times `scale`."""
        ranked = sorted(
            (t for t in towns if label_rank(t) <= max_rank and t.kind != "zone"),
            key=lambda town: (label_rank(town), map_name(town, lang)),
        )
        for town in ranked:
            tier = LABEL_TIERS[label_rank(town)]
            size = tier["size"] * scale
            text = map_name(town, lang)
            x, y = self.panel.pixel(town.lon, town.lat)
            shift = town_radius(town) * dot_scale + GAP
            width, height = len(text) * size * GLYPH_WIDTH, size * LINE_HEIGHT
            for anchor, box, dx, dy in self._candidates(x, y, shift, width, height):
                if self._free(box):
                    self.taken.append(box)
                    self.annotations.append(
                        self._annotation(
                            text,
                            town.lon,
                            town.lat,
                            size,
                            WEIGHTS[tier["weight"]],
                            INK,
                            anchor,
                            dx,
                            dy,
                        )
                    )
                    break

    def basemap(self, labels: dict | None, lang: str, scale: float, max_rank: int) -> None:
        """Names of the countries, seas, lakes, rivers and regions around, centred on
        their points, most important first; each only where it is free."""
        if not labels:
            return
        features = sorted(
            (f for f in labels["features"] if int(f["properties"]["rank"]) <= max_rank),
            key=lambda f: int(f["properties"]["rank"]),
        )
        size = LABEL_TIERS[BASEMAP_TIER]["size"] * scale
        for feature in features:
            kind = feature["properties"]["kind"]
            names = feature["properties"]["name"]
            text = names.get(lang) or names.get("en") or next(iter(names.values()), "")
            if not text:
                continue
            lon, lat = feature["geometry"]["coordinates"][:2]
            x, y = self.panel.pixel(lon, lat)
            spaced = kind in ("country", "region") and not self.rtl
            shown = _spaced(text.upper()) if spaced else text
            glyph = SPACED_GLYPH_WIDTH if spaced else GLYPH_WIDTH
            width, height = len(text) * size * glyph, size * LINE_HEIGHT
            box = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
            if not self._free(box):
                continue
            self.taken.append(box)
            colour = {"country": COUNTRY_LABEL_COLOUR, "region": REGION_LABEL_COLOUR}.get(
                kind, WATER_LABEL_COLOUR
            )
            annotation = self._annotation(shown, lon, lat, size, 400, colour, "center", 0, 0)
            if kind != "country":
                annotation["font"]["style"] = "italic"
            self.annotations.append(annotation)

    def _candidates(
        self, x: float, y: float, shift: float, width: float, height: float
    ) -> list[tuple[str, Box, float, float]]:
        """Where a name may go, best first: after the marker in the reading direction,
        before it, above, below, then the four diagonals; and the same again further
        out (a crowded capital still finds room)."""
        found = []
        for reach in (shift, shift + height):
            after = ("left", x + reach, x + reach + width, reach)
            before = ("right", x - reach - width, x - reach, -reach)
            sides = [before, after] if self.rtl else [after, before]
            for anchor, left, right, dx in sides:
                found.append((anchor, (left, y - height / 2, right, y + height / 2), dx, 0.0))
            lift = reach + height / 2
            for dy in (lift, -lift):
                box = (x - width / 2, y - dy - height / 2, x + width / 2, y - dy + height / 2)
                found.append(("center", box, 0.0, dy))
            for anchor, left, right, dx in sides:
                for dy in (height * 0.7, -height * 0.7):
                    box = (left, y - dy - height / 2, right, y - dy + height / 2)
                    found.append((anchor, box, dx, dy))
        return found

    def _free(self, box: Box) -> bool:
        view = self.panel.view
        inside = box[0] >= EDGE and box[1] >= EDGE
        inside = inside and box[2] <= view.width - EDGE and box[3] <= view.height - EDGE
        return inside and not any(_overlap(box, other) for other in self.taken)

    def _annotation(
        self,
        text: str,
        lon: float,
        lat: float,
        size: float,
        weight: int,
        colour: str,
        anchor: str,
        dx: float,
        dy: float,
    ) -> dict:
        return {
            "text": plain(text),
            "x": float(world_x(lon)),
            "y": float(world_y(lat)),
            "xref": self.panel.xref,
            "yref": self.panel.yref,
            "xanchor": anchor,
            "yanchor": "middle",
            "xshift": dx,
            "yshift": dy,
            "showarrow": False,
            "font": {
                "size": size,
                "color": colour,
                "weight": weight,
                "family": self.font_family,
                "shadow": self.halo or "none",
            },
        }


def _spaced(text: str) -> str:
    """Letter-spaced capitals, as maps name countries (thin spaces between letters)."""
    return "\u2009".join(text)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


__all__ = ["KIND_RANKS", "LabelPlacer", "map_name"]
