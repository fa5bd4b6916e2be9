"""Reading KML and KMZ (Google My Maps, Google Earth) with their styles, which GDAL's
readers drop: each placemark's fill or icon colour, style id and folder are what
mappers use to say who holds a place."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import shapely

from dashboard.records.fields import FieldError

NS = "{http://www.opengis.net/kml/2.2}"
# A KMZ's KML may not unpack larger than this (a zip bomb is refused, not unpacked).
MAX_KML_BYTES = 200_000_000


@dataclass(frozen=True)
class Placemark:
    geometry: shapely.Geometry
    properties: dict[str, str]  # name, description, folder, style, fill, and ExtendedData
    number: int


def kml_text(path: Path, data: bytes) -> bytes:
    """The KML document of a .kml file, or of a .kmz archive (its first .kml entry)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [i for i in archive.infolist() if i.filename.lower().endswith(".kml")]
        if not entries:
            raise FieldError("a KMZ with no .kml file inside")
        entry = next((i for i in entries if i.filename.lower() == "doc.kml"), entries[0])
        if entry.file_size > MAX_KML_BYTES:
            raise FieldError(f"its KML unpacks to {entry.file_size:,} bytes: over the limit")
        return archive.read(entry)


def placemarks(data: bytes) -> Iterator[Placemark]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise FieldError(f"not readable as KML: {error}") from None
    ns = (
        NS
        if root.tag.startswith(NS)
        else root.tag[: root.tag.index("}") + 1]
        if "}" in root.tag
        else ""
    )
    colours = _style_colours(root, ns)
    number = 0
    for folder, mark in _walk(root, ns, ""):
        number += 1
        geometry = _geometry(mark, ns)
        if geometry is None:
            continue
        style = (mark.findtext(f"{ns}styleUrl") or "").strip().lstrip("#")
        inline = mark.find(f"{ns}Style")
        fill = _colour_of(inline, ns) if inline is not None else colours.get(style, "")
        properties = {
            "name": (mark.findtext(f"{ns}name") or "").strip(),
            "description": (mark.findtext(f"{ns}description") or "").strip(),
            "folder": folder,
            "style": _base_style(style),
            "fill": fill,
        }
        for data_ in mark.iter(f"{ns}Data"):
            properties.setdefault(
                data_.get("name", ""), (data_.findtext(f"{ns}value") or "").strip()
            )
        for simple in mark.iter(f"{ns}SimpleData"):
            properties.setdefault(simple.get("name", ""), (simple.text or "").strip())
        yield Placemark(geometry, properties, number)


def _walk(element: ElementTree.Element, ns: str, folder: str):
    for child in element:
        if child.tag == f"{ns}Placemark":
            yield folder, child
        elif child.tag in (f"{ns}Folder", f"{ns}Document"):
            name = (child.findtext(f"{ns}name") or "").strip()
            inner = name if child.tag == f"{ns}Folder" else folder
            yield from _walk(child, ns, inner or folder)
        elif child.tag == f"{ns}kml":
            yield from _walk(child, ns, folder)


def _style_colours(root: ElementTree.Element, ns: str) -> dict[str, str]:
    """Style id -> `#rrggbb` (a StyleMap takes its `normal` style's colour)."""
    colours = {style.get("id", ""): _colour_of(style, ns) for style in root.iter(f"{ns}Style")}
    for style_map in root.iter(f"{ns}StyleMap"):
        for pair in style_map.iter(f"{ns}Pair"):
            if (pair.findtext(f"{ns}key") or "").strip() == "normal":
                target = (pair.findtext(f"{ns}styleUrl") or "").strip().lstrip("#")
                colours[style_map.get("id", "")] = colours.get(target, "")
    return colours


def _colour_of(style: ElementTree.Element, ns: str) -> str:
    """A style's polygon fill, else its icon's, else its line's colour, as `#rrggbb`
    (KML writes colours as aabbggrr)."""
    for part in ("PolyStyle", "IconStyle", "LineStyle"):
        colour = (style.findtext(f"{ns}{part}/{ns}color") or "").strip()
        if len(colour) == 8:
            return f"#{colour[6:8]}{colour[4:6]}{colour[2:4]}".lower()
    return ""


def _base_style(style: str) -> str:
    """My Maps names a style and its two states `poly-A52714-1200-77-nodesc`,
    `…-normal`, `…-highlight`: the base name is what a mapping names."""
    for suffix in ("-normal", "-highlight"):
        if style.endswith(suffix):
            return style[: -len(suffix)]
    return style


def _geometry(mark: ElementTree.Element, ns: str) -> shapely.Geometry | None:
    parts = []
    for point in mark.iter(f"{ns}Point"):
        coordinates = _coordinates(point.findtext(f"{ns}coordinates"))
        if coordinates:
            parts.append(shapely.Point(coordinates[0]))
    for polygon in mark.iter(f"{ns}Polygon"):
        outer = _coordinates(
            polygon.findtext(f"{ns}outerBoundaryIs/{ns}LinearRing/{ns}coordinates")
        )
        holes = [
            _coordinates(ring.findtext(f"{ns}coordinates"))
            for ring in polygon.iterfind(f"{ns}innerBoundaryIs/{ns}LinearRing")
        ]
        if len(outer) >= 4:
            parts.append(shapely.Polygon(outer, [h for h in holes if len(h) >= 4]))
    polygons = [p for p in parts if p.geom_type == "Polygon"]
    if polygons:
        return (
            shapely.make_valid(shapely.MultiPolygon(polygons))
            if len(polygons) > 1
            else shapely.make_valid(polygons[0])
        )
    return parts[0] if parts else None


def _coordinates(text: str | None) -> list[tuple[float, float]]:
    points = []
    for chunk in (text or "").split():
        values = chunk.split(",")
        try:
            points.append((float(values[0]), float(values[1])))
        except (ValueError, IndexError):
            raise FieldError(f"coordinates {chunk!r} are not lon,lat[,alt]") from None
    return points
