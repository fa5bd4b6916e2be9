"""Write a synthetic, seeded record far larger than the bundled one, in the project's formats.

The bundled record has 156 areas and ~120 changes; the app must stay fast on a record
of a whole war. This writes 5,000 square areas (a grid over a Syria-sized box), one
town per area and 10,000 changes over three years, so that `frontline validate
--data-dir OUTDIR` passes and `frontline serve --data-dir OUTDIR` runs on it.

Usage: python benchmarks/make_scale_data.py OUTDIR [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

from dashboard.records.load import EVENT_HEADER
from dashboard.sides import SIDE_IDS, STATE_IDS

COLUMNS, ROWS = 100, 50  # 5,000 cells
WEST, SOUTH, EAST, NORTH = 35.8, 32.4, 42.3, 37.3
DISTRICT_CELLS = 10  # a district is a 10 x 10 block of cells
GOVERNORATE_CELLS = 25  # a governorate is a 25 x 25 block
CHANGES = 10_000
FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 3 * 365  # changes fall on the 3 years after the baseline day
SOURCES = 40
SIDES = SIDE_IDS
STATES = STATE_IDS
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Cell:
    """One grid square: its area, its town and the district/governorate it falls in."""

    column: int
    row: int

    @property
    def index(self) -> int:
        return self.row * COLUMNS + self.column

    @property
    def town_id(self) -> str:
        return f"t{self.index:05d}"

    @property
    def district(self) -> str:
        per_row = math.ceil(COLUMNS / DISTRICT_CELLS)
        return f"SY{(self.row // DISTRICT_CELLS) * per_row + self.column // DISTRICT_CELLS:04d}"

    @property
    def governorate(self) -> str:
        per_row = math.ceil(COLUMNS / GOVERNORATE_CELLS)
        number = (self.row // GOVERNORATE_CELLS) * per_row + self.column // GOVERNORATE_CELLS
        return f"SY{number:02d}"

    @property
    def area_id(self) -> str:
        return f"{self.district}-{self.town_id}"


def _step() -> tuple[float, float]:
    return (EAST - WEST) / COLUMNS, (NORTH - SOUTH) / ROWS


def _cells() -> list[Cell]:
    return [Cell(column, row) for row in range(ROWS) for column in range(COLUMNS)]


def _box(west: int, south: int, east: int, north: int) -> list[list[float]]:
    """A closed counter-clockwise ring around grid columns west..east, rows south..north."""
    dx, dy = _step()
    x0, x1 = round(WEST + west * dx, 5), round(WEST + east * dx, 5)
    y0, y1 = round(SOUTH + south * dy, 5), round(SOUTH + north * dy, 5)
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def _feature(properties: dict, kind: str, coordinates: list) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def _cell_km2(cell: Cell) -> float:
    dx, dy = _step()
    lat = SOUTH + (cell.row + 0.5) * dy
    return round(dx * KM_PER_DEGREE * math.cos(math.radians(lat)) * dy * KM_PER_DEGREE, 2)


def area_features(cells: list[Cell]) -> list[dict]:
    return [
        _feature(
            {
                "area_id": cell.area_id,
                "town_id": cell.town_id,
                "adm2_pcode": cell.district,
                "district_en": f"District {cell.district[2:]}",
                "district_ar": f"منطقة {cell.district[2:]}",
                "adm1_pcode": cell.governorate,
                "governorate_en": f"Governorate {cell.governorate[2:]}",
                "area_km2": _cell_km2(cell),
            },
            "Polygon",
            [_box(cell.column, cell.row, cell.column + 1, cell.row + 1)],
        )
        for cell in cells
    ]


def _block_features(block: int, code: str, extra: dict) -> list[dict]:
    """One square polygon per block of `block` x `block` cells (districts, governorates)."""
    features, seen = [], set()
    for cell in _cells():
        pcode = cell.district if code == "adm2_pcode" else cell.governorate
        if pcode in seen:
            continue
        seen.add(pcode)
        west, south = (cell.column // block) * block, (cell.row // block) * block
        ring = _box(west, south, min(west + block, COLUMNS), min(south + block, ROWS))
        properties = {code: pcode, "name_en": f"Block {pcode[2:]}", "name_ar": f"كتلة {pcode[2:]}"}
        properties.update({key: value(cell) for key, value in extra.items()})
        features.append(_feature(properties, "Polygon", [ring]))
    return features


def frontier_edges(cells: list[Cell]) -> list[dict]:
    """Every side shared by two neighbouring cells, as the builder writes them."""
    by_position = {(cell.column, cell.row): cell for cell in cells}
    edges = []
    for cell in cells:
        for neighbour, side in (
            ((cell.column + 1, cell.row), "east"),
            ((cell.column, cell.row + 1), "north"),
        ):
            other = by_position.get(neighbour)
            if other is None:
                continue
            ring = _box(cell.column, cell.row, cell.column + 1, cell.row + 1)
            line = [ring[1], ring[2]] if side == "east" else [ring[2], ring[3]]
            edges.append(
                _feature({"area_a": cell.area_id, "area_b": other.area_id}, "LineString", line)
            )
    return edges


def write_geo(geo_dir: Path, cells: list[Cell]) -> None:
    geo_dir.mkdir(parents=True, exist_ok=True)
    layers = {
        "areas.geojson": area_features(cells),
        "districts.geojson": _block_features(
            DISTRICT_CELLS, "adm2_pcode", {"adm1_pcode": lambda c: c.governorate}
        ),
        "governorates.geojson": _block_features(GOVERNORATE_CELLS, "adm1_pcode", {}),
        "country.geojson": [
            _feature(
                {"adm0_pcode": "SY", "name_en": "Synthetic country", "name_ar": "بلد"},
                "Polygon",
                [_box(0, 0, COLUMNS, ROWS)],
            )
        ],
        "frontier_edges.geojson": frontier_edges(cells),
    }
    for name, features in layers.items():
        collection = {"type": "FeatureCollection", "features": features}
        (geo_dir / name).write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")


def _town_rows(cells: list[Cell], rng: random.Random) -> list[list[str]]:
    dx, dy = _step()
    rows = []
    for cell in cells:
        kind = rng.choices(("city", "town", "village"), weights=(2, 18, 80))[0]
        lon = WEST + (cell.column + rng.uniform(0.3, 0.7)) * dx
        lat = SOUTH + (cell.row + rng.uniform(0.3, 0.7)) * dy
        name = f"Tell {cell.index:05d}"
        rows.append(
            [
                cell.town_id,
                name,
                f"تل {cell.index}",
                kind,
                f"{lat:.5f}",
                f"{lon:.5f}",
                "",
                "synthetic",
            ]
        )
    return rows


def _baseline_side(cell: Cell) -> str:
    """Large contiguous zones, like a real map, so the first day is not noise."""
    zone = (cell.column * 4 // COLUMNS) + 4 * (cell.row * 2 // ROWS)
    return SIDES[zone % len(SIDES)]


def _event_rows(cells: list[Cell], rng: random.Random) -> list[list[str]]:
    """Baselines, then changes whose from_side always equals the holder just before."""
    holder = {cell.town_id: _baseline_side(cell) for cell in cells}
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
            "src_000",
            "",
        ]
        for town, side in holder.items()
    ]
    days = sorted(rng.randrange(1, DAYS + 1) for _ in range(CHANGES))
    changed_on: set[tuple[str, int]] = set()
    for number, day in enumerate(days, start=1):
        town = _fresh_town(cells, rng, day, changed_on)
        to_side = rng.choice([state for state in STATES if state != holder[town]])
        rows.append(
            [
                f"c-{number:05d}",
                (FIRST_DAY + dt.timedelta(days=day)).isoformat(),
                town,
                "change",
                holder[town],
                to_side,
                f"Passed to {to_side}.",
                rng.choice(("high", "medium", "low")),
                f"src_{rng.randrange(SOURCES):03d}",
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


def _write_csv(path: Path, header: tuple[str, ...] | list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_scale_data(out_dir: Path, seed: int = 20241127) -> dict[str, int]:
    """Write the whole record into `out_dir`; same seed, same bytes."""
    rng = random.Random(seed)
    cells = _cells()
    out_dir.mkdir(parents=True, exist_ok=True)
    towns = _town_rows(cells, rng)
    events = _event_rows(cells, rng)
    _write_csv(
        out_dir / "towns.csv",
        ["town_id", "name_en", "name_ar", "kind", "lat", "lon", "geonames_id", "coord_note"],
        towns,
    )
    _write_csv(
        out_dir / "sources.csv",
        ["source_id", "publisher", "title", "published", "url"],
        _source_rows(),
    )
    _write_csv(out_dir / "events.csv", EVENT_HEADER, events)
    last_day = FIRST_DAY + dt.timedelta(days=DAYS)
    meta = f'title = "Synthetic scale test"\nregion = "Synthetic"\nperiod_end = {last_day}\n'
    (out_dir / "conflict.toml").write_text(meta, encoding="utf-8")
    write_geo(out_dir / "geo", cells)
    return {"areas": len(cells), "towns": len(towns), "changes": len(events) - len(towns)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=20241127)
    args = parser.parse_args(argv)
    summary = write_scale_data(args.out_dir, args.seed)
    print(", ".join(f"{value} {name}" for name, value in summary.items()), "->", args.out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
