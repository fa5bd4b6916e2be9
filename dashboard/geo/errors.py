"""Errors raised by the geometry builder and loader.

They carry the offending ids so that callers (the CLI, tests) can show or check exactly
what to fix, instead of parsing messages.
"""

from __future__ import annotations


class GeoBuildError(ValueError):
    """The inputs cannot be turned into map layers (e.g. a district has no tracked town)."""

    def __init__(
        self,
        message: str,
        town_ids: tuple[str, ...] = (),
        district_pcodes: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.town_ids = town_ids
        self.district_pcodes = district_pcodes


class GeoLayerError(ValueError):
    """Built layers on disk are missing, unreadable or hold broken features.

    The message lists every problem, one per line, as `path: feature N: column: message`,
    so a single start-up attempt shows everything that needs rebuilding.
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid map layers:\n" + "\n".join(problems))
        self.problems = tuple(problems)
