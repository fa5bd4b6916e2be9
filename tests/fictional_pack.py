"""A made-up conflict pack: other sides, other languages, other boundaries, other columns.

It proves that nothing about Syria is left in the code: the tests build its layers,
validate it, ask for its state, export it and serve it, each with no code change.
Arcadia has two provinces of three square districts each; Ukrainian is its second
language, and its boundary file names its columns in its own way. The red front holds a
plateau drawn as a zone of its own (`zones.geojson`) across two northern districts.
"""

from __future__ import annotations

import json
from pathlib import Path

from record_fixtures import write_csv

from dashboard.pack.paths import PackPaths
from dashboard.records.load import EVENT_HEADER, SOURCE_HEADER, town_header

BOUNDARY_FILE = "arcadia_districts.geojson"
CONFIG = """
title = "Arcadia: the river war"
headline = { es = "Quién controla Arcadia", uk = "Хто контролює Аркадію" }
standfirst = { es = "El frente del río, día a día" }
region = "Arcadia"
period_end = 2023-03-10

[[languages]]
code = "es"
name = "Español"

[[languages]]
code = "uk"
name = "Українська"

[[sides]]
id = "azul"
label = { es = "Fuerzas azules", uk = "Сині сили" }
colour = "#1b9e77"

[[sides]]
id = "rojo"
label = { es = "Frente rojo" }
short = { es = "Rojos" }
colour = "#d95f02"

[[sides.relabel]]
since = 2023-03-06
label = { es = "Frente rojo unificado" }

[[states]]
id = "disputado"
label = { es = "En disputa", uk = "Спірно" }
colour = "#aaaaaa"
frontline = false

[boundaries]
file = "arcadia_districts.geojson"
id_column = "codigo"
name_columns = { es = "nombre", uk = "nazva" }
parent_id_column = "provincia"
parent_name_columns = { es = "provincia_nombre" }
unit = { es = "distrito", uk = "район" }
parent_unit = { es = "provincia" }
simplify_degrees = 0.001

[[boundaries.disputed]]
id = "isla"
unit = "AR-S3"
bbox = [22.5, 40.0, 23.0, 40.5]
label = { es = "Zona en disputa con Beotia" }

[attribution]
boundaries = "Boundaries: made up for the tests, public domain."
places = "Places: made up for the tests."
control = "Control: the test suite."
short = "Arcadia test data"
record_licence = "CC0"

[[key_events]]
date = 2023-03-04
label = { es = "Los rojos toman el vado", uk = "Червоні беруть брід" }
place = "vado"
"""

