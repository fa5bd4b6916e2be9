"""Bad input gets a clear error: one table of malformed inputs, each with where it must be
reported (file, row or key, column) and the words the message must use.

Every case runs through the loader the app uses (`load_project`, or `build_pack_layers`
for the boundary file) and, for a pack, through `frontline validate`: no traceback, exit 2.
Every events case runs also through the upload path (`with_events`), which must report
the same (row, column) problems under the uploaded file's name.

Decisions this table records:
- A byte-order mark is accepted: a valid file saved with a BOM loads.
- An unknown column is refused, naming it: a misspelt optional column (`date_notes`)
  would otherwise be dropped without a word.
- Free text (description, date_note, review_note, names, geonames_id, coord_note,
  publisher, title) may not start with = + - @: a spreadsheet would run it as a formula.
- No cell may be longer than `MAX_FIELD_LENGTH` (1,000) characters.
- No file may hold more than `MAX_ROWS` (50,000) data rows; a larger file is refused
  with one message, quickly, and none of it is read. A user's own events file has
  lower limits (2 MB, 20,000 rows, a period from the pack's baseline day: see
  `dashboard/records/limits.py` and tests/test_record_limits.py): the cases that meet
  one of those first report it as an upload (`USER_LIMIT_CASES`).
- Rows are numbered as an editor shows them (the header is line 1; 0 is the file as a
  whole, or a key of `conflict.toml`); features of a GeoJSON file count from 0.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fictional_pack import BOUNDARY_FILE, write_pack

from dashboard.cli import main
from dashboard.geo.build import build_pack_layers
from dashboard.geo.errors import GeoBuildError, GeoLayerError
from dashboard.pack.paths import PackPaths
from dashboard.problems import ProblemsError
from dashboard.project import Project, load_project, with_events
from dashboard.records import GivenFile
from dashboard.records.fields import MAX_FIELD_LENGTH
from dashboard.records.limits import MAX_ROWS

TODAY = dt.date(2024, 1, 1)
FUTURE = "2099-01-01"  # after TODAY and after the real today that `frontline validate` uses
UPLOAD = "my_events.csv"
SECONDS = 5.0  # the most any case may take, the 100,000-row file included
# Cases that meet a limit of a user's own file first: as an upload, that is reported.
USER_LIMIT_CASES = {
    "events-100000-rows-refused": "an events file of your own may be at most 2,000,000 bytes",
    "events-change-before-baseline": "before 2023-03-01, the pack's baseline day",
    "events-baseline-on-another-day": "before 2023-03-01, the pack's baseline day",
}

# Line numbers of the fictional pack's files (header = line 1):
# events.csv: 2 b-puerto, 3 b-molino, 4 b-vado, 5 b-cerro (baselines, 2023-03-01),
#   6 c-1 vado azul->rojo 2023-03-04, 7 c-2 molino azul->disputado 2023-03-05,
#   8 c-3 molino disputado->rojo 2023-03-07 (inferred)
# towns.csv: 2 puerto, 3 molino, 4 vado (towns), 5 cerro (an airbase: a point, no area)
# sources.csv: 2 arc_wire_2023_03_01, 3 arc_daily_2023_03_04, 4 beo_news_2023_03_05
# boundary file: features 0-5 = AR-N1, AR-N2, AR-N3, AR-S1, AR-S2, AR-S3


# -- ways of breaking a pack ------------------------------------------------------------

Break = Callable[[PackPaths], None]


def _table(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _csv_text(table: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    return out.getvalue()


def edit(file: str, change: Callable[[list[list[str]]], None]) -> Break:
    """Change the table of `file` in place (`table[line - 1]` is that line)."""

    def breaks(paths: PackPaths) -> None:
        table = _table(paths.root / file)
        change(table)
        (paths.root / file).write_text(_csv_text(table), encoding="utf-8")

    return breaks


def cell(file: str, line: int, column: str, value: str) -> Break:
    def change(table: list[list[str]]) -> None:
        table[line - 1][table[0].index(column)] = value

    return edit(file, change)


def rename_column(file: str, old: str, new: str) -> Break:
    return edit(file, lambda table: table[0].__setitem__(table[0].index(old), new))


def drop_column(file: str, column: str) -> Break:
    def change(table: list[list[str]]) -> None:
        index = table[0].index(column)
        for row in table:
            del row[index]

    return edit(file, change)


def add_column(file: str, column: str) -> Break:
    def change(table: list[list[str]]) -> None:
        for number, row in enumerate(table):
            row.append(column if number == 0 else "x")

    return edit(file, change)


def append_copy(file: str, line: int, **changes: str) -> Break:
    """Add a copy of `line` at the end, with some cells changed."""

    def change(table: list[list[str]]) -> None:
        row = list(table[line - 1])
        for column, value in changes.items():
            row[table[0].index(column)] = value
        table.append(row)

    return edit(file, change)


def keep_lines(file: str, count: int) -> Break:
    return edit(file, lambda table: table.__delitem__(slice(count, None)))


def short_row(file: str, line: int) -> Break:
    return edit(file, lambda table: table[line - 1].pop())


def repeat_rows(file: str, total: int) -> Break:
    """`total` data rows, copies of the first one with new ids."""

    def change(table: list[list[str]]) -> None:
        first = table[1]
        table[1:] = [[f"e{n}", *first[1:]] for n in range(total)]

    return edit(file, change)


def raw(file: str, make: Callable[[bytes], bytes]) -> Break:
    def breaks(paths: PackPaths) -> None:
        path = paths.root / file
        path.write_bytes(make(path.read_bytes()))

    return breaks


def latin1_cell(file: str, line: int, column: str, value: str) -> Break:
    """The file saved as Latin-1, as an old spreadsheet would, with `value` in one cell."""

    def breaks(paths: PackPaths) -> None:
        table = _table(paths.root / file)
        table[line - 1][table[0].index(column)] = value
        (paths.root / file).write_bytes(_csv_text(table).encode("latin-1", errors="replace"))

    return breaks


def replace_text(file: str, old: str, new: str) -> Break:
    def make(data: bytes) -> bytes:
        assert old.encode() in data
        return data.replace(old.encode(), new.encode(), 1)

    return raw(file, make)


def geojson(file: str, change: Callable[[dict], None]) -> Break:
    def breaks(paths: PackPaths) -> None:
        path = paths.root / file
        collection = json.loads(path.read_text(encoding="utf-8"))
        change(collection)
        path.write_text(json.dumps(collection), encoding="utf-8")

    return breaks


def geometry(file: str, index: int, value: dict | None) -> Break:
    return geojson(file, lambda c: c["features"][index].__setitem__("geometry", value))


def feature_property(file: str, index: int, key: str, value: str) -> Break:
    return geojson(file, lambda c: c["features"][index]["properties"].__setitem__(key, value))


BOUNDARY = f"geo/source/{BOUNDARY_FILE}"
AREAS = "geo/areas.geojson"
# A bow tie: the ring crosses itself, so the polygon has no well-defined inside.
BOW_TIE = {"type": "Polygon", "coordinates": [[[20, 41], [21, 42], [21, 41], [20, 42], [20, 41]]]}
EMPTY_POLYGON = {"type": "Polygon", "coordinates": []}
FORMULA = '=HYPERLINK("http://example.com/x","click")'
LONG = "A " * (MAX_FIELD_LENGTH // 2) + "too long."


# -- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One malformed input: which file, how it is broken, and what must be reported.

    `expected`: (file, row or 0, column or key, words of the message), the whole list
    of problems in any order; empty means the input must be accepted. Words separated
    by " ... " must all be in the message, in any order. `via`: `pack`
    loads the pack (and runs `frontline validate`), `build` builds its layers.
    """

    name: str
    breaks: Break
    expected: tuple[tuple[str, int, str, str], ...]
    via: str = "pack"
    town_ids: tuple[str, ...] = ()


