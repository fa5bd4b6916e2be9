"""The mapping file (TOML): how a source's values and fields become the pack's.

`[sides]` maps each source value (a label, an icon file, a colour, an actor name) to
a side or state id of the pack; `outside = "SIDE"` there gives the holder of places
outside every polygon. `[columns]` names the source fields that differ from the kind's
defaults, `[places]` settles names a person has decided (a town id, or "new"),
`[matching]` tunes distances, and `[source]` says how the draft cites the input.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from dashboard.importers.errors import ImportRefused
from dashboard.pack.config import ConflictConfig
from dashboard.problems import Problem
from dashboard.records.fields import FieldError, parse_id, parse_text, parse_url
from dashboard.records.models import NO_REDISTRIBUTION

KINDS = ("snapshots", "polygons", "wikipedia", "acled")
OUTSIDE = "outside"
NEW_PLACE = "new"
# The fields each kind reads, and where they are unless `[columns]` says otherwise.
DEFAULT_COLUMNS = {
    "snapshots": {
        "place": "place",
        "date": "date",
        "side": "side",
        "lat": "lat",
        "lon": "lon",
        "kind": "kind",
    },
    "polygons": {"side": "fill", "place": "name", "kind": "kind"},
    "wikipedia": {"side": "mark", "place": "label", "lat": "lat", "lon": "long"},
    "acled": {
        "id": "event_id_cnty",
        "date": "event_date",
        "side": "actor1",
        "place": "location",
        "lat": "latitude",
        "lon": "longitude",
        "type": "sub_event_type",
        "precision": "geo_precision",
        "time_precision": "time_precision",
        "reported_by": "source",
        "timestamp": "timestamp",
    },
}
DEFAULT_SOURCE = {
    "wikipedia": {"publisher": "Wikipedia contributors", "licence": "CC BY-SA 4.0"},
    "acled": {
        "publisher": "ACLED",
        "licence": f"{NO_REDISTRIBUTION}: ACLED terms of use (data for local analysis only)",
    },
}
SOURCE_KEYS = ("publisher", "title", "url", "licence")
TABLES = ("sides", "columns", "places", "matching", "source")


def normalise_value(value: str) -> str:
    """How source values are compared: case, spaces and a wiki `File:` prefix do not
    count ("Location_dot_red.svg" is "location dot red.svg"; "#A52714" is "#a52714")."""
    value = unicodedata.normalize("NFC", str(value)).strip().casefold().replace("_", " ")
    value = re.sub(r"^(file|image):\s*", "", value)
    return re.sub(r"\s+", " ", value)


@dataclass(frozen=True)
class Mapping:
    path: Path
    kind: str
    sides: dict[str, str]  # normalised source value -> side or state id
    columns: dict[str, str]
    places: dict[str, str]  # a source's place name (as written) -> town id or "new"
    source: dict[str, str]
    near_km: float = 2.0
    far_km: float = 25.0

    def side(self, value: str) -> str | None:
        return self.sides.get(normalise_value(value))

    @property
    def outside(self) -> str | None:
        return self.sides.get(OUTSIDE)


def load_mapping(path: Path, config: ConflictConfig, kind: str) -> Mapping:
    """Read and check a mapping file against the pack; raise `ImportRefused` listing
    every problem (file and key)."""
    file = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportRefused([Problem(file, 0, "", "mapping file not found")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ImportRefused([Problem(file, 0, "", f"not readable as TOML: {error}")]) from None
    problems: list[Problem] = []
    for key in data:
        if key not in TABLES:
            problems.append(
                Problem(file, 0, key, f"unknown table; the tables are {', '.join(TABLES)}")
            )
    sides = _sides(data.get("sides", {}), config, file, kind, problems)
    columns = _strings(data.get("columns", {}), "columns", file, problems)
    defaults = DEFAULT_COLUMNS[kind]
    for key in columns:
        if key not in defaults:
            problems.append(
                Problem(
                    file,
                    0,
                    f"columns.{key}",
                    f"unknown field for {kind}; the fields are {', '.join(defaults)}",
                )
            )
    places = _strings(data.get("places", {}), "places", file, problems)
    for name, town_id in places.items():
        if town_id != NEW_PLACE:
            try:
                parse_id(town_id)
            except FieldError as error:
                problems.append(Problem(file, 0, f"places.{name}", f"{error}, or {NEW_PLACE!r}"))
    source = _source(data.get("source", {}), file, kind, problems)
    near, far = _distances(data.get("matching", {}), file, problems)
    if problems:
        raise ImportRefused(problems)
    return Mapping(
        path=Path(path),
        kind=kind,
        sides=sides,
        columns=defaults | columns,
        places=places,
        source=source,
        near_km=near,
        far_km=far,
    )


def _strings(table: object, name: str, file: str, problems: list[Problem]) -> dict[str, str]:
    if not isinstance(table, dict):
        problems.append(Problem(file, 0, name, "must be a table"))
        return {}
    values = {}
    for key, value in table.items():
        if isinstance(value, str):
            values[key] = value.strip()
        else:
            problems.append(Problem(file, 0, f"{name}.{key}", "must be a text in quotes"))
    return values


def _sides(
    table: object, config: ConflictConfig, file: str, kind: str, problems: list[Problem]
) -> dict[str, str]:
    sides = {}
    for value, side in _strings(table, "sides", file, problems).items():
        if side not in config.state_ids:
            problems.append(
                Problem(
                    file,
                    0,
                    f"sides.{value}",
                    f"unknown side {side!r}; the pack's sides and states are "
                    f"{', '.join(config.state_ids)}",
                )
            )
        sides[normalise_value(value)] = side
    if OUTSIDE in sides and kind != "polygons":
        problems.append(Problem(file, 0, f"sides.{OUTSIDE}", "only polygon imports use it"))
    if not sides:
        problems.append(Problem(file, 0, "sides", "no [sides] table: nothing would be imported"))
    return sides


def _source(table: object, file: str, kind: str, problems: list[Problem]) -> dict[str, str]:
    source = DEFAULT_SOURCE.get(kind, {}) | _strings(table, "source", file, problems)
    for key in source:
        if key not in SOURCE_KEYS:
            problems.append(
                Problem(
                    file, 0, f"source.{key}", f"unknown key; the keys are {', '.join(SOURCE_KEYS)}"
                )
            )
    checks = {"url": parse_url, "publisher": parse_text, "title": parse_text, "licence": parse_text}
    for key, check in checks.items():
        try:
            check(source.get(key, ""))
        except FieldError as error:
            problems.append(Problem(file, 0, f"source.{key}", str(error)))
    if not source.get("licence"):
        problems.append(
            Problem(
                file,
                0,
                "source.licence",
                'say under which terms the input is published (e.g. "CC BY 4.0", '
                f'"{NO_REDISTRIBUTION}: ...", "own data"): the draft records it',
            )
        )
    return source


def _distances(table: object, file: str, problems: list[Problem]) -> tuple[float, float]:
    if not isinstance(table, dict):
        problems.append(Problem(file, 0, "matching", "must be a table"))
        return 2.0, 25.0
    values = {"near_km": 2.0, "far_km": 25.0}
    for key, value in table.items():
        if key not in values:
            problems.append(Problem(file, 0, f"matching.{key}", "unknown key: near_km, far_km"))
        elif not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            problems.append(Problem(file, 0, f"matching.{key}", "must be a positive number"))
        else:
            values[key] = float(value)
    return values["near_km"], values["far_km"]
