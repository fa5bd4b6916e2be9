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
    def draft_dir(self) -> Path | None:
        """The folder of an events file given with `--events` when it holds its own
        `towns.csv` or `sources.csv` (a draft written by `frontline import`): those, and
        `geo/` once built there, are read instead of the pack's. None otherwise."""
        folder = self.events.parent
        if folder.resolve() == self.root.resolve():
            return None
        if any((folder / name).is_file() for name in ("towns.csv", "sources.csv")):
            return folder
        return None

    def _beside_events(self, name: str) -> Path:
        draft = self.draft_dir
        if draft is not None and (draft / name).exists():
            return draft / name
        return self.root / name

    @property
    def towns(self) -> Path:
        return self._beside_events("towns.csv")

    @property
    def sources(self) -> Path:
        return self._beside_events("sources.csv")

    @property
    def zones(self) -> Path:
        """The pack's own zone polygons (optional; see `dashboard.geo.zones`)."""
        return self.root / "zones.geojson"

    @property
    def geo_dir(self) -> Path:
        """The built layers: a draft's own once `build-geo` wrote them, else the pack's."""
        own = self.layers_out
        return own if (own / "areas.geojson").is_file() else self.root / "geo"

    @property
    def layers_out(self) -> Path:
        """Where `build-geo` writes: beside a draft, so the pack's own layers stay as
        they are, else the pack's `geo/`."""
        draft = self.draft_dir
        return self.root / "geo" if draft is None else draft / "geo"

    @property
    def build_command(self) -> str:
        """The command that builds the layers these files need."""
        events = "" if self.draft_dir is None else f" --events {self.events}"
        return f"frontline build-geo --pack {self.root}{events}"

    @property
    def source_dir(self) -> Path:
        """The boundary files the layers are built from, with their licence (the pack's,
        for a draft too)."""
        return self.root / "geo" / "source"


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
