"""Wikipedia detailed-map modules (Syria, Sudan, Yemen, Libya, Myanmar...): Lua tables
of marks `{ lat = "…", long = "…", mark = "Location dot red.svg", label = "[[Town]]" }`
whose icon tells the holder; one file per revision, its day given with `--date`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from dashboard.importers.errors import ImportRefused
from dashboard.importers.inputs import coordinate, dated_inputs, file_source, read_text
from dashboard.importers.lua import LuaError, parse_module
from dashboard.importers.mapping import Mapping
from dashboard.importers.model import Sighting, Snapshot
from dashboard.problems import Problem
from dashboard.records.fields import FieldError

_LINK = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
_MARKUP = re.compile(r"<[^>]*>|'''?|\{\{[^}]*\}\}")


def read_modules(inputs: list[Path], dates: list[dt.date], mapping: Mapping) -> list[Snapshot]:
    problems: list[Problem] = []
    snapshots = []
    for path, day in dated_inputs(inputs, dates, "module revision"):
        try:
            module = parse_module(read_text(path))
        except LuaError as error:
            problems.append(Problem(str(path), 0, "", f"not a detailed-map module: {error}"))
            continue
        source = file_source(mapping, path, day, title=f"[{path.stem}, revision of {day}]")
        sightings = list(_sightings(path, module, mapping, problems))
        if not sightings:
            problems.append(Problem(str(path), 0, "", "no marks with lat and long found"))
        snapshots.append(Snapshot(day, source, tuple(sightings)))
    if problems:
        raise ImportRefused(problems)
    return snapshots


def _marks(value: object) -> Iterator[dict]:
    """Every table holding a latitude and a longitude, wherever it is nested."""
    if isinstance(value, dict):
        if "lat" in value and ("long" in value or "lon" in value):
            yield value
            return
        children = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return
    for child in children:
        yield from _marks(child)


def _sightings(
    path: Path, module: object, mapping: Mapping, problems: list[Problem]
) -> Iterator[Sighting]:
    columns = mapping.columns
    for number, mark in enumerate(_marks(module), start=1):
        ref = f"{path.name}: mark {number}"
        try:
            lat = coordinate(_text(mark.get(columns["lat"])), "latitude", -90, 90)
            lon = coordinate(
                _text(mark.get(columns["lon"], mark.get("lon"))), "longitude", -180, 180
            )
        except FieldError as error:
            problems.append(Problem(str(path), 0, f"mark {number}", str(error)))
            continue
        label, target = label_name(_text(mark.get(columns["place"])))
        link = _text(mark.get("link"))
        icon = _text(mark.get(columns["side"]))
        yield Sighting(
            name=label or link or target,
            alias=target or link,
            value=icon,
            ref=ref,
            lat=lat,
            lon=lon,
            how=f"marked with the icon {icon!r}",
        )


def label_name(label: str) -> tuple[str, str]:
    """The name a label shows and the page it links to: `[[Kafr Nabl|Kafranbel]]` ->
    ("Kafranbel", "Kafr Nabl"); markup such as `<br>` and bold quotes is dropped."""
    target = ""
    found = _LINK.search(label)
    if found:
        target = found.group(1).strip()
    shown = _LINK.sub(lambda m: m.group(2) or m.group(1), label)
    shown = re.sub(r"\s+", " ", _MARKUP.sub(" ", shown)).strip()
    return shown, target


def _text(value: object) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()
