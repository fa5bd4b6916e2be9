"""Write a synthetic, seeded conflict pack far larger than the bundled one.

The bundled pack has 156 areas and ~120 changes; the app must stay fast on a record of
a whole war. This writes a complete pack: its own `conflict.toml`, a boundary file of
5,000 square units (a 100 x 50 grid over a Syria-sized box, in 10 x 10 blocks that are
the parent units) in `geo/source/`, one town per unit, 40 sources, 10,000 changes over
three years, and the map layers built from them by the real builder
(`dashboard.geo.build.build_pack_layers`, as `frontline build-geo` runs it). `frontline validate
--data-dir OUTDIR` passes and `frontline serve --data-dir OUTDIR` runs on it.

Usage: python benchmarks/make_scale_data.py [OUTDIR] [--seed N]
(OUTDIR defaults to benchmarks/results/scale_pack, which git ignores.)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.geo.build import build_pack_layers
from dashboard.pack.config import ConflictConfig, load_config
from dashboard.pack.paths import PackPaths
from dashboard.records.load import EVENT_HEADER, SOURCE_HEADER, town_header

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "scale_pack"
COLUMNS, ROWS = 100, 50  # 5,000 cells, each one boundary unit
WEST, SOUTH, EAST, NORTH = 35.8, 32.4, 42.3, 37.3
BLOCK_CELLS = 10  # a parent unit is a 10 x 10 block of cells
CHANGES = 10_000
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 3 * 365  # changes fall on the 3 years after the baseline day
SOURCES = 40
BOUNDARY_FILE = "synthetic_units.geojson"
LANGUAGES = ("en", "ar")
# (id, English label, Arabic label, colour): seven sides, then `contested` (a state).
SIDES = (
    ("side_a", "Side A", "الطرف أ", "#c8453c"),
    ("side_b", "Side B", "الطرف ب", "#3f8f5a"),
    ("side_c", "Side C", "الطرف ج", "#9ccf5b"),
    ("side_d", "Side D", "الطرف د", "#f0c419"),
    ("side_e", "Side E", "الطرف هـ", "#3b7dc4"),
    ("side_f", "Side F", "الطرف و", "#3a3a3a"),
    ("side_g", "Side G", "الطرف ز", "#9a6fb0"),
)
CONTESTED = ("contested", "Contested", "متنازع عليه", "#b9b9b9")


@dataclass(frozen=True)
class Cell:
    """One grid square: one boundary unit, with one town inside it."""

    column: int
    row: int

    @property
    def index(self) -> int:
        return self.row * COLUMNS + self.column

    @property
    def town_id(self) -> str:
        return f"t{self.index:05d}"

    @property
    def unit_id(self) -> str:
        return f"SC{self.index:04d}"

    @property
    def block(self) -> int:
        per_row = -(-COLUMNS // BLOCK_CELLS)
        return (self.row // BLOCK_CELLS) * per_row + self.column // BLOCK_CELLS

    @property
    def parent_id(self) -> str:
        return f"SB{self.block:02d}"


def _step() -> tuple[float, float]:
    return (EAST - WEST) / COLUMNS, (NORTH - SOUTH) / ROWS


def _cells() -> list[Cell]:
    return [Cell(column, row) for row in range(ROWS) for column in range(COLUMNS)]


def _box(cell: Cell) -> list[list[float]]:
    """The cell's closed counter-clockwise ring."""
    dx, dy = _step()
    x0, x1 = round(WEST + cell.column * dx, 5), round(WEST + (cell.column + 1) * dx, 5)
    y0, y1 = round(SOUTH + cell.row * dy, 5), round(SOUTH + (cell.row + 1) * dy, 5)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def config_text(last_day: dt.date) -> str:
    """The pack's `conflict.toml` (schema: dashboard/pack/config.py)."""

    def state(table: str, entry: tuple[str, str, str, str], frontline: bool = True) -> str:
        state_id, en, ar, colour = entry
        text = (
            f'[[{table}]]\nid = "{state_id}"\nlabel = {{ en = "{en}", ar = "{ar}" }}\n'
            f'colour = "{colour}"\n'
        )
        return text + ("" if frontline else "frontline = false\n")

    sides = "\n".join(state("sides", side) for side in SIDES)
    return f"""# A synthetic pack for benchmarks/run.py, written by benchmarks/make_scale_data.py.
title = "Synthetic scale test"
region = "Synthetic country"
period_end = {last_day}

[[languages]]
code = "en"
name = "English"
direction = "ltr"

[[languages]]
code = "ar"
name = "العربية"
direction = "rtl"

{sides}
{state("states", CONTESTED, frontline=False)}
[boundaries]
file = "{BOUNDARY_FILE}"
id_column = "cell_code"
name_columns = {{ en = "cell_en", ar = "cell_ar" }}
parent_id_column = "block_code"
parent_name_columns = {{ en = "block_en", ar = "block_ar" }}
unit = {{ en = "cell", ar = "خلية" }}
parent_unit = {{ en = "block", ar = "كتلة" }}
# The cells are axis-aligned squares: simplifying cannot change them.
simplify_degrees = 0.001

[attribution]
boundaries = "Boundaries: a synthetic grid written by benchmarks/make_scale_data.py."
places = "Places: synthetic, one per grid cell."
control = "Control data: synthetic and seeded; no real event is described."
short = "Synthetic benchmark data (benchmarks/make_scale_data.py)"
record_licence = "CC0 1.0"
"""


