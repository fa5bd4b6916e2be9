"""The step tables the page carries: they encode the Python timeline exactly, and stay
small. (The browser's reading of them is tested in tests/browser/test_step_parity.py.)"""

from __future__ import annotations

import json

import pytest
from dashboard.figures.map_figure import AREAS, CHANGED, FRONTLINE, TOWNS, GeometryRefs, map_figure
from dashboard.web.step_tables import step_tables

from dashboard.i18n import pack_translator
from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project

URLS = {"areas": "/geo/areas.geojson", "edges": "/geo/frontier_edges.geojson"}


@pytest.fixture(scope="module", params=["syria", "sudan"])
def project(request) -> Project:
    return load_project(find_pack(request.param))


def decode_runs(runs: list[int], days: int) -> tuple[list[int], list[int]]:
    """A town's holder and certainty on every day, from its (day, code, certainty) runs."""
    codes, certainty = [], []
    triples = [runs[k : k + 3] for k in range(0, len(runs), 3)]
    for day in range(days):
        _, code, sure = [t for t in triples if t[0] <= day][-1]
        codes.append(code)
        certainty.append(sure)
    return codes, certainty


def test_town_runs_encode_the_timeline(project):
    timeline = project.timeline
    tables = step_tables(project, pack_translator(project.config, None), URLS)
    days = len(timeline.dates)
    for index, runs in enumerate(tables["towns"]["runs"]):
        assert runs[0] == 0
        codes, certainty = decode_runs(runs, days)
        assert codes == timeline.town_codes[:, index].tolist()
        assert certainty == timeline.town_certainty[:, index].tolist()
    area_town = [tables["towns"]["ids"][i] for i in tables["areas"]["town"]]
    assert area_town == list(timeline.areas.town_ids)


def test_every_day_with_changes_is_listed_in_the_page_language(project):
    timeline = project.timeline
    tr = pack_translator(project.config, project.config.languages[-1].code)
    tables = step_tables(project, tr, URLS)
    expected = {str(d) for d in range(len(timeline.dates)) if timeline.changes_on(d)}
    assert set(tables["changes"]) == expected
    assert tables["dayNames"][0] == tr.date(timeline.dates[0])
    assert tables["towns"]["names"][0] == project.record.towns[timeline.town_ids[0]].name_in(
        tr.lang
    )


def test_the_tables_are_sent_once_and_stay_small(project):
    tables = step_tables(project, pack_translator(project.config, None), URLS)
    size = len(json.dumps(tables, separators=(",", ":")))
    # Per area and town a few numbers and a name, per day a date name: well under the
    # geometry the page fetches once anyway.
    assert size < 150_000, size


def test_the_app_figure_keeps_its_traces_hidden_for_the_fallback(project):
    geometry = GeometryRefs(URLS["areas"], "/geo/parents.geojson", project.frontiers)
    figure = map_figure(project.timeline, 0, geometry, project.home_view, hidden=True)
    assert [figure.data[i].visible for i in (AREAS, CHANGED, FRONTLINE, TOWNS)] == [False] * 4
    assert figure.data[-1].visible is not False and len(figure.data) == 5


def test_every_callback_names_components_of_the_page():
    """Dash's own check in the browser is off (it would embed a second page in every
    page), so this one runs here: every id a callback uses is in each language's page."""
    from dashboard.web import create_app

    app = create_app(project=load_project(find_pack("syria")))
    with app.server.test_request_context("/?lang=ar"):
        arabic = app.layout()
    with app.server.test_request_context("/"):
        english = app.layout()
    used = set()
    for outputs, callback in app.callback_map.items():
        used |= {output.rsplit(".", 1)[0] for output in outputs.strip(".").split("...")}
        used |= {item["id"] for item in callback["inputs"] + callback["state"]}
    used = {i for i in used if isinstance(i, str) and not i.startswith("{")}
    assert {"date-slider", "step-tables", "town-select", "page-lang"} <= used
    for page in (english, arabic):
        ids = {c.id for c in page._traverse() if isinstance(getattr(c, "id", None), str)}
        assert used <= ids, used - ids