def events(line: int, column: str, words: str) -> tuple[str, int, str, str]:
    return ("events.csv", line, column, words)


CASES = [
    # Encodings and structure.
    Case(
        "events-latin1",
        latin1_cell("events.csv", 6, "description", "El frente tomó el vado."),
        (events(6, "description", "not valid UTF-8 (byte 0xf3"),),
    ),
    Case(
        "towns-latin1",
        latin1_cell("towns.csv", 3, "name_es", "El Molino Viejo, señor"),
        (("towns.csv", 3, "name_es", "save the file as UTF-8"),),
    ),
    Case("events-bom-accepted", raw("events.csv", lambda data: b"\xef\xbb\xbf" + data), ()),
    Case("towns-bom-accepted", raw("towns.csv", lambda data: b"\xef\xbb\xbf" + data), ()),
    Case(
        "events-missing-column",
        drop_column("events.csv", "confidence"),
        (events(1, "confidence", "required column is missing"),),
    ),
    Case(
        "events-unknown-column-refused",
        add_column("events.csv", "analyst"),
        (events(1, "analyst", "unknown column 'analyst'; the columns are event_id"),),
    ),
    Case(
        "events-misspelt-optional-column-refused",
        rename_column("events.csv", "date_note", "date_notes"),
        (events(1, "date_notes", "unknown column 'date_notes'"),),
    ),
    Case(
        "towns-undeclared-language-column",
        add_column("towns.csv", "name_fr"),
        (
            (
                "towns.csv",
                1,
                "name_fr",
                "unknown column 'name_fr'; the columns are town_id, name_es",
            ),
        ),
    ),
    Case(
        "sources-column-twice",
        rename_column("sources.csv", "url", "title"),
        (("sources.csv", 1, "title", "column appears twice"),),
    ),
    Case(
        "events-empty-file",
        raw("events.csv", lambda data: b""),
        (events(0, "", "file is empty: expected a header row (event_id, date"),),
    ),
    Case(
        "events-header-only",
        keep_lines("events.csv", 1),
        (events(0, "kind", "no baseline rows"),),
    ),
    Case(
        "events-short-row",
        short_row("events.csv", 7),
        (events(7, "", "malformed row: 12 fields, the header has 13"),),
    ),
    Case(
        "events-100000-rows-refused",
        repeat_rows("events.csv", 100_000),
        (events(MAX_ROWS + 2, "", "at most 50,000 data rows"),),
    ),
    # Values.
    Case(
        "events-unknown-side",
        cell("events.csv", 6, "to_side", "verde"),
        (events(6, "to_side", "unknown side 'verde'"),),
    ),
    Case(
        "events-unknown-town",
        cell("events.csv", 7, "town_id", "castillo"),
        (events(7, "town_id", "unknown town 'castillo' (not in towns.csv)"),),
    ),
    Case(
        "events-date-in-future",
        cell("events.csv", 8, "date", FUTURE),
        (events(8, "date", f"{FUTURE} is in the future"),),
    ),
    Case(
        "events-change-before-baseline",
        cell("events.csv", 6, "date", "2023-02-20"),
        (events(6, "date", "changes start after the baseline day 2023-03-01"),),
    ),
    Case(
        "events-baseline-on-another-day",
        cell("events.csv", 3, "date", "2023-02-01"),
        (events(3, "date", "baseline must be dated 2023-03-01"),),
    ),
    Case(
        "events-date-day-first",
        cell("events.csv", 6, "date", "04/03/2023"),
        (events(6, "date", "not a date in the form YYYY-MM-DD (day and month"),),
    ),
    Case(
        "events-date-with-time",
        cell("events.csv", 6, "date", "2023-03-04T10:00"),
        (events(6, "date", "it has a time of day; give only the day"),),
    ),
    Case(
        "events-date-with-time-zone",
        cell("events.csv", 6, "date", "2023-03-04+02:00"),
        (events(6, "date", "it has a time zone; give only the local day"),),
    ),
    Case(
        "events-date-not-in-calendar",
        cell("events.csv", 6, "date", "2023-02-30"),
        (events(6, "date", "not a real calendar date"),),
    ),
    Case(
        "events-duplicate-row",
        append_copy("events.csv", 6),
        (events(10, "event_id", "duplicate id 'c-1' (first on line 6)"),),
    ),
    Case(
        "events-duplicate-change",
        append_copy("events.csv", 6, event_id="c-1-again"),
        (events(10, "town_id", "duplicate change: vado to rojo on 2023-03-04 is already stated"),),
    ),
    Case(
        "events-contradictory-changes",
        append_copy("events.csv", 6, event_id="c-1-other", to_side="disputado"),
        (events(10, "from_side", "from_side is 'azul' but vado was held by 'rojo'"),),
    ),
    # Free text: spreadsheet formulas and length.
    Case(
        "events-formula-description",
        cell("events.csv", 6, "description", FORMULA),
        (events(6, "description", "a spreadsheet would run it as a formula"),),
    ),
    Case(
        "events-formula-date-note",
        cell("events.csv", 7, "date_note", "+cmd|' /C calc'!A0"),
        (events(7, "date_note", "text starts with '+'"),),
    ),
    Case(
        "events-formula-review-note",
        cell("events.csv", 6, "review_note", "@SUM(1+1)*cmd"),
        (events(6, "review_note", "text starts with '@'"),),
    ),
    Case(
        "events-long-description",
        cell("events.csv", 6, "description", LONG),
        (events(6, "description", f"{len(LONG):,} characters long; the limit is 1,000"),),
    ),
    Case(
        "towns-formula-primary-name",
        cell("towns.csv", 3, "name_es", "=1+1"),
        (("towns.csv", 3, "name_es", "formula"),),
    ),
    Case(
        "towns-formula-second-language-name",
        cell("towns.csv", 4, "name_uk", "-2+3"),
        (("towns.csv", 4, "name_uk", "text starts with '-'"),),
    ),
    Case(
        "towns-formula-coord-note",
        cell("towns.csv", 2, "coord_note", '=WEBSERVICE("http://x")'),
        (("towns.csv", 2, "coord_note", "formula"),),
    ),
    Case(
        "towns-formula-geonames-id",
        cell("towns.csv", 2, "geonames_id", "=2+5"),
        (("towns.csv", 2, "geonames_id", "formula"),),
    ),
    Case(
        "towns-long-coord-note",
        cell("towns.csv", 2, "coord_note", LONG),
        (("towns.csv", 2, "coord_note", "the limit is 1,000"),),
    ),
    Case(
        "sources-formula-publisher",
        cell("sources.csv", 2, "publisher", "=cmd|' /C notepad'!A1"),
        (("sources.csv", 2, "publisher", "formula"),),
    ),
    Case(
        "sources-formula-title",
        cell("sources.csv", 3, "title", "@evil"),
        (("sources.csv", 3, "title", "formula"),),
    ),
    Case(
        "sources-long-title",
        cell("sources.csv", 3, "title", LONG),
        (("sources.csv", 3, "title", "the limit is 1,000"),),
    ),
    Case(
        "sources-published-in-future",
        cell("sources.csv", 4, "published", FUTURE),
        (("sources.csv", 4, "published", "in the future"),),
    ),
    Case(
        "sources-script-link",
        cell("sources.csv", 2, "url", "javascript:alert(1)"),
        (("sources.csv", 2, "url", "not an http(s) link"),),
    ),
    Case(
        "towns-unknown-capital-level",
        cell("towns.csv", 2, "capital", "yes"),
        (("towns.csv", 2, "capital", "unknown capital 'yes'; allowed: national, regional"),),
    ),
    Case("towns-without-capital-column-accepted", drop_column("towns.csv", "capital"), ()),
    # Coordinates and geometry.
    Case(
        "towns-latitude-impossible",
        cell("towns.csv", 2, "lat", "95"),
        (("towns.csv", 2, "lat", "latitude 95.0 is outside -90..90"),),
    ),
    Case(
        "towns-facility-outside-country",
        cell("towns.csv", 5, "lat", "50.0"),
        (("towns.csv", 5, "lat", "cerro at lat 50.0, lon 22.5 is outside the map's areas"),),
    ),
    Case(
        "towns-settlement-outside-boundary",
        cell("towns.csv", 4, "lat", "50.0"),
        (("", 0, "", "town vado (Vado Rojo) at lat 50.0, lon 21.5 is outside every boundary"),),
        via="build",
        town_ids=("vado",),
    ),
    Case(
        "boundary-self-intersecting",
        geometry(BOUNDARY, 0, BOW_TIE),
        ((BOUNDARY_FILE, 0, "geometry", "invalid geometry (Self-intersection"),),
        via="build",
    ),
    Case(
        "boundary-null-geometry",
        geometry(BOUNDARY, 1, None),
        ((BOUNDARY_FILE, 1, "geometry", "empty geometry (unit AR-N2)"),),
        via="build",
    ),
    Case(
        "boundary-empty-polygon",
        geometry(BOUNDARY, 2, EMPTY_POLYGON),
        ((BOUNDARY_FILE, 2, "geometry", "empty geometry (unit AR-N3)"),),
        via="build",
    ),
    Case(
        "boundary-empty-id",
        feature_property(BOUNDARY, 3, "codigo", ""),
        ((BOUNDARY_FILE, 3, "codigo", "empty id"),),
        via="build",
    ),
    Case(
        "boundary-not-json",
        raw(BOUNDARY, lambda data: b"codigo;nombre\nAR-N1;Norte Uno\n"),
        ((BOUNDARY_FILE, 0, "", "cannot read boundaries"),),
        via="build",
    ),
    Case(
        "layer-not-json",
        raw(AREAS, lambda data: b"{\n  oops\n"),
        (("areas.geojson", 0, "", "not valid JSON at line 2, column 3"),),
    ),
    Case(
        "layer-self-intersecting",
        geometry(AREAS, 0, BOW_TIE),
        (("areas.geojson", 0, "geometry", "invalid (Self-intersection"),),
    ),
    Case(
        "layer-empty-geometry",
        geometry(AREAS, 1, EMPTY_POLYGON),
        (("areas.geojson", 1, "geometry", "empty"),),
    ),
    # conflict.toml.
    Case(
        "config-bad-toml",
        replace_text("conflict.toml", 'region = "Arcadia"', "region = Arcadia"),
        (("conflict.toml", 0, "", "not valid TOML ... line 5, column 10"),),
    ),
    Case(
        "config-unknown-key",
        replace_text("conflict.toml", 'region = "Arcadia"', 'region = "Arcadia"\nsubtitle = "x"'),
        (
            (
                "conflict.toml",
                0,
                "subtitle",
                "unknown key; the keys here are languages, title, headline, standfirst, region",
            ),
        ),
    ),
    Case(
        "config-bad-colour",
        replace_text("conflict.toml", '"#1b9e77"', '"green"'),
        (("conflict.toml", 0, "sides[0: azul].colour", "'green' is not a colour"),),
    ),
    Case(
        "config-missing-key",
        replace_text("conflict.toml", 'region = "Arcadia"', ""),
        (("conflict.toml", 0, "region", "required key is missing"),),
    ),
]


