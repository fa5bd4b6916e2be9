"""Sample exports for the closing note and for a graphics desk's read: the slide, the A4
page and the Arabic slide of the Syria pack on 8 December 2024, a comparison of 28
November and 8 December 2024 in both languages, and a Sudan slide on 26 October 2025,
written into the folder given (PNG pages of the PDF too, when poppler's pdftoppm is
installed).

Usage: python scripts/export_samples.py FOLDER
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.pack.paths import find_pack
from dashboard.project import load_project
from dashboard.reports.files import write_new
from dashboard.reports.presets import PRESETS
from dashboard.reports.renderer import shared_renderer
from dashboard.reports.requests import ExportRequest

FALL = (dt.date(2024, 12, 8),)
WEEK = (dt.date(2024, 11, 28), dt.date(2024, 12, 8))
SAMPLES = (
    ("syria", FALL, "slide", "png", None, "syria-2024-12-08-slide.png"),
    ("syria", FALL, "print", "pdf", None, "syria-2024-12-08-print.pdf"),
    ("syria", FALL, "slide", "png", "ar", "syria-2024-12-08-slide-ar.png"),
    ("syria", WEEK, "slide", "png", None, "syria-compare-slide.png"),
    ("syria", WEEK, "print", "pdf", "ar", "syria-compare-print-ar.pdf"),
    ("sudan", (dt.date(2025, 10, 26),), "slide", "png", None, "sudan-2025-10-26-slide.png"),
)


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    projects = {}
    for pack, days, preset, fmt, lang, name in SAMPLES:
        project = projects.setdefault(pack, load_project(find_pack(pack)))
        indices = tuple(project.timeline.day_index(day) for day in days)
        kind = "day" if len(days) == 1 else "compare"
        request = ExportRequest(kind, indices, fmt, PRESETS[preset], lang)
        out = folder / name
        write_new(request.make(project), out, force=True)
        print(f"wrote {out}")
        if fmt == "pdf" and shutil.which("pdftoppm"):
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "110",
                    "-png",
                    "-singlefile",
                    str(out),
                    str(out.with_suffix("")),
                ],
                check=True,
            )
            print(f"wrote {out.with_suffix('.png')}")
    shared_renderer().close()


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
