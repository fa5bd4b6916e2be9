"""Colours for everyone: the simulation of colour-vision deficiencies, the colour
difference, the bundled palettes, and the warning `frontline validate` gives."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
from fictional_pack import CONFIG, write_pack
from test_cli import run

from dashboard.pack.config import ConflictConfig, load_config
from dashboard.pack.paths import find_pack
from dashboard.style.colour_check import (
    MIN_DELTA_E,
    SIMULATIONS,
    clashes,
    delta_e_2000,
    differences,
    hex_to_rgb,
    over_white,
    simulate,
    to_lab,
)

DEFICIENCIES = ("protanopia", "deuteranopia", "tritanopia")
# Tableau's red and green: far apart in normal vision, close for a deuteranope.
RED, GREEN = "#d62728", "#2ca02c"


def arcadia_config(**colours: str) -> ConflictConfig:
    """The fictional pack's settings with some states recoloured (`azul="#..."`)."""
    data = tomllib.loads(CONFIG)
    for state in (*data["sides"], *data.get("states", ())):
        state["colour"] = colours.get(state["id"], state["colour"])
    return ConflictConfig.model_validate(data)


def lab_difference(first: str, second: str, vision: str) -> float:
    lab = to_lab(simulate(hex_to_rgb([first, second]), vision))
    return float(delta_e_2000(lab[0], lab[1]))


# -- the colour science ---------------------------------------------------------------


@pytest.mark.parametrize("vision", SIMULATIONS)
@pytest.mark.parametrize("grey", ["#000000", "#3a3a3a", "#a0a0a0", "#ffffff"])
def test_a_grey_is_seen_as_the_same_grey(vision: str, grey: str):
    rgb = hex_to_rgb([grey])
    assert np.allclose(simulate(rgb, vision), rgb, atol=1e-6)
    assert np.allclose(to_lab(rgb)[0, 1:], 0, atol=1e-3)


def test_the_matrices_act_on_linear_light():
    """Pure red is (1, 0, 0) in linear and encoded RGB alike, so its simulation is the
    first column of the matrix (clipped at 0), encoded back to sRGB."""
    linear = np.array([0.152286, 0.114503])
    encoded = [*(1.055 * linear ** (1 / 2.4) - 0.055), 0.0]
    assert np.allclose(simulate(hex_to_rgb(["#ff0000"]), "protanopia")[0], encoded, atol=1e-6)


def test_a_red_and_a_green_on_one_confusion_line_collapse_under_protanopia():
    # The green's linear level is the red's protan response divided by the green's.
    assert lab_difference("#ff0000", "#006b00", "normal vision") > 60
    assert lab_difference("#ff0000", "#006b00", "protanopia") < 1
    assert lab_difference("#ff0000", "#006b00", "tritanopia") > 50


def test_red_and_green_collapse_under_deuteranopia_but_not_tritanopia():
    assert lab_difference(RED, GREEN, "deuteranopia") < 6
    assert lab_difference(RED, GREEN, "tritanopia") > 50


def test_cielab_of_known_colours():
    lab = to_lab(hex_to_rgb(["#ffffff", "#000000", "#ff0000"]))
    assert np.allclose(lab[0], [100, 0, 0], atol=1e-3)
    assert np.allclose(lab[1], [0, 0, 0], atol=1e-3)
    assert np.allclose(lab[2], [53.24, 80.09, 67.20], atol=0.05)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # rows of Sharma, Wu and Dalal's published test data for CIEDE2000
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0009), 7.1792),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_the_published_test_data(first, second, expected):
    assert float(delta_e_2000(np.array(first), np.array(second))) == pytest.approx(
        expected, abs=1e-4
    )
    assert float(delta_e_2000(np.array(second), np.array(first))) == pytest.approx(
        expected, abs=1e-4
    )


def test_a_fill_is_compared_as_it_is_painted_on_white():
    assert np.allclose(over_white(hex_to_rgb(["#000000"]), 0.85), 0.15)
    assert np.allclose(over_white(hex_to_rgb(["#ffffff"]), 0.3), 1.0)


# -- the check ------------------------------------------------------------------------


@pytest.mark.parametrize("pack", ["syria", "sudan"])
def test_bundled_palettes_pass_in_every_vision(pack: str):
    """Every declared side and state, not only those the record uses, so a user's own
    events file cannot bring two close colours together."""
    config = load_config(find_pack(pack).config)
    assert clashes(config) == []
    found = differences(config)
    assert {d.vision for d in found} == set(SIMULATIONS)
    assert min(d.delta_e for d in found) >= MIN_DELTA_E


def test_sudan_is_checked_against_its_disputed_zones_and_the_lines():
    names = {
        (d.first.name, d.second.name) for d in differences(load_config(find_pack("sudan").config))
    }
    assert ("contested", "disputed") in names
    assert ("saf", "changed outline") in names and ("rsf", "frontline") in names
    assert ("changed outline", "frontline") not in names  # two lines never share an area


def test_a_red_and_green_pair_fails_under_deuteranopia():
    found = [
        d for d in clashes(arcadia_config(azul=GREEN, rojo=RED)) if d.pair == "sides: azul, rojo"
    ]
    assert [d.vision for d in found] == ["deuteranopia"]
    assert found[0].delta_e < MIN_DELTA_E


def test_only_states_that_hold_something_are_compared():
    config = arcadia_config(azul=GREEN, rojo=RED)
    assert any(d.pair == "sides: azul, rojo" for d in clashes(config, held={"azul", "rojo"}))
    assert not any("rojo" in d.pair for d in clashes(config, held={"azul", "disputado"}))


def test_a_fill_like_the_change_outline_is_a_clash():
    """Even painted at 0.85 on white, a magenta fill would hide the magenta outline."""
    found = clashes(arcadia_config(rojo="#d6006f"))
    assert ("side rojo, line changed outline", "normal vision") in {
        (d.pair, d.vision) for d in found
    }


# -- frontline validate ---------------------------------------------------------------


def test_validate_warns_about_close_colours_and_still_passes(tmp_path: Path, capsys):
    paths = write_pack(tmp_path / "arcadia")
    text = paths.config.read_text(encoding="utf-8")
    paths.config.write_text(
        text.replace('"#1b9e77"', f'"{GREEN}"').replace('"#d95f02"', f'"{RED}"'), "utf-8"
    )
    assert run(capsys, "build-geo", "--data-dir", str(paths.root))[0] == 0
    expected = next(d for d in clashes(load_config(paths.config)) if d.vision == "deuteranopia")

    code, out, err = run(capsys, "validate", "--data-dir", str(paths.root))

    assert code == 0 and "valid" in out
    line = (
        f"warning: {paths.config} [sides: azul, rojo]: ΔE {expected.delta_e:.1f} "
        f"under deuteranopia (needs {MIN_DELTA_E:g})"
    )
    assert line in err.splitlines()
    # Every warning about conflict.toml is a colour pair (towns.csv's are the pack's
    # missing Ukrainian names, tested in test_packs).
    about_config = [w for w in err.splitlines() if "conflict.toml" in w]
    assert about_config and all(
        re.fullmatch(
            r"warning: \S+conflict\.toml \[[^]]+\]: ΔE \d+\.\d under [a-z ]+ \(needs 10\)", w
        )
        for w in about_config
    )


def test_validate_is_silent_about_the_bundled_palettes(capsys):
    for pack in ("syria", "sudan"):
        code, _, err = run(capsys, "validate", "--data-dir", pack)
        assert (code, err) == (0, "")
