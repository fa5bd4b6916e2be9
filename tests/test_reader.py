"""The reader's protocol: the step tables Python writes are what the schema says, encode
the timeline exactly, and the browser's rule (tested in Node against fixtures written
here) gives the timeline's state on every day."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from dashboard.i18n import pack_translator
from dashboard.pack.paths import PackPaths, find_pack
from dashboard.project import Project, load_project
from dashboard.reader.cards import CHUNK, card_chunks, chunk_of
from dashboard.reader.protocol import SCHEMA, VERSION, schema_json, step_tables

REPOSITORY = Path(__file__).resolve().parents[1]
BROWSER = REPOSITORY / "browser"
SCALE_SAMPLE_DAYS = 12


@pytest.fixture(scope="module", params=["syria", "sudan"])
def bundled(request) -> Project:
    return load_project(find_pack(request.param))


@pytest.fixture(scope="module")
def arcadia(pack) -> Project:
    return load_project(pack)


def decode_runs(tables: dict, day: int) -> tuple[list[int], list[int]]:
    """The browser's rule, written out again: the last run starting on or before `day`."""
    towns = tables["towns"]
    starts = [*towns["runStart"], len(towns["runDay"])]
    codes, certainty = [], []
    for town in range(len(towns["ids"])):
        runs = range(starts[town], starts[town + 1])
        last = max(k for k in runs if towns["runDay"][k] <= day)
        codes.append(towns["runCode"][last])
        certainty.append(towns["runCertainty"][last])
    return codes, certainty


def test_the_schema_the_browser_bundles_is_pythons():
    bundled = BROWSER / "src" / "reader" / "schema.json"
    assert bundled.read_text(encoding="utf-8") == schema_json(), (
        "browser/src/reader/schema.json is stale: run scripts/build_browser_assets.sh"
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_tables_follow_the_schema(bundled, lang):
    tables = step_tables(bundled, pack_translator(bundled.config, lang))
    jsonschema.validate(tables, SCHEMA)
    assert tables["version"] == VERSION and tables["lang"] == lang


def test_a_table_of_another_shape_is_refused_by_the_schema(bundled):
    tables = step_tables(bundled, pack_translator(bundled.config, None))
    tables["towns"]["runCode"][0] = "government"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tables, SCHEMA)
    tables["version"] = VERSION + 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tables, SCHEMA)


def test_the_runs_give_the_timeline_on_every_day(bundled):
    timeline = bundled.timeline
    tables = step_tables(bundled, pack_translator(bundled.config, None))
    for day in range(len(timeline.dates)):
        codes, certainty = decode_runs(tables, day)
        assert codes == timeline.town_codes[day].tolist(), timeline.dates[day]
        assert certainty == timeline.town_certainty[day].tolist(), timeline.dates[day]
    territory = np.array(tables["territory"]).T
    assert np.allclose(territory, timeline.share_km2, atol=1e-3)


def test_every_change_of_a_day_is_listed_with_codes(arcadia):
    timeline = arcadia.timeline
    tables = step_tables(arcadia, pack_translator(arcadia.config, "es"))
    codes = {state: code for code, state in enumerate(timeline.state_ids)}
    for day in range(len(timeline.dates)):
        expected = [
            [
                timeline.town_ids.index(e.town_id),
                codes[e.from_side],
                codes[e.to_side],
                int(e.is_inferred),
            ]
            for e in timeline.changes_on(day)
        ]
        assert tables["changes"].get(str(day), []) == expected


def test_dated_names_and_key_events_reach_the_tables(arcadia):
    tables = step_tables(arcadia, pack_translator(arcadia.config, "es"))
    rojo = tables["states"]["ids"].index("rojo")
    names = tables["states"]["names"][rojo]
    renamed = tables["dates"].index("2023-03-06")
    assert names == [
        {"day": 0, "label": "Frente rojo", "short": "Rojos"},
        {"day": renamed, "label": "Frente rojo unificado", "short": "Frente rojo unificado"},
    ]
    (event,) = tables["keyEvents"]
    assert event["label"] == "Los rojos toman el vado"
    assert tables["towns"]["ids"][event["town"]] == "vado"
    assert tables["dates"][event["day"]] == "2023-03-04"


def test_cards_hold_every_event_with_its_sources_in_the_page_language(bundled):
    tr = pack_translator(bundled.config, "ar")
    chunks = card_chunks(bundled, tr)
    timeline = bundled.timeline
    assert len(chunks) == -(-len(timeline.town_ids) // CHUNK)
    for index, town_id in enumerate(timeline.town_ids):
        chunk = chunks[chunk_of(index)]
        card = chunk["cards"][town_id]
        history = timeline.history(town_id)
        assert len(card["history"]) == len(history)
        for event, shown in zip(history, card["history"], strict=True):
            assert shown["description"] == event.description
            cited = [chunk["sources"][i]["url"] for i in shown["sources"]]
            assert cited == [bundled.record.sources[s].url for s in event.source_ids]
            assert all(url == "" or url.startswith(("http://", "https://")) for url in cited)
            if event.rests_on_region:
                assert any("الأوسع" in note or "منطقة" in note for note in shown["notes"])


def node_fixture(project: Project, days: list[int]) -> str:
    """The step tables and, for each of `days`, the state `Timeline` and
    `FrontierTable` give: what browser/test/*.test.mjs compares the reader's rule with."""
    tables = step_tables(project, pack_translator(project.config, None))
    timeline = project.timeline
    expected = []
    for day in days:
        codes = timeline.area_codes[day]
        expected.append(
            {
                "day": day,
                "towns": timeline.town_codes[day].tolist(),
                "areas": codes.tolist(),
                "certainty": timeline.area_certainty[day].tolist(),
                "changed": timeline.changed_areas(day).tolist(),
                "front": project.frontiers.active(codes).tolist(),
            }
        )
    return json.dumps({"tables": tables, "expected": expected})


def run_node_tests(fixtures: Path) -> None:
    result = subprocess.run(
        ["node", "--test", str(BROWSER / "test")],
        env={"FRONTLINE_FIXTURES": str(fixtures), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# pass 0" not in result.stdout


def test_the_browser_rule_gives_the_timeline_in_node(bundled, arcadia, tmp_path):
    """Fixtures written here, read by browser/test/*.test.mjs with the reader's own
    modules: the state of every day."""
    for name, project in (("pack", bundled), ("arcadia", arcadia)):
        days = list(range(len(project.timeline.dates)))
        (tmp_path / f"{name}.json").write_text(node_fixture(project, days), encoding="utf-8")
    run_node_tests(tmp_path)


def test_the_browser_rule_gives_the_timeline_of_a_large_pack_in_node(tmp_path):
    """The benchmarks' 5,000-place, 10,000-change pack, on a dozen days across it."""
    pack = tmp_path / "scale"
    script = REPOSITORY / "benchmarks" / "make_scale_data.py"
    subprocess.run([sys.executable, str(script), str(pack)], check=True, capture_output=True)
    project = load_project(PackPaths.in_dir(pack))
    last = len(project.timeline.dates) - 1
    days = sorted({0, last, *np.linspace(0, last, SCALE_SAMPLE_DAYS).astype(int).tolist()})
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    (fixtures / "scale.json").write_text(node_fixture(project, days), encoding="utf-8")
    run_node_tests(fixtures)
