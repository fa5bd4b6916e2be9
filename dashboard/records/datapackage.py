"""A Frictionless data package (`datapackage.json`) describing a pack's three CSV files.

Generated from the loader's own definitions (headers, kinds of place and event,
confidence levels, bases, review verdicts, id pattern) and from the pack's settings
(languages, sides), so standard tools can check a pack with the same rules as
`frontline validate`, as far as a Table Schema can say them. Columns are matched by
name and the optional ones may be left out (`fieldsMatch: superset`, Data Package v2),
as the loader allows: a file with no `url` or `licence` column is as valid as one with.
Rules across rows (the chain of holders, one baseline per place) stay with
`frontline validate`.
`frontline datapackage` writes it; a test fails when a committed one is stale.
"""

from __future__ import annotations

import json
import re
from typing import Any

from dashboard.pack.config import ConflictConfig
from dashboard.records.fields import ID_PATTERN
from dashboard.records.load import (
    BASIS,
    CONFIDENCE_LEVELS,
    EVENT_COLUMNS,
    EVENT_HEADER,
    EVENT_KINDS,
    REVIEW_VERDICTS,
    SOURCE_COLUMNS,
    SOURCE_FILE_COLUMNS,
    town_header,
)
from dashboard.records.models import CAPITAL_LEVELS, PENDING, TOWN_KINDS

DATAPACKAGE = "datapackage.json"
PROFILE = "tabular-data-package"
# Licences the packs use, by the name a licence list gives them.
LICENCES = {
    "CC BY 4.0": ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0": ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
}
_ID = ID_PATTERN.pattern
_IDS = rf"{_ID[:-1]}(\s*;\s*{_ID[1:-1]})*$"
_URL = r"^https?://\S+$"


def package(config: ConflictConfig) -> dict[str, Any]:
    """The package as a dict: one resource per file, with its schema and keys."""
    languages = tuple(language.code for language in config.languages)
    sides = list(config.state_ids)
    return {
        "profile": PROFILE,
        "name": _slug(config.region),
        "title": config.title_in(),
        "description": config.attribution.control,
        "licenses": [_licence(config.attribution.record_licence)],
        "resources": [
            _resource("towns", _town_fields(languages), "town_id"),
            _resource("sources", _source_fields(), "source_id"),
            _resource(
                "events",
                _event_fields(sides),
                "event_id",
                [
                    {"fields": "town_id", "reference": {"resource": "towns", "fields": "town_id"}},
                ],
            ),
        ],
    }


def package_text(config: ConflictConfig) -> str:
    """The file's text: stable key order, two-space indent, a final newline."""
    return json.dumps(package(config), ensure_ascii=False, indent=2) + "\n"


def _resource(
    name: str, fields: list[dict], key: str, foreign: list[dict] | None = None
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": fields,
        "fieldsMatch": "superset",
        "primaryKey": [key],
        "missingValues": [""],
    }
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _field(
    name: str,
    kind: str = "string",
    required: tuple[str, ...] = (),
    **constraints: Any,
) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind}
    if kind == "date":
        field["format"] = "%Y-%m-%d"
    rules = {**constraints, **({"required": True} if name in required else {})}
    if rules:
        field["constraints"] = rules
    return field


def _town_fields(languages: tuple[str, ...]) -> list[dict]:
    required = ("town_id", f"name_{languages[0]}", "kind", "lat", "lon")
    fields = []
    for name in town_header(languages):
        if name == "town_id":
            fields.append(_field(name, required=required, unique=True, pattern=_ID))
        elif name == "kind":
            fields.append(_field(name, required=required, enum=list(TOWN_KINDS)))
        elif name == "capital":
            fields.append(_field(name, enum=list(CAPITAL_LEVELS)))
        elif name in ("lat", "lon"):
            limit = 90 if name == "lat" else 180
            fields.append(_field(name, "number", required=required, minimum=-limit, maximum=limit))
        else:
            fields.append(_field(name, required=required))
    return fields


def _source_fields() -> list[dict]:
    fields = []
    for name in SOURCE_FILE_COLUMNS:
        if name == "source_id":
            fields.append(_field(name, required=SOURCE_COLUMNS, unique=True, pattern=_ID))
        elif name == "published":
            fields.append(_field(name, "date", required=SOURCE_COLUMNS))
        elif name == "url":
            fields.append(_field(name, pattern=_URL))
        else:
            fields.append(_field(name, required=SOURCE_COLUMNS))
    return fields


def _event_fields(sides: list[str]) -> list[dict]:
    # from_side is empty on a baseline row, so it is not required here.
    required = tuple(name for name in EVENT_COLUMNS if name != "from_side")
    choices = {
        "kind": list(EVENT_KINDS),
        "from_side": sides,
        "to_side": sides,
        "confidence": list(CONFIDENCE_LEVELS),
        "basis": list(BASIS),
        "review": [*REVIEW_VERDICTS, PENDING],
    }
    fields = []
    for name in EVENT_HEADER:
        if name in ("event_id", "town_id"):
            unique = {"unique": True} if name == "event_id" else {}
            fields.append(_field(name, required=required, pattern=_ID, **unique))
        elif name == "date":
            fields.append(_field(name, "date", required=required))
        elif name == "source_ids":
            fields.append(_field(name, required=required, pattern=_IDS))
        elif name in choices:
            fields.append(_field(name, required=required, enum=choices[name]))
        else:
            fields.append(_field(name, required=required))
    return fields


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "pack"


def _licence(name: str) -> dict[str, str]:
    known = LICENCES.get(name)
    if known is None:
        return {"name": _slug(name), "title": name}
    return {"name": known[0], "path": known[1], "title": name}
