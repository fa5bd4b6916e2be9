"""Colour scales that turn state codes into the colours of `dashboard.sides`."""

from __future__ import annotations

from dashboard.sides import CONTROL_STATES

STATE_COUNT = len(CONTROL_STATES)


def discrete_colourscale(darken: float = 0.0) -> list[list]:
    """A stepped scale: code k (0-based) gets exactly the colour of state k.

    `darken` (0..1) mixes in black, so town dots stay visible on an area of the
    same side without a second outline trace.
    """
    scale: list[list] = []
    for code, state in enumerate(CONTROL_STATES):
        colour = _darker(state.colour, darken)
        scale.append([code / STATE_COUNT, colour])
        scale.append([(code + 1) / STATE_COUNT, colour])
    return scale


def _darker(hex_colour: str, amount: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    keep = 1 - amount
    return f"#{round(red * keep):02x}{round(green * keep):02x}{round(blue * keep):02x}"


# Codes are centred in their band when the scale spans -0.5 .. STATE_COUNT - 0.5.
CODE_RANGE = {"zmin": -0.5, "zmax": STATE_COUNT - 0.5}
MARKER_CODE_RANGE = {"cmin": -0.5, "cmax": STATE_COUNT - 0.5}
