"""Colour scales that turn state codes into the colours of `dashboard.sides`."""

from __future__ import annotations

from dashboard.sides import CONTROL_STATES

STATE_COUNT = len(CONTROL_STATES)


def discrete_colourscale() -> list[list]:
    """A stepped scale: code k (0-based) gets exactly the colour of state k."""
    scale: list[list] = []
    for code, state in enumerate(CONTROL_STATES):
        scale.append([code / STATE_COUNT, state.colour])
        scale.append([(code + 1) / STATE_COUNT, state.colour])
    return scale


# Codes are centred in their band when the scale spans -0.5 .. STATE_COUNT - 0.5.
CODE_RANGE = {"zmin": -0.5, "zmax": STATE_COUNT - 0.5}
MARKER_CODE_RANGE = {"cmin": -0.5, "cmax": STATE_COUNT - 0.5}
