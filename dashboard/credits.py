"""Credits that travel with every map: under it in the app and inside every export.

The texts come from the pack (`[attribution]` in `conflict.toml`); only the note on
how areas are drawn is the tool's own, because it describes the tool's method, so only
it is translated (`dashboard.i18n`).
"""

from __future__ import annotations

from dashboard.i18n import pack_translator
from dashboard.pack.config import ConflictConfig


def areas_note(config: ConflictConfig, lang: str | None = None) -> str:
    """How areas are drawn, in `lang` (default: the pack's primary language)."""
    tr = pack_translator(config, lang)
    return tr(
        "Areas are {unit}s divided among tracked towns (nearest-town cells): "
        "an approximation, not surveyed front lines.",
        unit=config.text(config.boundaries.unit, tr.lang),
    )


def credit_lines(config: ConflictConfig, lang: str | None = None) -> tuple[str, ...]:
    """Every credit, one per line: boundaries, places, control, then the method note."""
    credits = config.attribution
    return (credits.boundaries, credits.places, credits.control, areas_note(config, lang))