# -- running a case ---------------------------------------------------------------------

_LOCATED = re.compile(r"^(?P<file>[^:]+): feature (?P<row>\d+): (?P<column>[^:]+): (?P<msg>.*)$")
_FILE_LEVEL = re.compile(r"^(?P<file>/[^:]+): (?P<msg>.*)$")


def reported(error: Exception) -> list[tuple[str, int, str, str]]:
    """(file name, row, column, message) of every problem an error carries."""
    if isinstance(error, ProblemsError):
        return [(Path(p.file).name, p.row, p.column, p.message) for p in error.problems]
    if isinstance(error, GeoLayerError):
        lines = list(error.problems)
    else:
        lines = str(error).splitlines()
        lines = lines[1:] or lines  # a list of problems after a heading line
    problems = []
    for line in lines:
        if match := _LOCATED.match(line):
            found = (match["file"], int(match["row"]), match["column"], match["msg"])
        elif match := _FILE_LEVEL.match(line):
            found = (match["file"], 0, "", match["msg"])
        else:
            found = ("", 0, "", line)
        problems.append((Path(found[0]).name if found[0] else "", *found[1:]))
    return problems


def _load(run: Callable[[], object]) -> tuple[list[tuple[str, int, str, str]], float]:
    start = time.perf_counter()
    try:
        run()
        problems = []
    except (ProblemsError, GeoLayerError, GeoBuildError) as error:
        problems = reported(error)
    return problems, time.perf_counter() - start