def boundary_collection(cells: list[Cell]) -> dict:
    """The boundary file: one polygon per cell, with the columns `[boundaries]` names."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "cell_code": cell.unit_id,
                "cell_en": f"Cell {cell.index:04d}",
                "cell_ar": f"خلية {cell.index:04d}",
                "block_code": cell.parent_id,
                "block_en": f"Block {cell.block:02d}",
                "block_ar": f"كتلة {cell.block:02d}",
            },
            "geometry": {"type": "Polygon", "coordinates": [_box(cell)]},
        }
        for cell in cells
    ]
    return {"type": "FeatureCollection", "features": features}


def _town_rows(cells: list[Cell], rng: random.Random) -> list[list[str]]:
    dx, dy = _step()
    rows = []
    for cell in cells:
        kind = rng.choices(("city", "town", "village"), weights=(2, 18, 80))[0]
        lon = WEST + (cell.column + rng.uniform(0.3, 0.7)) * dx
        lat = SOUTH + (cell.row + rng.uniform(0.3, 0.7)) * dy
        rows.append(
            [
                cell.town_id,
                f"Tell {cell.index:05d}",
                f"تل {cell.index}",
                kind,
                "",
                f"{lat:.5f}",
                f"{lon:.5f}",
                "",
                "synthetic",
            ]
        )
    return rows


def _baseline_side(cell: Cell, sides: tuple[str, ...]) -> str:
    """Large contiguous zones, like a real map, so the first day is not noise."""
    zone = (cell.column * 4 // COLUMNS) + 4 * (cell.row * 2 // ROWS)
    return sides[zone % len(sides)]


def _event_rows(cells: list[Cell], config: ConflictConfig, rng: random.Random) -> list[list[str]]:
    """Baselines, then changes whose from_side always equals the holder just before."""
    sides = tuple(side.id for side in config.sides)
    states = config.state_ids
    holder = {cell.town_id: _baseline_side(cell, sides) for cell in cells}
    rows = [
        [
            f"b-{town}",
            FIRST_DAY.isoformat(),
            town,
            "baseline",
            "",
            side,
            "Held on the baseline day.",
            "high",
            "place",
            "src_000;src_001",
            "",
            "",
            "",
        ]
        for town, side in holder.items()
    ]
    days = sorted(rng.randrange(1, DAYS + 1) for _ in range(CHANGES))
    changed_on: set[tuple[str, int]] = set()
    for number, day in enumerate(days, start=1):
        town = _fresh_town(cells, rng, day, changed_on)
        to_side = rng.choice([state for state in states if state != holder[town]])
        confidence = rng.choice(("high", "medium", "low"))
        # `high` needs two independent sources, as in any pack.
        first, second = rng.sample(range(SOURCES), 2)
        sources = (
            f"src_{first:03d};src_{second:03d}" if confidence == "high" else f"src_{first:03d}"
        )
        rows.append(
            [
                f"c-{number:05d}",
                (FIRST_DAY + dt.timedelta(days=day)).isoformat(),
                town,
                "change",
                holder[town],
                to_side,
                f"Passed to {to_side}.",
                confidence,
                "place",
                sources,
                "",
                "",
                "",
            ]
        )
        holder[town] = to_side
    return rows


def _fresh_town(cells: list[Cell], rng: random.Random, day: int, used: set[tuple[str, int]]) -> str:
    """A town that has not changed yet on `day`, so no change is a same-day duplicate."""
    for _ in range(1000):
        town = rng.choice(cells).town_id
        if (town, day) not in used:
            used.add((town, day))
            return town
    raise RuntimeError("no free town left on one day; lower CHANGES")


def _source_rows() -> list[list[str]]:
    return [
        [
            f"src_{i:03d}",
            f"Synthetic Wire {i}",
            f"Report {i}",
            (FIRST_DAY + dt.timedelta(days=i * 27)).isoformat(),
            f"https://example.org/{i}",
        ]
        for i in range(SOURCES)
    ]


def _write_csv(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_scale_data(out_dir: Path, seed: int = 20241127) -> dict[str, int | float]:
    """Write the whole pack into `out_dir` and build its layers; same seed, same bytes."""
    rng = random.Random(seed)
    cells = _cells()
    paths = PackPaths.in_dir(Path(out_dir))
    paths.source_dir.mkdir(parents=True, exist_ok=True)
    last_day = FIRST_DAY + dt.timedelta(days=DAYS)
    paths.config.write_text(config_text(last_day), encoding="utf-8")
    config = load_config(paths.config)
    (paths.source_dir / BOUNDARY_FILE).write_text(
        json.dumps(boundary_collection(cells), ensure_ascii=False), encoding="utf-8"
    )
    (paths.source_dir / "SOURCES.md").write_text(
        f"# Boundaries\n\n`{BOUNDARY_FILE}` is synthetic: a {COLUMNS} x {ROWS} grid of square "
        f"cells written by `benchmarks/make_scale_data.py`; no licence applies.\n",
        encoding="utf-8",
    )
    towns = _town_rows(cells, rng)
    events = _event_rows(cells, config, rng)
    _write_csv(paths.towns, town_header(LANGUAGES), towns)
    _write_csv(paths.sources, SOURCE_HEADER, _source_rows())
    _write_csv(paths.events, EVENT_HEADER, events)
    began = time.monotonic()
    built = build_pack_layers(paths)
    return {
        "areas": built["features"]["areas.geojson"],
        "towns": len(towns),
        "changes": len(events) - len(towns),
        "frontier edges": built["features"]["frontier_edges.geojson"],
        "s to build the layers": round(time.monotonic() - began, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "out_dir", type=Path, nargs="?", default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}"
    )
    parser.add_argument("--seed", type=int, default=20241127)
    args = parser.parse_args(argv)
    summary = write_scale_data(args.out_dir, args.seed)
    print(", ".join(f"{value:,} {name}" for name, value in summary.items()), "->", args.out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
