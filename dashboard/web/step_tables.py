"""What a page needs to show any day of the record with no server request, sent once.

Per town: the days on which its holder or certainty changes and the new values. Per
area: the town it follows and its km². Per frontier edge: its two areas (the geometry
comes once, as cacheable files). Plus the texts of every day in the page's language.
The browser (assets/step.js) applies the same rule as `Timeline`; a browser test
compares the two on every day.
"""

from __future__ import annotations

import numpy as np

from dashboard.figures.map_figure import (
    AREA_OPACITY,
    CHANGED_COLOUR,
    FRONTLINE_COLOUR,
    TOWN_DARKEN,
    town_radius,
)
from dashboard.figures.palette import darker
from dashboard.figures.place_labels import label_rank
from dashboard.i18n import Translator
from dashboard.project import Project
from dashboard.records import ControlEvent


def step_tables(project: Project, tr: Translator, urls: dict[str, str | None]) -> dict:
    """The tables of assets/step.js. `urls` names the geometry files (areas, edges),
    the glyphs and the RTL text plugin, as the page must ask for them."""
    timeline = project.timeline
    config = project.config
    states = config.all_states
    west, south, east, north = project.layers.areas_gdf.total_bounds
    town_index = {town_id: index for index, town_id in enumerate(timeline.town_ids)}
    return {
        "dates": [day.isoformat() for day in timeline.dates],
        "dayNames": [tr.date(day) for day in timeline.dates],
        "texts": {
            "heading": tr("End of {date}"),
            "holder": tr("At the end of {date}:"),
            "noChange": tr("No recorded change of control."),
        },
        "states": {
            "ids": list(timeline.state_ids),
            "labels": [config.label(state.id, tr.lang) for state in states],
            "colours": [state.colour for state in states],
            "townColours": [darker(state.colour, TOWN_DARKEN) for state in states],
            "draws": [state.frontline for state in states],
        },
        "opacity": list(AREA_OPACITY),
        "changedColour": CHANGED_COLOUR,
        "frontlineColour": FRONTLINE_COLOUR,
        "towns": _town_table(project, tr),
        "areas": {
            "town": [town_index[town_id] for town_id in timeline.areas.town_ids],
            "km2": timeline.areas.km2.round(3).tolist(),
            "names": _area_names(project, tr),
        },
        "edges": {
            "a": project.frontiers.area_a.tolist(),
            "b": project.frontiers.area_b.tolist(),
        },
        "changes": _change_lines(project, tr),
        "bounds": [[float(west), float(south)], [float(east), float(north)]],
        "urls": urls,
    }


def _town_table(project: Project, tr: Translator) -> dict:
    """Towns in `Timeline.town_ids` order; `runs[i]` is flat (day, code, certainty) triples,
    one per day on which town i's holder or certainty changes, the first on day 0."""
    timeline = project.timeline
    towns = [project.record.towns[town_id] for town_id in timeline.town_ids]
    return {
        "ids": list(timeline.town_ids),
        "names": [town.name_in(tr.lang) for town in towns],
        "lon": [town.lon for town in towns],
        "lat": [town.lat for town in towns],
        "radius": [town_radius(town) for town in towns],
        "rank": [label_rank(town) for town in towns],
        "runs": [
            _runs(timeline.town_codes[:, i], timeline.town_certainty[:, i])
            for i in range(len(towns))
        ],
    }


def _runs(codes: np.ndarray, certainty: np.ndarray) -> list[int]:
    starts = np.flatnonzero(
        np.r_[True, (codes[1:] != codes[:-1]) | (certainty[1:] != certainty[:-1])]
    )
    return np.column_stack([starts, codes[starts], certainty[starts]]).ravel().tolist()


def _area_names(project: Project, tr: Translator) -> list[str]:
    """Hover names of the areas: the town they follow and their unit, in the page's
    language where the boundary file has it."""
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


def change_line(project: Project, event: ControlEvent, tr: Translator) -> str:
    """One change in words, so a colour change on the map is never unexplained."""
    config = project.config
    return tr(
        "{town}: {before} → {after} (inferred)"
        if event.is_inferred
        else "{town}: {before} → {after}",
        town=project.record.towns[event.town_id].name_in(tr.lang),
        before=config.label(event.from_side, tr.lang),
        after=config.label(event.to_side, tr.lang),
    )


def _change_lines(project: Project, tr: Translator) -> dict[str, list[str]]:
    """The changes dated on each day that has any, keyed by day index."""
    timeline = project.timeline
    return {
        str(day_index): [change_line(project, event, tr) for event in changes]
        for day_index in range(len(timeline.dates))
        if (changes := timeline.changes_on(day_index))
    }
