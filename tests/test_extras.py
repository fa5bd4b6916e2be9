"""A plain install (`pip install frontline-map`, none of the extras) serves maps, checks
packs and answers every question about the record; what needs an extra says which, and
how to install it. Run with the extras' modules made unimportable (tests/without_extras.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.extras import EXTRAS

HERE = Path(__file__).resolve().parent
ALL = ",".join(EXTRAS)


def frontline(missing: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(HERE / "without_extras.py"), missing, "--", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_a_plain_install_checks_packs_and_answers_about_the_record(tmp_path):
    valid = frontline(ALL, "validate", "--pack", "sudan")
    assert valid.returncode == 0, valid.stderr
    assert "valid:" in valid.stdout
    assert "'build' extra" in valid.stderr  # the boundary file's columns were not read
    state = frontline(ALL, "state", "--date", "2024-12-08")
    assert state.returncode == 0, state.stderr
    assert json.loads(state.stdout)["date"] == "2024-12-08"
    table = frontline(ALL, "export", "--table", "csv", "--from", "2024-11-26",
                      "--to", "2024-12-08", "--out", str(tmp_path / "changes.csv"))  # fmt: skip
    assert table.returncode == 0, table.stderr
    published = frontline(ALL, "publish", str(tmp_path / "site"))
    assert published.returncode == 0, published.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_a_plain_install_serves_the_app():
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from without_extras import Missing;"
        "from dashboard.extras import EXTRAS; sys.meta_path.insert(0, Missing("
        "{m for e in EXTRAS.values() for m in e}));"
        "from dashboard.web import create_server; c = create_server().test_client();"
        "assert c.get('/').status_code == 200; assert c.get('/readyz').status_code == 200;"
        "import json; r = json.loads(c.get('/readyz').data);"
        "print(r['exports']['renderer']['problem'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(HERE)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "needs the 'export' extra" in done.stdout
    assert "pip install 'frontline-map[export]'" in done.stdout


VIDEO = ["--from", "2024-12-01", "--to", "2024-12-02", "--animate", "mp4", "--out-dir", "{tmp}"]


@pytest.mark.parametrize(
    ("missing", "args"),
    [
        ("export", ["export", "--date", "2024-12-05", "--out", "{tmp}/map.png"]),
        ("video", ["export", *VIDEO]),
        ("build", ["build-geo", "--pack", "{tmp}"]),
        ("queue", ["worker", "--redis", "redis://127.0.0.1:1/0"]),
    ],
)
def test_what_needs_an_extra_says_which(tmp_path, missing, args):
    done = frontline(missing, *(arg.format(tmp=tmp_path) for arg in args))
    assert done.returncode == 2, done.stderr
    assert f"needs the '{missing}' extra" in done.stderr
    assert f"pip install 'frontline-map[{missing}]'" in done.stderr
    assert "Traceback" not in done.stderr
