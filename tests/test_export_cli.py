"""`frontline export` in batches: one file per day with a progress bar, comparisons,
grids, animations and data tables; nothing is overwritten without --force."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PIL import Image
from test_cli import run

from dashboard.cli import EXIT_INVALID
from dashboard.pack.paths import PackPaths

PNG = b"\x89PNG\r\n\x1a\n"
DAYS = ["2023-03-02", "2023-03-03", "2023-03-04", "2023-03-05"]


def export(capsys, pack: PackPaths, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "export", "--data-dir", str(pack.root), *argv)


def names(days: list[str], suffix: str = "slide.png") -> list[str]:
    return [f"frontline-map-arcadia-{day}-{suffix}" for day in days]


def test_a_range_writes_one_file_per_day_with_a_progress_bar(capsys, pack, tmp_path):
    code, out, err = export(
        capsys,
        pack,
        "--from",
        DAYS[0],
        "--to",
        DAYS[-1],
        "--format",
        "png",
        "--out-dir",
        str(tmp_path),
    )
    assert code == 0, err
    assert sorted(path.name for path in tmp_path.iterdir()) == names(DAYS)
    assert out.splitlines() == [f"wrote {tmp_path / name}" for name in names(DAYS)]
    bar = err.splitlines()
    assert len(bar) == len(DAYS)
    assert bar[-1].startswith(f"[{'#' * 30}] 4/4")
    assert all((tmp_path / name).read_bytes()[:8] == PNG for name in names(DAYS))


def test_every_takes_a_step_and_keeps_the_last_day(capsys, pack, tmp_path):
    code, _, err = export(
        capsys, pack, "--from", "2023-03-01", "--to", "2023-03-06", "--every", "2d",
        "--preset", "svg", "--out-dir", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    expected = names(["2023-03-01", "2023-03-03", "2023-03-05", "2023-03-06"], "svg.svg")
    assert sorted(path.name for path in tmp_path.iterdir()) == expected


def test_a_batch_never_overwrites_and_stops_before_any_work(capsys, pack, tmp_path):
    existing = tmp_path / names(DAYS)[2]
    existing.write_bytes(b"mine")
    argv = ["--from", DAYS[0], "--to", DAYS[-1], "--format", "png", "--out-dir", str(tmp_path)]
    code, out, err = export(capsys, pack, *argv)
    assert code == EXIT_INVALID
    assert f"{existing} exists; not overwriting it (--force replaces it)" in err
    assert out == ""
    assert [path.name for path in tmp_path.iterdir()] == [existing.name]
    assert existing.read_bytes() == b"mine"

    code, out, err = export(capsys, pack, *argv, "--force")
    assert code == 0, err
    assert existing.read_bytes()[:8] == PNG
    assert sorted(path.name for path in tmp_path.iterdir()) == names(DAYS)  # no temporary files


def test_a_comparison_a_grid_and_an_animation(capsys, pack, tmp_path):
    out_dir = ["--out-dir", str(tmp_path)]
    assert export(capsys, pack, "--compare", "2023-03-03", "2023-03-05", *out_dir)[0] == 0
    assert (
        export(capsys, pack, "--from", "2023-03-01", "--grid", "--format", "pdf", *out_dir)[0] == 0
    )
    code, _, err = export(
        capsys, pack, "--from", "2023-03-01", "--to", "2023-03-05", "--animate", "gif",
        "--preset", "square", "--pause", *out_dir,
    )  # fmt: skip
    assert code == 0, err
    assert err.splitlines()[-1].startswith("[") and "5/5" in err.splitlines()[-1]
    compare = tmp_path / "frontline-map-arcadia-2023-03-03-vs-2023-03-05-slide.png"
    grid = tmp_path / "frontline-map-arcadia-2023-03-01-to-2023-03-10-grid-print.pdf"
    gif = tmp_path / "frontline-map-arcadia-2023-03-01-to-2023-03-05-square.gif"
    assert compare.read_bytes()[:8] == PNG
    assert grid.read_bytes()[:5] == b"%PDF-"
    assert Image.open(gif).n_frames == 5


def test_tables_from_the_command_line(capsys, pack, tmp_path):
    table = tmp_path / "changes.csv"
    code, _, err = export(
        capsys, pack, "--from", "2023-03-01", "--table", "csv", "--out", str(table)
    )
    assert code == 0, err
    data = table.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 mark for spreadsheets
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows and {row["date"] for row in rows} <= {f"2023-03-{d:02}" for d in range(1, 11)}
    code, _, err = export(
        capsys, pack, "--date", "2023-03-05", "--table", "geojson", "--lang", "uk",
        "--out-dir", str(tmp_path),
    )  # fmt: skip
    assert code == 0, err
    areas = json.loads((tmp_path / "frontline-areas-arcadia-2023-03-05.geojson").read_text())
    assert areas["type"] == "FeatureCollection" and areas["date"] == "2023-03-05"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--date", "2023-03-05", "--grid"], "--grid and --animate take a range"),
        (["--date", "2023-03-05", "--lang", "xx"], "the pack has no language 'xx'"),
        (["--date", "2023-03-05", "--to", "2023-03-06"], "--to needs --from"),
        (["--from", "2023-03-09", "--to", "2023-03-02"], "ends (2023-03-02) before it starts"),
        (["--from", "2023-03-01", "--every", "0d"], "is not a step such as 1d"),
        (["--compare", "2023-03-01", "2024-01-01"], "outside the record's period"),
    ],
)
def test_wrong_requests_are_clear_errors(capsys, pack, tmp_path, argv, message):
    code, _, err = export(capsys, pack, *argv, "--out-dir", str(tmp_path))
    assert code == EXIT_INVALID
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_several_files_need_a_folder(capsys, pack, tmp_path):
    code, _, err = export(
        capsys, pack, "--from", "2023-03-01", "--to", "2023-03-02", "--out", str(tmp_path / "x.png")
    )
    assert code == EXIT_INVALID
    assert "2 files to write: give a folder with --out-dir" in err
