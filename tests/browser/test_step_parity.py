"""The browser's step (assets/step.js) against the Python timeline, the reference.

For every day of both bundled records and a sample of the synthetic scale case, the
state the browser computes from the step tables must equal Python's: area and town
holders, certainty, the changed-since-yesterday areas, the frontline and the territory.
Then the map itself must paint what Python says on a few of those days.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import painted, wait_for_map

from dashboard.pack.paths import PackPaths, find_pack
from dashboard.project import Project, load_project
from dashboard.web import create_app

REPO = Path(__file__).resolve().parents[2]
SCALE_SAMPLE_DAYS = 12

BROWSER_STATES = """
const tables = window.frontline.mapLayers.view.tables;
const step = window.dash_clientside.step;
const indices = (flags) => Array.from(flags).flatMap((flag, i) => (flag ? [i] : []));
return arguments[0].map((day) => {
  const s = step.dayState(tables, day);
  return {
    areas: Array.from(s.codes), certainty: Array.from(s.certainty),
    towns: Array.from(s.townCodes), changed: indices(s.changed), front: indices(s.front),
    territory: Array.from(s.territory),
  };
});
"""


@pytest.fixture(scope="module")
def scale_pack(tmp_path_factory) -> Project:
    """The benchmarks' 5,000-area pack, built once for this module."""
    root = tmp_path_factory.mktemp("scale") / "pack"
    script = REPO / "benchmarks" / "make_scale_data.py"
    subprocess.run([sys.executable, str(script), str(root)], check=True, capture_output=True)
    return load_project(PackPaths.in_dir(root))


def pack_days(name: str, project: Project) -> list[int]:
    days = len(project.timeline.dates)
    if name == "scale":
        return sorted(
            {0, days - 1, *np.linspace(0, days - 1, SCALE_SAMPLE_DAYS).astype(int).tolist()}
        )
    return list(range(days))


@pytest.mark.parametrize("name", ["syria", "sudan", "scale"])
def test_the_browser_step_matches_the_python_timeline(dash_duo, request, name):
    project = (
        request.getfixturevalue("scale_pack") if name == "scale" else load_project(find_pack(name))
    )
    timeline = project.timeline
    dash_duo.start_server(create_app(project=project))
    wait_for_map(dash_duo)
    days = pack_days(name, project)

    states = dash_duo.driver.execute_script(BROWSER_STATES, days)

    for day, state in zip(days, states, strict=True):
        assert state["areas"] == timeline.area_codes[day].tolist(), day
        assert state["certainty"] == timeline.area_certainty[day].tolist(), day
        assert state["towns"] == timeline.town_codes[day].tolist(), day
        assert state["changed"] == timeline.changed_areas(day).tolist(), day
        assert state["front"] == project.frontiers.active(timeline.area_codes[day]).tolist(), day
        np.testing.assert_allclose(state["territory"], timeline.share_km2[day], rtol=1e-6, atol=1)

    # The map paints the same: first the last day, then a day taken from the middle.
    for day in (days[-1], days[len(days) // 2]):
        if day != days[-1]:
            dash_duo.driver.execute_script(
                "window.dash_clientside.set_props('date-slider', {value: arguments[0]});", day
            )
            dash_duo.wait_for_text_to_equal(
                "#date-heading", f"End of {timeline.dates[day].day} {timeline.dates[day]:%B %Y}"
            )
        shown = painted(dash_duo)
        assert shown["areas"] == timeline.area_codes[day].tolist()
        assert shown["certainty"] == timeline.area_certainty[day].tolist()
        assert shown["towns"] == timeline.town_codes[day].tolist()
        changed = set(timeline.changed_areas(day).tolist())
        assert [i for i, flag in enumerate(shown["changed"]) if flag] == sorted(changed)
        front = project.frontiers.active(timeline.area_codes[day]).tolist()
        assert [i for i, flag in enumerate(shown["front"]) if flag] == front
    assert dash_duo.get_logs() == []
