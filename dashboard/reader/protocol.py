"""The step tables: everything the reader needs to show any day with no server, sent once.

This is a written protocol between Python, which makes the tables, and the browser's
reader (`browser/src/reader/`), which reads them: `SCHEMA` (JSON Schema, with
`VERSION`) describes every field, a test checks every table made here against it, and
the JavaScript reads the same schema (written to `browser/src/reader/schema.json`) and
is tested in Node against tables written here. No field is a flat array with a stride:
runs of a town's holders are parallel arrays indexed from `runStart`.

The rule for a day is `Timeline`'s: a town's holder at the end of day d is the value of
its last run starting on or before d; an area follows its town; an area "changed" when
its holder differs from the day before; a frontier edge is on the frontline when its
two areas' holders differ and both states draw fronts.
"""

from __future__ import annotations

import json

import numpy as np
import shapely
from shapely.ops import polylabel

from dashboard.i18n import Translator
from dashboard.project import Project
from dashboard.reader.texts import day_ticks, reader_texts
from dashboard.style import label_rank, style_sheet, town_radius, town_symbol

VERSION = 1


def step_tables(project: Project, tr: Translator) -> dict:
    """The tables of one project in `tr`'s language (see `SCHEMA`)."""
    timeline = project.timeline
    config = project.config
    west, south, east, north = project.layers.area_bounds
    town_index = {town_id: index for index, town_id in enumerate(timeline.town_ids)}
    return {
        "version": VERSION,
        "lang": tr.lang,
        "dir": tr.direction,
        "dates": [day.isoformat() for day in timeline.dates],
        "dayNames": [tr.date(day) for day in timeline.dates],
        "ticks": day_ticks(timeline.dates, tr),
        "states": _state_table(project, tr),
        "towns": _town_table(project, tr),
        "areas": {
            "town": [town_index[town] for town in timeline.areas.town_ids],
            "km2": timeline.areas.km2.round(3).tolist(),
            "names": _area_names(project, tr),
            "label": _label_points(project),
        },
        "edges": {
            "a": project.frontiers.area_a.tolist(),
            "b": project.frontiers.area_b.tolist(),
        },
        "territory": timeline.share_km2.T.round(3).tolist(),
        # km² of each state, each day, whose holder rests on a low-confidence, regional
        # or inferred report (the hatched land).
        "territoryUncertain": timeline.km2_by_certainty["all"][:, :, 1:]
        .sum(axis=2)
        .T.round(3)
        .tolist(),
        "changes": _changes(project),
        "keyEvents": [
            {
                "day": timeline.day_index(event.date),
                "label": config.text(event.label, tr.lang),
                "town": timeline.town_ids.index(event.place) if event.place else None,
            }
            for event in config.key_events
            if timeline.dates[0] <= event.date <= timeline.dates[-1]
        ],
        "bounds": [float(west), float(south), float(east), float(north)],
        "style": style_sheet(config),
        "texts": reader_texts(project, tr),
    }


def _state_table(project: Project, tr: Translator) -> dict:
    """Per state: its id, and its names as they changed over the period (`names[s]`
    lists (first day, label, short label), oldest first)."""
    config = project.config
    dates = project.timeline.dates
    names = []
    for state in config.all_states:
        runs = [{"day": 0} | _naming(config, state.id, tr, dates[0])]
        for entry in state.relabel:
            if dates[0] < entry.since <= dates[-1]:
                day = (entry.since - dates[0]).days
                runs.append({"day": day} | _naming(config, state.id, tr, entry.since))
        names.append(runs)
    return {"ids": list(config.state_ids), "names": names}


def _naming(project_config, state_id: str, tr: Translator, day) -> dict:
    return {
        "label": project_config.label(state_id, tr.lang, day),
        "short": project_config.short_label(state_id, tr.lang, day),
    }


def _town_table(project: Project, tr: Translator) -> dict:
    """Towns in `Timeline.town_ids` order, with the runs of their holder and certainty:
    run k of town t is (runDay[k], runCode[k], runCertainty[k]) for k from runStart[t]
    to runStart[t + 1] (the last town's runs end with the arrays)."""
    timeline = project.timeline
    towns = [project.record.towns[town_id] for town_id in timeline.town_ids]
    start, days, codes, certainty = [], [], [], []
    for index in range(len(towns)):
        column_codes = timeline.town_codes[:, index]
        column_certainty = timeline.town_certainty[:, index]
        changes = np.flatnonzero(
            np.r_[
                True,
                (column_codes[1:] != column_codes[:-1])
                | (column_certainty[1:] != column_certainty[:-1]),
            ]
        )
        start.append(len(days))
        days += changes.tolist()
        codes += column_codes[changes].tolist()
        certainty += column_certainty[changes].tolist()
    return {
        "ids": list(timeline.town_ids),
        "names": [town.name_in(tr.lang) for town in towns],
        "search": [" ".join(dict.fromkeys(town.names.values())) for town in towns],
        "lon": [town.lon for town in towns],
        "lat": [town.lat for town in towns],
        "facility": [not town.holds_area for town in towns],
        "rank": [label_rank(town) for town in towns],
        "radius": [town_radius(town) for town in towns],
        "symbol": [town_symbol(town) for town in towns],
        "runStart": start,
        "runDay": days,
        "runCode": codes,
        "runCertainty": certainty,
    }


