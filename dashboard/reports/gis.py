"""The map's areas as GIS files: one day's areas (GeoPackage, KML, GeoJSON), and every
area's holding periods in one file (GeoPackage, GeoJSON) for QGIS's temporal controller.

Areas carry the same `id` and `side` as `frontline state`; names come in every pack
language. GeoPackage and KML are written through pyogrio (GDAL: the `build` extra),
GeoJSON by hand so it keeps its foreign members (date, record version, credits), as RFC
7946 allows. All in lon/lat WGS 84. Dates are real date fields in a GeoPackage, ISO text
elsewhere.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import json
from typing import Any

import numpy as np
import shapely

from dashboard.credits import credit_lines
from dashboard.project import Project
from dashboard.records import ControlEvent
from dashboard.reports.errors import ExportError, need_for_export
from dashboard.reports.stamp import record_version
from dashboard.timeline import CERTAINTY

AREA_FORMATS = ("gpkg", "kml", "geojson")
PERIOD_FORMATS = ("gpkg", "geojson")
# Fill opacity of an area in KML (as the app's reported fill), hex alpha.
KML_ALPHA = "d9"
Columns = dict[str, list[Any]]


def areas_file(project: Project, day_index: int, fmt: str, lang: str | None = None) -> bytes:
    """The areas and their holder at the end of the day, in `fmt` (`AREA_FORMATS`)."""
    columns = area_columns(project, day_index, lang)
    day = project.timeline.dates[day_index]
    return _encode(project, columns, fmt, "areas", lang, date=day.isoformat())


def periods_file(project: Project, fmt: str, lang: str | None = None) -> bytes:
    """One feature per area and holding period, with `valid_from` and `valid_to` (the
    first and last day, inclusive), in `fmt` (`PERIOD_FORMATS`)."""
    if fmt not in PERIOD_FORMATS:
        raise ValueError(f"holding periods are written as {' or '.join(PERIOD_FORMATS)}")
    return _encode(project, period_columns(project, lang), fmt, "periods", lang)


def area_columns(project: Project, day_index: int, lang: str | None = None) -> Columns:
    """Column name -> one value per area (in the map's order), plus `geometry`."""
    timeline = project.timeline
    config = project.config
    lang = lang or config.primary_language
    day = timeline.dates[day_index]
    codes = timeline.area_codes[day_index]
    certainty = timeline.area_certainty[day_index]
    setting = [_event_in_force(timeline.history(town), day) for town in timeline.areas.town_ids]
    columns: Columns = {
        "date": [day] * len(codes),
        "id": list(timeline.areas.area_ids),
        "side": [timeline.state_ids[code] for code in codes],
        "side_label": [config.label(timeline.state_ids[code], lang) for code in codes],
        "certainty": [CERTAINTY[level] for level in certainty],
        "confidence": [event.confidence for event in setting],
        "basis": [event.basis for event in setting],
    }
    return columns | _place_columns(project, lang)


def period_columns(project: Project, lang: str | None = None) -> Columns:
    """Column name -> one value per area and holding period, plus `geometry`."""
    timeline = project.timeline
    config = project.config
    lang = lang or config.primary_language
    rows, starts, ends, codes = [], [], [], []
    for area in range(len(timeline.areas.area_ids)):
        held = timeline.area_codes[:, area]
        first = np.flatnonzero(np.r_[True, held[1:] != held[:-1]])
        last = np.r_[first[1:] - 1, len(held) - 1]
        rows += [area] * len(first)
        starts += [timeline.dates[day] for day in first]
        ends += [timeline.dates[day] for day in last]
        codes += held[first].tolist()
    places = _place_columns(project, lang)
    columns: Columns = {
        "id": [timeline.areas.area_ids[row] for row in rows],
        "side": [timeline.state_ids[code] for code in codes],
        "side_label": [config.label(timeline.state_ids[code], lang) for code in codes],
        "valid_from": starts,
        "valid_to": ends,
    }
    return columns | {name: [values[row] for row in rows] for name, values in places.items()}


def _place_columns(project: Project, lang: str) -> Columns:
    """Per area: its place, district (in `lang` and in every pack language), size and
    shape."""
    config = project.config
    areas = project.timeline.areas
    towns = [project.record.towns[town_id] for town_id in areas.town_ids]
    units = [feature["properties"]["unit_names"] for feature in project.layers.areas["features"]]
    languages = [language.code for language in config.languages]
    columns: Columns = {
        "town_id": list(areas.town_ids),
        "town": [town.name_in(lang) for town in towns],
        **{f"town_{code}": [town.names.get(code, "") for town in towns] for code in languages},
        "district": [config.text(names, lang) for names in units],
        **{f"district_{code}": [names.get(code, "") for names in units] for code in languages},
        "km2": [round(float(km2), 2) for km2 in areas.km2],
        "km2_held": [round(float(km2), 2) for km2 in areas.held],
    }
    columns["geometry"] = list(project.layers.area_shapes)
    return columns


def _event_in_force(history: tuple[ControlEvent, ...], day: dt.date) -> ControlEvent:
    """The event that set the holder at the end of `day` (the baseline at the latest)."""
    return history[bisect.bisect_right([event.date for event in history], day) - 1]


def _encode(
    project: Project, columns: Columns, fmt: str, layer: str, lang: str | None, **members: str
) -> bytes:
    credits = list(credit_lines(project.config, lang))
    members = {**members, "record": record_version(project.record)}
    if fmt == "geojson":
        return _geojson(columns, {**members, "credits": credits})
    if fmt == "gpkg":
        return _ogr(columns, "GPKG", layer, {**members, "DESCRIPTION": " ".join(credits)})
    if fmt == "kml":
        return _kml(project, columns, layer, " ".join(credits))
    raise ValueError(f"unknown GIS format {fmt!r}; choose one of {', '.join(AREA_FORMATS)}")


def _geojson(columns: Columns, members: dict[str, Any]) -> bytes:
    names = [name for name in columns if name != "geometry"]
    features = [
        {
            "type": "Feature",
            "geometry": geometry.__geo_interface__,
            "properties": {name: _plain(columns[name][row]) for name in names},
        }
        for row, geometry in enumerate(columns["geometry"])
    ]
    collection = {"type": "FeatureCollection", **members, "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _ogr(
    columns: Columns,
    driver: str,
    layer: str,
    metadata: dict[str, str],
    options: dict[str, str] | None = None,
) -> bytes:
    """Write through GDAL into memory; dates become date fields (where the format has
    them), every polygon a multipolygon so the layer has one geometry type."""
    need_for_export("build", "GeoPackage and KML files")
    from pyogrio.raw import write as ogr_write

    names = [name for name in columns if name != "geometry"]
    geometries = shapely.to_wkb(np.array(columns["geometry"], dtype=object))
    out = io.BytesIO()
    ogr_write(
        out,
        geometries,
        [_field(columns[name]) for name in names],
        names,
        layer=layer,
        driver=driver,
        geometry_type="MultiPolygon",
        promote_to_multi=True,
        crs="EPSG:4326",
        layer_metadata=metadata if driver == "GPKG" else None,
        layer_options=options,
    )
    return out.getvalue()


def _field(values: list[Any]) -> np.ndarray:
    if values and isinstance(values[0], dt.date):
        return np.array(values, dtype="datetime64[D]")
    if values and isinstance(values[0], float):
        return np.array(values, dtype=float)
    return np.array(values, dtype=object)


def _kml(project: Project, columns: Columns, layer: str, description: str) -> bytes:
    """KML for Google Earth and the like: each area filled in its holder's colour and
    named after its place. LIBKML where this GDAL has it, else the plain KML driver."""
    need_for_export("build", "GeoPackage and KML files")
    import pyogrio

    drivers = pyogrio.list_drivers(write=True)
    driver = next((name for name in ("LIBKML", "KML") if name in drivers), None)
    if driver is None:
        raise ExportError("this GDAL build cannot write KML; choose GeoPackage or GeoJSON")
    config = project.config
    styles = [_kml_style(config.state(side).colour) for side in columns["side"]]
    named = {"Name": columns["town"], **columns, "OGR_STYLE": styles}
    if driver == "LIBKML":
        return _ogr(named, driver, layer, {}, {"NAME": layer, "DESCRIPTION": description})
    return _ogr(named, driver, layer, {})


def _kml_style(colour: str) -> str:
    """An OGR style string: the holder's fill and a thin dark outline."""
    return f"BRUSH(fc:{colour}{KML_ALPHA});PEN(c:#333333,w:1px)"
