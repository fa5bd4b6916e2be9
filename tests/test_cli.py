"""The `frontline` command as automation uses it: exit codes, JSON/CSV contract, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dashboard.cli import EXIT_INVALID, _parser, main
from dashboard.pack.paths import find_pack

DATA_DIR = find_pack().root


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_accepts_the_bundled_record(capsys):
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert "valid" in out


def test_validate_lists_every_problem_with_file_row_and_column(capsys, tmp_path: Path):
    events = tmp_path / "events.csv"
    lines = (DATA_DIR / "events.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    broken = lines[1].split(",")
    broken[header.index("to_side")] = "rebels"
    lines[1] = ",".join(broken)
    lines.append(lines[-1])  # a duplicated row: duplicate id and duplicate change
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = events.read_bytes()

    code, _, err = run(capsys, "validate", "--events", str(events))
    assert code == EXIT_INVALID
    assert f"{events}:2 [to_side]: unknown side 'rebels'; allowed: government," in err
    assert f"{events}:{len(lines)} [event_id]: duplicate id" in err
    assert events.read_bytes() == original


def test_state_json_shows_seed_towns_before_and_after(capsys):
    def holders(day: str) -> dict[str, str]:
        code, out, _ = run(capsys, "state", "--date", day)
        assert code == 0
        document = json.loads(out)
        assert set(document) >= {"date", "towns", "areas", "territory"}
        assert document["date"] == day
        assert all({"id", "district", "side"} <= set(area) for area in document["areas"])
        return {town["id"]: town["side"] for town in document["towns"]}

    before, after = holders("2024-11-28"), holders("2024-12-06")
    for town in ("aleppo", "khan_shaykhun", "hama"):
        assert (before[town], after[town]) == ("government", "hts_led")
    assert (before["tel_rifaat"], after["tel_rifaat"]) == ("sdf", "sna")


def test_state_csv_has_towns_areas_and_territory(capsys):
    code, out, _ = run(capsys, "state", "--date", "2024-12-08", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    kinds = {row["kind"] for row in rows}
    assert kinds == {"town", "area", "territory"}
    shares = [float(row["share"]) for row in rows if row["kind"] == "territory"]
    assert sum(shares) == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize("day", ["2024-11-25", "2026-03-12"])
def test_state_outside_the_period_is_an_error(capsys, day):
    code, _, err = run(capsys, "state", "--date", day)
    assert code == EXIT_INVALID
    assert "outside the record's period 2024-11-26 to 2026-03-11" in err


def test_impossible_date_is_rejected_by_the_parser(capsys):
    code, _, err = run(capsys, "state", "--date", "2024-02-30")
    assert code == 2
    assert "is not a date" in err


def test_export_writes_a_pdf_and_never_overwrites(capsys, tmp_path: Path):
    out = tmp_path / "map.pdf"
    code, _, _ = run(capsys, "export", "--date", "2024-12-05", "--format", "pdf", "--out", str(out))
    assert code == 0
    assert out.read_bytes()[:5] == b"%PDF-"
    before = out.read_bytes()
    code, _, err = run(
        capsys, "export", "--date", "2024-12-06", "--format", "pdf", "--out", str(out)
    )
    assert code == EXIT_INVALID
    assert "exists; not overwriting it" in err
    assert out.read_bytes() == before


def test_serve_binds_to_localhost_by_default():
    args = _parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8050)


@pytest.mark.parametrize("pack", ["syria", "sudan"])
def test_build_geo_reproduces_the_committed_layers(capsys, tmp_path: Path, pack: str):
    out = tmp_path / "geo"
    code, _, _ = run(capsys, "build-geo", "--pack", pack, "--out", str(out))
    assert code == 0
    committed = find_pack(pack).geo_dir
    names = sorted(path.name for path in committed.glob("*.geojson"))
    assert names == sorted(path.name for path in out.glob("*.geojson"))
    for name in names:
        assert (out / name).read_bytes() == (committed / name).read_bytes(), name


def test_serve_refuses_to_start_on_an_invalid_record(capsys, tmp_path: Path):
    events = tmp_path / "events.csv"
    text = (DATA_DIR / "events.csv").read_text(encoding="utf-8")
    events.write_text(text.replace(",hts_led,", ",rebels,", 1), encoding="utf-8")
    code, out, err = run(capsys, "serve", "--events", str(events), "--port", "1")
    assert code == EXIT_INVALID
    assert "unknown side 'rebels'" in err
    assert "Running on" not in out + err


def test_version_and_module_entry_point(capsys):
    from dashboard import __version__

    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, f"frontline {__version__}")
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "packs"], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[0].startswith("syria\t")


def test_unknown_pack_is_a_clear_error(capsys, tmp_path: Path):
    code, _, err = run(capsys, "validate", "--data-dir", str(tmp_path / "nowhere"))
    assert code == EXIT_INVALID
    assert "not a pack (no conflict.toml there) and not a bundled pack (syria" in err
