"""What the optional parts of the package need, and a clear refusal when it is missing.

`pip install frontline-map` serves maps and checks packs. The extras add the rest:
`[export]` images and PDFs (Kaleido with Debian's Chromium, pypdf, Pillow), `[video]`
MP4 animations (ffmpeg), `[build]` map layers from boundary files, imports of other
formats and GeoPackage and KML files (GeoPandas, GDAL through pyogrio), `[queue]`
exports made by workers on other machines (RQ and Redis).
"""

from __future__ import annotations

import importlib
from types import ModuleType

EXTRAS = {
    "export": ("kaleido", "choreographer", "pypdf", "PIL"),
    "video": ("imageio_ffmpeg",),
    "build": ("geopandas", "pandas", "pyogrio"),
    "queue": ("rq", "redis"),
}


class MissingExtra(RuntimeError):
    """A command or export that needs an extra which is not installed; says which."""

    def __init__(self, extra: str, what: str, module: str) -> None:
        super().__init__(
            f"{what} needs the '{extra}' extra ({module} is not installed): "
            f"pip install 'frontline-map[{extra}]'"
        )
        self.extra = extra


def need(extra: str, what: str) -> None:
    """Raise `MissingExtra` unless every module of `extra` imports."""
    for module in EXTRAS[extra]:
        load(extra, module, what)


def load(extra: str, module: str, what: str) -> ModuleType:
    """`module`, or `MissingExtra` naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(extra, what, module) from None
