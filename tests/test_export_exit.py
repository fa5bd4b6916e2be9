"""Exports from the command line end cleanly, run after run: the warm renderer closes its
browser and ends every task it started, so nothing is printed after the file is written
(before: one export in five ended with "Task was destroyed but it is pending!").

`FRONTLINE_EXIT_RUNS=50 pytest tests/test_export_exit.py` makes the 50 runs of issue 17.
"""

from __future__ import annotations

import os
import subprocess
import sys

RUNS = int(os.environ.get("FRONTLINE_EXIT_RUNS", "6"))


def test_command_line_exports_exit_cleanly_every_time(tmp_path):
    for run in range(RUNS):
        out = tmp_path / f"map-{run}.png"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard",
                "export",
                "--date",
                "2024-12-05",
                "--out",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, (run, done.stderr)
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "Task was destroyed" not in done.stderr, (run, done.stderr)
        assert "Traceback" not in done.stderr, (run, done.stderr)
        assert "Error" not in done.stderr, (run, done.stderr)
