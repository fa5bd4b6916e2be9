"""Colour scales that turn state codes into the pack's side and state colours."""

from __future__ import annotations

from dashboard.pack.config import ConflictConfig


def discrete_colourscale(config: ConflictConfig, darken: float = 0.0) -> list[list]:
    """A stepped scale: code k (0-based) gets exactly the colour of state k.

    `darken` (0..1) mixes in black, so town dots stay visible on an area of the
    same side without a second outline trace.
    """
    states = config.all_states
    scale: list[list] = []
    for code, state in enumerate(states):
        colour = darker(state.colour, darken)
        scale.append([code / len(states), colour])
        scale.append([(code + 1) / len(states), colour])
    return scale


def code_range(config: ConflictConfig, prefix: str) -> dict[str, float]:
    """`zmin`/`zmax` (prefix "z") or `cmin`/`cmax` ("c") that centre each code in its band."""
    return {f"{prefix}min": -0.5, f"{prefix}max": len(config.all_states) - 0.5}


def darker(hex_colour: str, amount: float) -> str:
    """`hex_colour` mixed with `amount` (0..1) of black."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    keep = 1 - amount
    return f"#{round(red * keep):02x}{round(green * keep):02x}{round(blue * keep):02x}"
