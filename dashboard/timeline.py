"""The control timeline: baseline plus changes gives the holder of every place on any day.

Everything is precomputed once into small day-by-town and day-by-area tables of
state codes, so each question the app or CLI asks is an array lookup. No I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from dashboard.records import ControlEvent, Record


@dataclass(frozen=True)
class AreaTable:
    """The map's areas, each following one town; sizes drive the territory share.

    `km2_held`: the part of each area within its place's reach (all of it when not
    given); the rest has no clear holder under the held-land convention.
    """

    area_ids: tuple[str, ...]
    town_ids: tuple[str, ...]
    unit_names: tuple[str, ...]
    km2: np.ndarray
    km2_held: np.ndarray | None = None

    @property
    def held(self) -> np.ndarray:
        return self.km2 if self.km2_held is None else self.km2_held


# How firmly a holder is known, from the event that set it: a confirmed report of the
# place (high or medium confidence); a low-confidence report, or one that names only the
# place's region; or an inference with no report of its own.
CERTAINTY = ("reported", "low", "inferred")
# How land is counted. "all": every area follows its place's holder, deserts included,
# as published figures such as Jusoor for Studies' count (the default). "held": only
# land within its place's reach; the rest is counted apart, as having no clear holder.
CONVENTIONS = ("all", "held")


class Timeline:
    """Who held each town and area at the end of each day of the record's period.

    Codes are positions in the pack's `state_ids` (sides first, then states).
    """

    def __init__(self, record: Record, areas: AreaTable):
        self.record = record
        self.areas = areas
        self.state_ids: tuple[str, ...] = record.config.state_ids
        start, end = record.baseline_date, record.last_date
        self.dates: tuple[dt.date, ...] = tuple(
            start + dt.timedelta(days=offset) for offset in range((end - start).days + 1)
        )
        self.town_ids: tuple[str, ...] = tuple(sorted(record.towns))
        self._town_index = {town_id: index for index, town_id in enumerate(self.town_ids)}
        self._history: dict[str, list[ControlEvent]] = {town_id: [] for town_id in self.town_ids}
        self._changes: dict[dt.date, list[ControlEvent]] = {}
        for event in record.events:
            self._history[event.town_id].append(event)
            if not event.is_baseline:
                self._changes.setdefault(event.date, []).append(event)
        self.town_codes, self.town_certainty = self._fill_town_tables()
        area_town = np.array([self._town_index[town_id] for town_id in areas.town_ids], dtype=int)
        self.area_codes = self.town_codes[:, area_town]
        self.area_certainty = self.town_certainty[:, area_town]
        # Day x state x certainty km², per convention; the shares sum the certainties.
        cells = self._territory_cells()
        self.km2_by_certainty = {
            "all": self._territory_table(cells, areas.km2),
            "held": self._territory_table(cells, areas.held),
        }
        self.share_km2 = self.km2_by_certainty["all"].sum(axis=2)
        self.beyond_km2 = float(np.sum(areas.km2 - areas.held))

    def _fill_town_tables(self) -> tuple[np.ndarray, np.ndarray]:
        """Day x town holder codes, and how certain each holder is (`CERTAINTY` codes)."""
        shape = (len(self.dates), len(self.town_ids))
        codes = np.zeros(shape, dtype=np.int8)
        certainty = np.zeros(shape, dtype=np.int8)
        start = self.dates[0]
        code_of = {state_id: code for code, state_id in enumerate(self.state_ids)}
        for town_index, town_id in enumerate(self.town_ids):
            for event in self._history[town_id]:
                since = (event.date - start).days
                codes[since:, town_index] = code_of[event.to_side]
                certainty[since:, town_index] = _certainty(event)
        return codes, certainty

    def _territory_cells(self) -> np.ndarray:
        """Per day and area, its cell of the day x state x certainty table, flattened."""
        states, levels = len(self.state_ids), len(CERTAINTY)
        cells = self.area_codes.astype(np.int32) * levels + self.area_certainty
        cells += np.arange(len(self.dates), dtype=np.int32)[:, None] * (states * levels)
        return cells.ravel()

    def _territory_table(self, cells: np.ndarray, km2: np.ndarray) -> np.ndarray:
        """km² held by each state (in `state_ids` order) on each day, split by how
        certain the holder is (`CERTAINTY` order): days x states x certainties."""
        shape = (len(self.dates), len(self.state_ids), len(CERTAINTY))
        weights = np.tile(km2, len(self.dates))
        return np.bincount(cells, weights=weights, minlength=np.prod(shape)).reshape(shape)

    @property
    def nbytes(self) -> int:
        """Memory of the day tables, which grows with the days of the period."""
        tables = (
            self.town_codes,
            self.town_certainty,
            self.area_codes,
            self.area_certainty,
            self.share_km2,
        )
        return sum(table.nbytes for table in tables)

    def day_index(self, day: dt.date) -> int:
        """Position of `day` in the period; a day outside it is an error, never clamped."""
        offset = (day - self.dates[0]).days
        if not 0 <= offset < len(self.dates):
            raise ValueError(
                f"{day} is outside the record's period {self.dates[0]} to {self.dates[-1]}"
            )
        return offset

    def town_state(self, town_id: str, day_index: int) -> str:
        return self.state_ids[self.town_codes[day_index, self._town_index[town_id]]]

    def town_states(self, day_index: int) -> dict[str, str]:
        return {
            town_id: self.state_ids[code]
            for town_id, code in zip(self.town_ids, self.town_codes[day_index], strict=True)
        }

    def area_states(self, day_index: int) -> dict[str, str]:
        return {
            area_id: self.state_ids[code]
            for area_id, code in zip(self.areas.area_ids, self.area_codes[day_index], strict=True)
        }

    def changed_areas(self, day_index: int) -> np.ndarray:
        """Indices of areas whose holder differs from the day before (none on day one)."""
        if day_index == 0:
            return np.array([], dtype=int)
        return np.flatnonzero(self.area_codes[day_index] != self.area_codes[day_index - 1])

    def territory(self, day_index: int) -> dict[str, float]:
        """km² per state on that day, for states that hold anything."""
        return {
            state_id: float(km2)
            for state_id, km2 in zip(self.state_ids, self.share_km2[day_index], strict=True)
            if km2 > 0
        }

    def history(self, town_id: str) -> tuple[ControlEvent, ...]:
        """The baseline and every change of one town, oldest first."""
        return tuple(self._history[town_id])

    def changes_on(self, day_index: int) -> tuple[ControlEvent, ...]:
        """The changes dated on that day, in record order (a lookup: the page asks for
        every day of a period that may be years long)."""
        return tuple(self._changes.get(self.dates[day_index], ()))


def _certainty(event: ControlEvent) -> int:
    if event.is_inferred:
        return CERTAINTY.index("inferred")
    uncertain = event.confidence == "low" or event.rests_on_region
    return CERTAINTY.index("low" if uncertain else "reported")