def _assert_matches(problems: list, expected: tuple) -> None:
    assert sorted(p[:3] for p in problems) == sorted(e[:3] for e in expected), problems
    for file, row, column, words in expected:
        (message,) = [p[3] for p in problems if p[:3] == (file, row, column)]
        assert all(part in message for part in words.split(" ... ")), (file, row, column, message)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> PackPaths:
    paths = write_pack(tmp_path_factory.mktemp("valid") / "arcadia")
    build_pack_layers(paths)
    return paths


@pytest.fixture(scope="module")
def project(built: PackPaths) -> Project:
    return load_project(built, today=TODAY)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_gets_a_clear_error(case: Case, built, project, tmp_path, capsys):
    paths = PackPaths.in_dir(tmp_path / "arcadia")
    shutil.copytree(built.root, paths.root)
    case.breaks(paths)

    if case.via == "build":
        with pytest.raises(GeoBuildError) as raised:
            build_pack_layers(paths, tmp_path / "out")
        _assert_matches(reported(raised.value), case.expected)
        assert set(raised.value.town_ids) == set(case.town_ids)
        return

    problems, seconds = _load(lambda: load_project(paths, today=TODAY))
    _assert_matches(problems, case.expected)
    assert seconds < SECONDS

    # The command line reports the same problems, with no traceback.
    code = main(["validate", "--data-dir", str(paths.root)])
    err = capsys.readouterr().err
    assert code == (2 if case.expected else 0)
    assert "Traceback" not in err
    for file, row, column, words in case.expected:
        assert file in err and all(part in err for part in words.split(" ... "))
        if file.endswith(".csv") and row and column:  # printed as `file:row [column]: message`
            assert f"{file}:{row} [{column}]: " in err

    # The upload path: the same file given in the browser meets the same rules.
    if any(file != "events.csv" for file, *_ in case.expected) or case.name.startswith(
        ("towns-", "sources-", "config-", "layer-")
    ):
        return
    given = GivenFile(UPLOAD, paths.events.read_bytes())
    uploaded, seconds = _load(lambda: with_events(project, given, today=TODAY))
    assert [p[0] for p in uploaded] == [UPLOAD] * len(uploaded)
    assert seconds < SECONDS
    if case.name in USER_LIMIT_CASES:
        assert uploaded and all(USER_LIMIT_CASES[case.name] in p[3] for p in uploaded)
        return
    assert sorted(p[1:3] for p in uploaded) == sorted(p[1:3] for p in problems)
    assert sorted(p[3] for p in uploaded) == sorted(p[3] for p in problems)
    assert seconds < SECONDS


def test_the_table_is_wide_enough():
    assert len(CASES) >= 25
    assert len({case.name for case in CASES}) == len(CASES)