def _label_points(project: Project) -> list[list[float]]:
    """The point of each area farthest from its edges (lon, lat; in its largest part),
    where a bloc's name can be written."""
    points = []
    for geometry in project.layers.area_shapes:
        part = max(shapely.get_parts(geometry), key=lambda polygon: polygon.area)
        point = polylabel(part, tolerance=0.01)
        points.append([round(point.x, 3), round(point.y, 3)])
    return points


def _area_names(project: Project, tr: Translator) -> list[str]:
    """Hover names of the areas: the town they follow and their unit."""
    towns = project.record.towns
    config = project.config
    unit = config.text(config.boundaries.unit, tr.lang)
    return [
        tr(
            "{town} area, {name} {unit}",
            town=towns[feature["properties"]["town_id"]].name_in(tr.lang),
            name=config.text(feature["properties"]["unit_names"], tr.lang),
            unit=unit,
        )
        for feature in project.layers.areas["features"]
    ]


def _changes(project: Project) -> dict[str, list[list[int]]]:
    """Per day index with changes: [town, from code, to code, inferred (0/1)] in file
    order; the reader words them (texts.changeLine) and groups them by gaining side."""
    timeline = project.timeline
    code = {state_id: index for index, state_id in enumerate(timeline.state_ids)}
    town = {town_id: index for index, town_id in enumerate(timeline.town_ids)}
    return {
        str(day): [
            [
                town[event.town_id],
                code[event.from_side],
                code[event.to_side],
                int(event.is_inferred),
            ]
            for event in changes
        ]
        for day in range(len(timeline.dates))
        if (changes := timeline.changes_on(day))
    }


_INTS = {"type": "array", "items": {"type": "integer", "minimum": 0}}
_NUMBERS = {"type": "array", "items": {"type": "number"}}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_BOOLEANS = {"type": "array", "items": {"type": "boolean"}}


def _object(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": [key for key in properties if key not in optional],
    }


SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Frontline Map step tables",
    **_object(
        {
            "version": {"const": VERSION},
            "lang": {"type": "string"},
            "dir": {"enum": ["ltr", "rtl"]},
            "dates": _STRINGS,
            "dayNames": _STRINGS,
            "ticks": {
                "type": "array",
                "items": _object(
                    {
                        "day": {"type": "integer", "minimum": 0},
                        "label": {"type": "string"},
                        "level": {"type": "integer", "minimum": 0, "maximum": 3},
                    }
                ),
            },
            "states": _object(
                {
                    "ids": _STRINGS,
                    "names": {
                        "type": "array",
                        "items": {
                            "type": "array",
                            "items": _object(
                                {
                                    "day": {"type": "integer", "minimum": 0},
                                    "label": {"type": "string"},
                                    "short": {"type": "string"},
                                }
                            ),
                        },
                    },
                }
            ),
            "towns": _object(
                {
                    "ids": _STRINGS,
                    "names": _STRINGS,
                    "search": _STRINGS,
                    "lon": _NUMBERS,
                    "lat": _NUMBERS,
                    "facility": _BOOLEANS,
                    "rank": _INTS,
                    "radius": _NUMBERS,
                    "symbol": _STRINGS,
                    "runStart": _INTS,
                    "runDay": _INTS,
                    "runCode": _INTS,
                    "runCertainty": _INTS,
                }
            ),
            "areas": _object(
                {
                    "town": _INTS,
                    "km2": _NUMBERS,
                    "names": _STRINGS,
                    "label": {"type": "array", "items": _NUMBERS},
                }
            ),
            "edges": _object({"a": _INTS, "b": _INTS}),
            "territory": {"type": "array", "items": _NUMBERS},
            "territoryUncertain": {"type": "array", "items": _NUMBERS},
            "changes": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _INTS},
            },
            "keyEvents": {
                "type": "array",
                "items": _object(
                    {
                        "day": {"type": "integer", "minimum": 0},
                        "label": {"type": "string"},
                        "town": {"type": ["integer", "null"]},
                    }
                ),
            },
            "bounds": _NUMBERS,
            "style": {"type": "object"},
            "texts": {"type": "object"},
        }
    ),
}


def schema_json() -> str:
    """`SCHEMA` as the reader's build bundles it (browser/src/reader/schema.json)."""
    return json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_json(), end="")