# (code, name, Ukrainian name, province, west, south): one-degree squares.
DISTRICTS = [
    ("AR-N1", "Norte Uno", "Північ 1", "AR-N", 20, 41),
    ("AR-N2", "Norte Dos", "Північ 2", "AR-N", 21, 41),
    ("AR-N3", "Norte Tres", "Північ 3", "AR-N", 22, 41),
    ("AR-S1", "Sur Uno", "Південь 1", "AR-S", 20, 40),
    ("AR-S2", "Sur Dos", "Південь 2", "AR-S", 21, 40),
    ("AR-S3", "Sur Tres", "Південь 3", "AR-S", 22, 40),
]
PROVINCES = {"AR-N": "Provincia Norte", "AR-S": "Provincia Sur"}
TOWNS = [
    ["puerto", "Puerto Azul", "Порт", "city", "", "41.5", "20.5", "", "made up"],
    ["molino", "El Molino", "", "town", "", "41.2", "20.8", "", "made up"],
    ["vado", "Vado Rojo", "Брід", "town", "", "40.5", "21.5", "", "made up"],
    ["cerro", "Cerro Alto", "", "airbase", "", "41.5", "22.5", "", "made up"],
    ["meseta", "La Meseta", "Плато", "zone", "", "41.6", "21.8", "", "made up"],
]
# The plateau: 0.8 x 0.6 degrees across the border of AR-N2 and AR-N3 (at 22° E).
ZONE_BOX = (21.6, 41.3, 22.4, 41.9)
SOURCES = [
    ["arc_wire_2023_03_01", "Arcadia Wire", "Lines before the war", "2023-03-01", ""],
    ["arc_daily_2023_03_04", "Arcadia Daily", "Red front takes the ford", "2023-03-04", ""],
    ["beo_news_2023_03_05", "Beotia News", "Fighting at the mill", "2023-03-05", ""],
]
EVENTS = [
    [
        "b-puerto",
        "2023-03-01",
        "puerto",
        "baseline",
        "",
        "azul",
        "Held.",
        "medium",
        "place",
        "arc_wire_2023_03_01",
        "",
        "",
        "",
    ],
    [
        "b-molino",
        "2023-03-01",
        "molino",
        "baseline",
        "",
        "azul",
        "Held.",
        "medium",
        "place",
        "arc_wire_2023_03_01",
        "",
        "",
        "",
    ],
    [
        "b-vado",
        "2023-03-01",
        "vado",
        "baseline",
        "",
        "azul",
        "Held.",
        "medium",
        "place",
        "arc_wire_2023_03_01",
        "",
        "",
        "",
    ],
    [
        "b-cerro",
        "2023-03-01",
        "cerro",
        "baseline",
        "",
        "rojo",
        "Held.",
        "medium",
        "place",
        "arc_wire_2023_03_01",
        "",
        "",
        "",
    ],
    [
        "c-1",
        "2023-03-04",
        "vado",
        "change",
        "azul",
        "rojo",
        "The red front took the ford.",
        "high",
        "place",
        "arc_daily_2023_03_04;beo_news_2023_03_05",
        "",
        "confirmed",
        "Both agree.",
    ],
    [
        "c-2",
        "2023-03-05",
        "molino",
        "change",
        "azul",
        "disputado",
        "Fighting in the mill town.",
        "medium",
        "place",
        "beo_news_2023_03_05",
        "",
        "",
        "",
    ],
    [
        "c-3",
        "2023-03-07",
        "molino",
        "inferred",
        "disputado",
        "rojo",
        "No report; the red front held the area around it.",
        "low",
        "place",
        "beo_news_2023_03_05",
        "",
        "",
        "",
    ],
    [
        "b-meseta",
        "2023-03-01",
        "meseta",
        "baseline",
        "",
        "rojo",
        "Held by the red front.",
        "medium",
        "region",
        "arc_wire_2023_03_01",
        "",
        "",
        "",
    ],
]


def boundary_collection() -> dict:
    features = []
    for code, name, nazva, province, west, south in DISTRICTS:
        ring = [[west, south], [west + 1, south], [west + 1, south + 1], [west, south + 1]]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "codigo": code,
                    "nombre": name,
                    "nazva": nazva,
                    "provincia": province,
                    "provincia_nombre": PROVINCES[province],
                },
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def zone_collection() -> dict:
    west, south, east, north = ZONE_BOX
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "town_id": "meseta",
                    "source_ids": "arc_wire_2023_03_01",
                    "labels": {"es": "Meseta (frente rojo)", "uk": "Плато"},
                    "note": "Drawn from the wire's description of the plateau.",
                },
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }


def write_pack(root: Path) -> PackPaths:
    """Write the pack's settings, CSV files, zones and boundary file (layers not built)."""
    paths = PackPaths.in_dir(root)
    paths.source_dir.mkdir(parents=True)
    paths.config.write_text(CONFIG, encoding="utf-8")
    (paths.source_dir / BOUNDARY_FILE).write_text(json.dumps(boundary_collection()), "utf-8")
    write_csv(paths.towns, list(town_header(("es", "uk"))), TOWNS)
    write_csv(paths.sources, list(SOURCE_HEADER), SOURCES)
    write_csv(paths.events, list(EVENT_HEADER), EVENTS)
    paths.zones.write_text(json.dumps(zone_collection()), encoding="utf-8")
    return paths
