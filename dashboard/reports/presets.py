"""Export presets: the page each kind of publication needs, and the formats and file
names of every export. Names are made here from the pack folder, dates and preset
only, never from user input."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dashboard.i18n import N_
from dashboard.project import Project

IMAGE_FORMATS = ("png", "svg", "pdf")
ANIMATION_FORMATS = ("gif", "mp4")
TABLE_FORMATS = ("csv", "geojson", "gpkg", "kml")
# What the data exports are, beside the changes (CSV) and a day's areas: every area's
# holding periods, the territory series and the gains and losses between two days.
PERIOD_FORMATS = ("gpkg", "geojson")
SERIES_FORMATS = ("csv",)
MEDIA_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "gif": "image/gif",
    "mp4": "video/mp4",
    "csv": "text/csv",
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "kml": "application/vnd.google-earth.kml+xml",
}


@dataclass(frozen=True)
class Preset:
    """A page in CSS pixels; `scale` multiplies raster output (PNG, animation frames).

    `font` is the body text size the title, legend and credits scale from;
    `min_credits` the smallest credit text (print: 8 CSS px, 6 pt).
    """

    name: str
    label: str
    width: int
    height: int
    scale: float
    format: str
    font: float
    min_credits: float = 0.0

    @property
    def pixel_size(self) -> tuple[int, int]:
        """Width and height of a PNG of this preset."""
        return round(self.width * self.scale), round(self.height * self.scale)


# A4 landscape is 297 x 210 mm: 1123 x 794 CSS pixels at 96 per inch, as Chromium prints;
# a CSS pixel is 0.75 pt there, so a body of 13 px sets place names and the legend at
# 7.9 pt or more and the credits at 6.8 pt (never under 8 px, 6 pt).
PRESETS = {
    preset.name: preset
    for preset in (
        Preset("slide", N_("Slide (16:9)"), 1920, 1080, 2, "png", 17),
        Preset("print", N_("Print (A4 landscape)"), 1123, 794, 1, "pdf", 13, 8.0),
        Preset("svg", N_("SVG for editing"), 1600, 1000, 1, "svg", 14),
        Preset("square", N_("Square (social media)"), 1080, 1080, 1, "png", 14),
    )
}
DEFAULT_PRESET = "slide"


def preset_for(name: str | None, fmt: str | None = None) -> Preset:
    """The preset called `name`; without one, the preset made for `fmt` (PNG: slide,
    PDF: print, SVG: svg), else the slide. Raises ValueError for an unknown name."""
    if name is None:
        natural = [preset for preset in PRESETS.values() if preset.format == fmt]
        return natural[0] if natural else PRESETS[DEFAULT_PRESET]
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    return PRESETS[name]


def format_of(path: object) -> str | None:
    """The export format a file name asks for by its extension (None: no known one)."""
    suffix = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    return suffix if suffix in MEDIA_TYPES else None


def check_format(fmt: str, allowed: tuple[str, ...] = IMAGE_FORMATS) -> None:
    if fmt not in allowed:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(allowed)}")


def pack_slug(project: Project) -> str:
    """The pack folder's name reduced to safe characters."""
    return re.sub(r"[^a-z0-9_-]+", "-", project.paths.root.name.lower()).strip("-") or "pack"


def map_filename(
    project: Project, days: tuple[dt.date, ...], kind: str, preset: Preset, fmt: str
) -> str:
    """`frontline-map-syria-2024-12-05-slide.png`; a comparison names both days
    (`...-2024-12-01-vs-2024-12-08-...`), a grid or an animation its first and last
    (`...-2024-12-01-to-2024-12-08-grid-...`)."""
    if kind == "compare":
        when = f"{days[0].isoformat()}-vs-{days[-1].isoformat()}"
    elif kind in ("grid", "animation"):
        when = f"{days[0].isoformat()}-to-{days[-1].isoformat()}"
    else:
        when = days[0].isoformat()
    what = "grid-" if kind == "grid" else ""
    return f"frontline-map-{pack_slug(project)}-{when}-{what}{preset.name}.{fmt}"


def table_filename(
    project: Project, days: tuple[dt.date, ...], fmt: str, kind: str = "table", convention: str = ""
) -> str:
    """`frontline-changes-syria-2024-11-27-to-2024-12-08.csv` (changes of a range),
    `frontline-areas-syria-2024-12-05.gpkg` (areas on a day),
    `frontline-periods-syria-2024-11-26-to-2024-12-12.gpkg` (holding periods),
    `frontline-territory-syria-2024-11-26-to-2024-12-12-held.csv` (a series) or
    `frontline-gains-syria-2024-11-26-vs-2024-12-12-all.csv` (gains and losses)."""
    first, last = days[0].isoformat(), days[-1].isoformat()
    slug = pack_slug(project)
    if kind == "periods":
        return f"frontline-periods-{slug}-{first}-to-{last}.{fmt}"
    if kind == "territory":
        return f"frontline-territory-{slug}-{first}-to-{last}-{convention}.{fmt}"
    if kind == "gains":
        return f"frontline-gains-{slug}-{first}-vs-{last}-{convention}.{fmt}"
    check_format(fmt, TABLE_FORMATS)
    if fmt == "csv":
        return f"frontline-changes-{slug}-{first}-to-{last}.csv"
    return f"frontline-areas-{slug}-{first}.{fmt}"
