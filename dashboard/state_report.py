"""The state of control on one day as plain data: the `frontline state` contract."""

from __future__ import annotations

import csv
import io
from typing import Any

from dashboard.project import Project


def state_document(project: Project, day_index: int) -> dict[str, Any]:
    """`{"date", "towns", "areas", "territory"}` at the end of the day."""
    timeline = project.timeline
    record = project.record
    config = project.config
    towns = timeline.town_states(day_index)
    areas = timeline.area_states(day_index)
    total_km2 = float(timeline.share_km2[day_index].sum())
    return {
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
        "territory": [
            {"side": side, "km2": round(km2, 1), "share": round(km2 / total_km2, 4)}
            for side, km2 in timeline.territory(day_index).items()
        ],
    }


def state_csv(document: dict[str, Any]) -> str:
    """One row per town, area and territory total, so a spreadsheet can take all three."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "kind", "id", "name", "district", "side", "km2", "share"])
    date = document["date"]
    for town in document["towns"]:
        writer.writerow([date, "town", town["id"], town["name"], "", town["side"], "", ""])
    for area in document["areas"]:
        writer.writerow(
            [
                date,
                "area",
                area["id"],
                area["town"],
                area["district"],
                area["side"],
                area["km2"],
                "",
            ]
        )
    for total in document["territory"]:
        writer.writerow(
            [
                date,
                "territory",
                total["side"],
                "",
                "",
                total["side"],
                total["km2"],
                total["share"],
            ]
        )
    return out.getvalue()
