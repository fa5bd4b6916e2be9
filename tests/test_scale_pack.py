"""The benchmarks' synthetic scale case is a real pack: it must build and validate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dashboard.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_scale_pack_builds_and_validates(tmp_path: Path, capsys):
    pack = tmp_path / "scale"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_scale_data.py"), str(pack)],
        check=True,
        capture_output=True,
    )
    assert main(["validate", "--data-dir", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "valid: 5000 places, 10000 changes" in out
