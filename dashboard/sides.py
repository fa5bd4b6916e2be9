"""Control states: the neutral side ids (a contract), their labels and colours.

Ids never change because the CLI output, the CSV files and automation rely on
them; labels and colours are presentation and may be tuned freely.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ControlState:
    """One value a town's control can take: a side, or the `contested` state."""

    id: str
    label: str
    colour: str
    is_side: bool = True


CONTROL_STATES: tuple[ControlState, ...] = (
    ControlState("government", "Syrian government (Assad-era forces and allies)", "#c8453c"),
    ControlState("hts_led", "HTS-led opposition coalition", "#3f8f5a"),
    ControlState("sna", "Syrian National Army (Turkish-backed)", "#9ccf5b"),
    ControlState("sdf", "Syrian Democratic Forces (SDF)", "#f0c419"),
    ControlState("southern_opposition", "Southern opposition factions", "#3b7dc4"),
    ControlState("isis", "Islamic State (ISIS)", "#3a3a3a"),
    ControlState("other", "Other forces (see each place's history)", "#9a6fb0"),
    ControlState("contested", "Contested (fighting, no clear holder)", "#b9b9b9", is_side=False),
)

STATE_BY_ID: dict[str, ControlState] = {state.id: state for state in CONTROL_STATES}
SIDE_IDS: tuple[str, ...] = tuple(s.id for s in CONTROL_STATES if s.is_side)
CONTESTED = "contested"
STATE_IDS: tuple[str, ...] = tuple(STATE_BY_ID)
STATE_CODE: dict[str, int] = {state_id: code for code, state_id in enumerate(STATE_IDS)}
