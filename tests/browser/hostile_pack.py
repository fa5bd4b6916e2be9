"""A hostile conflict pack: the fictional Arcadia pack with markup in every text field.

Every free text a pack or an upload carries (the conflict's title and labels, town
names in every language, notes, source publishers and titles, boundary unit names,
event descriptions and notes) gets one of `PAYLOADS` appended, so a page that renders
any of them as HTML would run script, load an image or gain a link. Ids, dates, kinds
and urls stay valid, so the pack passes every check and is served.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from fictional_pack import BOUNDARY_FILE, CONFIG, boundary_collection, write_pack

from dashboard.pack.paths import PackPaths
from dashboard.records.load import EVENT_HEADER, EVENT_TEXT, SOURCE_HEADER, town_header

# Each payload tries a different way in; none starts like a spreadsheet formula.
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<a href="javascript:window.__xss=3">x</a>',
    "<b>bold</b>",
    '"><svg onload=window.__xss=4>',
    '<iframe src="javascript:window.__xss=6"></iframe>',
    "&lt;i&gt;entity&lt;/i&gt; {{7*7}} %{text} $1",
)
BOLD = "<b>bold</b>"
# Added to the title and the headline, which pages also write into <title>.
CLOSE_TITLE = "</title><script>window.__xss=5</script>"
# A url that is a valid web link but carries markup in its query: it must stay an href.
HOSTILE_URL = "https://example.org/news?q=%22%3E<script>window.__xss=8</script>&x='\"><b>"

# conflict.toml keys whose string value is shown text (`name` is a language's name).
_TEXT_KEYS = ("title", "region", "name", "boundaries", "places", "control", "short")
_TEXT_KEYS += ("record_licence",)
# Keys whose value is a {language = text} table of shown texts (`label` also names the
# key events; `short` is a side's short name, and a string in [attribution]).
_TEXTS_KEYS = ("label", "unit", "parent_unit", "headline", "standfirst", "short")
_LINE = re.compile(r'^(?P<key>\w+) = (?P<value>".*"|\{.*\})$')
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def payload(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)]


def spiked(text: str, n: int) -> str:
    """`text` followed by the n-th payload (text first, so no formula start)."""
    return f"{text} {payload(n)}"


def _toml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string


def hostile_config() -> str:
    """CONFIG with a payload after every shown text; ids, files and columns untouched."""
    lines, n = [], 0
    for line in CONFIG.splitlines():
        match = _LINE.match(line)
        key = match["key"] if match else ""
        value = match["value"] if match else ""
        close = f" {CLOSE_TITLE}" if key in ("title", "headline") else ""
        if key in _TEXT_KEYS and value.startswith('"'):
            line = f"{key} = {_toml(spiked(json.loads(value), n) + close)}"
            n += 1
        elif key in _TEXTS_KEYS and value.startswith("{"):

            def spike(found: re.Match, close: str = close) -> str:
                nonlocal n
                n += 1
                return _toml(spiked(json.loads(f'"{found[1]}"'), n) + close)

            line = f"{key} = {_STRING.sub(spike, value)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)


def hostile_events_csv(rows: list[dict[str, str]], start: int = 0) -> str:
    """Events rows with payloads in every description and note (and a second check, so
    the review note is shown too); each description carries all of them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, list(EVENT_HEADER), lineterminator="\n")
    writer.writeheader()
    for i, row in enumerate(rows):
        row = {column: row.get(column, "") for column in EVENT_HEADER}
        for j, column in enumerate(EVENT_TEXT):
            row[column] = spiked(row[column] or column.replace("_", " "), start + 3 * i + j)
        row["description"] += " " + " ".join(PAYLOADS)  # every payload in every row
        row["review"] = row["review"] or "confirmed"
        writer.writerow(row)
    return out.getvalue()


def write_hostile_pack(root: Path) -> PackPaths:
    """The Arcadia pack at `root` with payloads in every text field (layers not built)."""
    paths = write_pack(root)
    paths.config.write_text(hostile_config(), encoding="utf-8")

    header, towns = _rows(paths.towns)
    assert header == list(town_header(("es", "uk")))
    for i, town in enumerate(towns):
        for j, column in enumerate(("name_es", "name_uk", "geonames_id", "coord_note")):
            town[column] = spiked(town[column] or column, 4 * i + j)
    _write(paths.towns, header, towns)

    header, sources = _rows(paths.sources)
    assert header == list(SOURCE_HEADER)
    for i, source in enumerate(sources):
        source["publisher"] = spiked(source["publisher"], 2 * i)
        source["title"] = spiked(source["title"], 2 * i + 1)
        source["url"] = HOSTILE_URL
    _write(paths.sources, header, sources)

    _, events = _rows(paths.events)
    paths.events.write_text(hostile_events_csv(events, start=1), encoding="utf-8")

    # The boundary file's unit and province names are shown in the map's hover texts.
    collection = boundary_collection()
    for i, feature in enumerate(collection["features"]):
        props = feature["properties"]
        for j, column in enumerate(("nombre", "nazva", "provincia_nombre")):
            props[column] = spiked(props[column], 3 * i + j)
    (paths.source_dir / BOUNDARY_FILE).write_text(json.dumps(collection), "utf-8")
    return paths
