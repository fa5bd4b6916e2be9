"""Where a pack's files are, and which packs travel with the package.

A pack is one folder (`conflict.toml`, `towns.csv`, `sources.csv`, `events.csv`,
`geo/` with the built layers and `geo/source/` with the boundary files). The bundled
packs and the browser assets are package data, found through `importlib.resources`
so that an installed wheel works from any folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from dashboard.pack.config import CONFIG_FILE

DEFAULT_PACK = "syria"
DATA_DIR_VARIABLE = "FRONTLINE_DATA_DIR"


def _bundled(name: str) -> Path:
    return Path(os.fspath(resources.files("dashboard") / "bundled" / name))


def assets_dir() -> Path:
    """The page's style and browser-side callbacks."""
    return _bundled("assets")


def bundled_packs() -> dict[str, Path]:
    """Name -> folder of every pack shipped with the package, the default first."""
    root = _bundled("")
    names = sorted(p.name for p in root.iterdir() if (p / CONFIG_FILE).is_file())
    names.sort(key=lambda name: name != DEFAULT_PACK)
    return {name: root / name for name in names}


def served_packs() -> dict[str, PackPaths]:
    """The packs a server shows by default: the one in `FRONTLINE_DATA_DIR` when it is
    set, else every bundled pack, the default first."""
    if os.environ.get(DATA_DIR_VARIABLE):
        chosen = find_pack()
        return {chosen.root.name: chosen}
    return {name: PackPaths.in_dir(root) for name, root in bundled_packs().items()}


@dataclass(frozen=True)
class PackPaths:
    """The files of one pack; `events` may point at a user's own events file."""

    root: Path
    events: Path

    @classmethod
    def in_dir(cls, root: Path) -> PackPaths:
        root = Path(root)
        return cls(root=root, events=root / "events.csv")

    def with_events(self, events: Path | None) -> PackPaths:
        return self if events is None else replace(self, events=Path(events))

    @property
    def config(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def towns(self) -> Path:
        return self.root / "towns.csv"

    @property
    def sources(self) -> Path:
        return self.root / "sources.csv"

    @property
    def zones(self) -> Path:
        """The pack's own zone polygons (optional; see `dashboard.geo.zones`)."""
        return self.root / "zones.geojson"

    @property
    def geo_dir(self) -> Path:
        return self.root / "geo"

    @property
    def source_dir(self) -> Path:
        """The boundary files the layers are built from, with their licence."""
        return self.geo_dir / "source"


class PackNotFound(ValueError):
    """A pack name or folder that does not hold a pack."""


def find_pack(spec: str | Path | None = None) -> PackPaths:
    """The pack a user asked for: a folder holding a pack, or a bundled pack's name.

    Nothing asked for means `FRONTLINE_DATA_DIR` if set, else the default pack.
    """
    if spec is None or str(spec) == "":
        spec = os.environ.get(DATA_DIR_VARIABLE) or DEFAULT_PACK
    root = Path(spec)
    if (root / CONFIG_FILE).is_file():
        return PackPaths.in_dir(root)
    packs = bundled_packs()
    if str(spec) in packs:
        return PackPaths.in_dir(packs[str(spec)])
    raise PackNotFound(
        f"{root}: not a pack (no {CONFIG_FILE} there) and not a bundled pack ({', '.join(packs)})"
    )
