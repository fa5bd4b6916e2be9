"""Which place names a map shows, and where: capitals first, then cities, towns and the
rest, each placed beside its dot unless its text would cover a name already placed.

Exports write the names as Plotly annotations, so SVG and PDF files carry real text.
The app's symbol layer sorts by the same `label_rank`.
"""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.figures.text import plain
from dashboard.figures.vector_map import Panel, world_x, world_y
from dashboard.records import Town
from dashboard.style import KIND_RANKS, label_rank, town_radius

# Text boxes are estimated, not measured: an average glyph is about this share of
# the font size wide (DejaVu and Noto Sans, Latin and Arabic alike), a line this tall.
GLYPH_WIDTH = 0.6
LINE_HEIGHT = 1.3
GAP = 2.0  # pixels between a dot and its name


def place_labels(
    towns: Iterable[Town],
    panel: Panel,
    lang: str,
    font_size: float,
    max_rank: int = KIND_RANKS["town"],
    dot_scale: float = 1.0,
) -> list[dict]:
    """Annotations naming the towns of rank up to `max_rank` that fall inside the panel,
    most important first; a name whose box would overlap one already placed, or leave
    the panel, is left out."""
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    ranked = sorted(
        (town for town in towns if label_rank(town) <= max_rank),
        key=lambda town: (label_rank(town), town.name_in(lang)),
    )
    for town in ranked:
        text = town.name_in(lang)
        x, y = panel.pixel(town.lon, town.lat)
        shift = town_radius(town) * dot_scale + GAP
        width = len(text) * font_size * GLYPH_WIDTH
        height = font_size * LINE_HEIGHT
        box = (x + shift, y - height / 2, x + shift + width, y + height / 2)
        inside = box[0] >= 0 and box[1] >= 0
        inside = inside and box[2] <= panel.view.width and box[3] <= panel.view.height
        if not inside or any(_overlap(box, other) for other in placed):
            continue
        placed.append(box)
        labels.append(
            {
                "text": plain(text),
                "x": float(world_x(town.lon)),
                "y": float(world_y(town.lat)),
                "xref": panel.xref,
                "yref": panel.yref,
                "xanchor": "left",
                "yanchor": "middle",
                "xshift": shift,
                "showarrow": False,
                "font": {"size": font_size, "color": "#1a1a1a"},
                "bgcolor": "rgba(255,255,255,0.65)",
                "borderpad": 0,
            }
        )
    return labels


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
