"""Credits that travel with every map: under it in the app and inside every export.

The texts come from the pack (`[attribution]` in `conflict.toml`); only the note on
how areas are drawn is the tool's own, because it describes the tool's method.
"""

from __future__ import annotations

from dashboard.pack.config import ConflictConfig


def areas_note(config: ConflictConfig) -> str:
    unit = config.text(config.boundaries.unit, "en")
    return (
        f"Areas are {unit}s divided among tracked towns (nearest-town cells): "
        "an approximation, not surveyed front lines."
    )


def credit_lines(config: ConflictConfig) -> tuple[str, ...]:
    """Every credit, one per line: boundaries, places, control, then the method note."""
    credits = config.attribution
    return (credits.boundaries, credits.places, credits.control, areas_note(config))
