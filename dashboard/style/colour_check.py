"""Whether a pack's colours stay apart for readers with a colour-vision deficiency.

Each colour a map can show next to another is taken as it appears (an area's fill laid
over the white page at the opacity of a reported holder), seen through a simulation
of protanopia, deuteranopia and tritanopia as well as normal vision, and every pair
must differ by at least `MIN_DELTA_E` (CIEDE2000). `frontline validate` warns for the
pairs that do not; the check never refuses a pack, since colours are presentation.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from dashboard.pack.config import ConflictConfig
from dashboard.style import AREA_OPACITY, CHANGED_COLOUR, DISPUTED_COLOUR, FRONTLINE_COLOUR

# The least CIEDE2000 difference two neighbouring colours may have, in normal vision
# and under each simulation. Two large patches side by side can just be told apart at
# about 1 to 2; a reader has to do more than notice a border: they must match a small,
# lighter, outlined area to its legend entry, so the floor is several times that.
MIN_DELTA_E = 10.0

FILL_OPACITY = AREA_OPACITY

# Simulation matrices of Machado, Oliveira and Fernandes, "A physiologically-based
# model for simulation of color vision deficiency" (IEEE TVCG 15(6), 2009), for a
# severity of 1.0, i.e. the full dichromacy: a missing L (protanopia), M (deuteranopia)
# or S (tritanopia) cone. They act on linear RGB, and each row sums to 1 so that a grey
# stays the same grey. Values as tabulated by the authors for the sRGB primaries.
SIMULATIONS: dict[str, np.ndarray] = {
    "normal vision": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}

# Linear sRGB to CIE XYZ, and the D65 white, as IEC 61966-2-1 gives them.
_RGB_TO_XYZ = np.array(
    [
        [0.4124, 0.3576, 0.1805],
        [0.2126, 0.7152, 0.0722],
        [0.0193, 0.1192, 0.9505],
    ]
)
_WHITE_D65 = _RGB_TO_XYZ.sum(axis=1)


def hex_to_rgb(colours: Collection[str]) -> np.ndarray:
    """`#rrggbb` texts as an (n, 3) array of sRGB values in 0..1."""
    return np.array([[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in colours])


def over_white(rgb: np.ndarray, opacity: float | np.ndarray) -> np.ndarray:
    """The colour seen when `rgb` is painted at `opacity` on a white page (browsers
    blend the encoded sRGB values, so the mix is made there)."""
    return opacity * rgb + (1 - opacity)


def _linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _encoded(linear: np.ndarray) -> np.ndarray:
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def simulate(rgb: np.ndarray, vision: str) -> np.ndarray:
    """sRGB colours (n, 3) as a reader with `vision` (a key of `SIMULATIONS`) sees them."""
    seen = np.clip(_linear(rgb) @ SIMULATIONS[vision].T, 0.0, 1.0)
    return _encoded(seen)


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB colours (n, 3) in CIELAB under the D65 white."""
    ratio = (_linear(rgb) @ _RGB_TO_XYZ.T) / _WHITE_D65
    cube = np.where(ratio > (6 / 29) ** 3, np.cbrt(ratio), ratio / (3 * (6 / 29) ** 2) + 4 / 29)
    x, y, z = cube[..., 0], cube[..., 1], cube[..., 2]
    return np.stack([116 * y - 16, 500 * (x - y), 200 * (y - z)], axis=-1)


def delta_e_2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 between CIELAB colours (..., 3), with the parametric factors at 1
    (Sharma, Wu and Dalal's formulation, 2005)."""
    l1, a1, b1 = np.moveaxis(np.asarray(lab1, float), -1, 0)
    l2, a2, b2 = np.moveaxis(np.asarray(lab2, float), -1, 0)
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1 = np.degrees(np.arctan2(b1, a1)) % 360
    h2 = np.degrees(np.arctan2(b2, a2)) % 360
    grey = c1 * c2 == 0
    dh = h2 - h1
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(grey, 0.0, dh)
    d_hue = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    l_mean = (l1 + l2) / 2
    c_mean = (c1 + c2) / 2
    h_sum = h1 + h2
    h_mean = np.where(
        grey,
        h_sum,
        np.where(
            np.abs(h1 - h2) <= 180,
            h_sum / 2,
            np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2),
        ),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    rotation = -2 * np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7))
    rotation *= np.sin(np.radians(60 * np.exp(-(((h_mean - 275) / 25) ** 2))))
    terms = ((l2 - l1) / s_l, (c2 - c1) / s_c, d_hue / s_h)
    return np.sqrt(terms[0] ** 2 + terms[1] ** 2 + terms[2] ** 2 + rotation * terms[1] * terms[2])


@dataclass(frozen=True)
class Swatch:
    """One colour as the map shows it: `kind` is side, state, zone or line."""

    kind: str
    name: str
    colour: str
    opacity: float = 1.0


@dataclass(frozen=True)
class Difference:
    """How far apart two swatches look to a reader with `vision`."""

    first: Swatch
    second: Swatch
    vision: str
    delta_e: float

    @property
    def pair(self) -> str:
        """`sides: government, hts_led`, or `side sdf, line changed outline`."""
        if self.first.kind == self.second.kind:
            return f"{self.first.kind}s: {self.first.name}, {self.second.name}"
        return f"{self.first.kind} {self.first.name}, {self.second.kind} {self.second.name}"

    def __str__(self) -> str:
        return f"[{self.pair}]: ΔE {self.delta_e:.1f} under {self.vision} (needs {MIN_DELTA_E:g})"


def swatches(config: ConflictConfig, held: Collection[str] | None = None) -> list[Swatch]:
    """The fills of the sides and states that hold something (all if `held` is None),
    the disputed-zone fill if the pack has such zones, and the lines drawn over them."""
    sides = {side.id for side in config.sides}
    fills = [
        Swatch("side" if state.id in sides else "state", state.id, state.colour, FILL_OPACITY)
        for state in config.all_states
        if held is None or state.id in held
    ]
    if config.boundaries.disputed:  # at full strength, as its legend entry shows it
        fills.append(Swatch("zone", "disputed", DISPUTED_COLOUR))
    lines = [
        Swatch("line", "changed outline", CHANGED_COLOUR),
        Swatch("line", "frontline", FRONTLINE_COLOUR),
    ]
    return [*fills, *lines]


def differences(config: ConflictConfig, held: Collection[str] | None = None) -> list[Difference]:
    """Every pair of swatches that can meet on the map (two lines never need to differ),
    in every vision."""
    shown = swatches(config, held)
    pairs = [
        (i, j)
        for i, j in itertools.combinations(range(len(shown)), 2)
        if not shown[i].kind == shown[j].kind == "line"
    ]
    first, second = (np.array(index) for index in zip(*pairs, strict=True))
    opacity = np.array([[swatch.opacity] for swatch in shown])
    painted = over_white(hex_to_rgb([swatch.colour for swatch in shown]), opacity)
    result = []
    for vision in SIMULATIONS:
        lab = to_lab(simulate(painted, vision))
        deltas = delta_e_2000(lab[first], lab[second]).tolist()
        result += [
            Difference(shown[i], shown[j], vision, delta)
            for (i, j), delta in zip(pairs, deltas, strict=True)
        ]
    return result


def clashes(config: ConflictConfig, held: Collection[str] | None = None) -> list[Difference]:
    """The pairs closer than `MIN_DELTA_E`, closest first."""
    close = [d for d in differences(config, held) if d.delta_e < MIN_DELTA_E]
    return sorted(close, key=lambda d: d.delta_e)
