"""The state of control on one day as plain data: the `frontline state` contract."""

from __future__ import annotations

import csv
import io
from typing import Any

from dashboard.project import Project
from dashboard.territory import day_totals
from dashboard.timeline import Timeline


def state_document(project: Project, day_index: int, convention: str = "all") -> dict[str, Any]:
    """`{"date", "towns", "areas", "territory"}` at the end of the day. Counting held
    land (`convention="held"`) adds each area's `km2_held` and `territory_held`, the
    land within reach per side plus the land beyond every place's reach."""
    timeline = project.timeline
    record = project.record
    config = project.config
    towns = timeline.town_states(day_index)
    areas = timeline.area_states(day_index)
    document = {
        "date": timeline.dates[day_index].isoformat(),
        "towns": [
            {
                "id": town_id,
                "name": record.towns[town_id].name,
                "names": record.towns[town_id].names,
                "side": side,
                "side_label": config.label(side),
            }
            for town_id, side in towns.items()
        ],
        "areas": [
            {
                "id": area_id,
                "district": district,
                "town": town_id,
                "side": areas[area_id],
                "km2": round(float(km2), 2),
            }
            for area_id, town_id, district, km2 in zip(
                timeline.areas.area_ids,
                timeline.areas.town_ids,
                timeline.areas.unit_names,
                timeline.areas.km2,
                strict=True,
            )
        ],
        "territory": _territory(timeline, day_index, "all"),
    }
    if convention == "held":
        for area, km2_held in zip(document["areas"], timeline.areas.held, strict=True):
            area["km2_held"] = round(float(km2_held), 2)
        document["territory_held"] = _territory(timeline, day_index, "held")
    return document


def _territory(timeline: Timeline, day_index: int, convention: str) -> list[dict[str, Any]]:
    return [
        {"side": total.side, "km2": total.km2, "share": total.share}
        for total in day_totals(timeline, day_index, convention)
    ]


def state_csv(document: dict[str, Any]) -> str:
    """One row per town, area and territory total, so a spreadsheet can take all three;
    a held-land document adds a `km2_held` column and `territory_held` rows."""
    held = "territory_held" in document
    rows = []
    date = document["date"]
    for town in document["towns"]:
        rows.append([date, "town", town["id"], town["name"], "", town["side"], "", ""])
    for area in document["areas"]:
        row = [date, "area", area["id"], area["town"], area["district"], area["side"], area["km2"]]
        rows.append([*row, "", *([area["km2_held"]] if held else [])])
    for kind in ("territory", "territory_held") if held else ("territory",):
        for total in document[kind]:
            side = total["side"]
            rows.append([date, kind, side, "", "", side, total["km2"], total["share"]])
    header = ["date", "kind", "id", "name", "district", "side", "km2", "share"]
    header += ["km2_held"] if held else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(row + [""] * (len(header) - len(row)) for row in rows)
    return out.getvalue()
