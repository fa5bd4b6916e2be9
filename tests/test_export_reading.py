"""Exports read as a reader's tools read them: the type sizes `pdftotext -bbox` finds on
the A4 page, the title `pdfinfo` shows, the order of an Arabic title in the SVG's text,
and the file a `--out x.pdf` writes. Rendered by the real Chromium."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from dashboard.cli import main
from dashboard.figures.text import PDI, RLI
from dashboard.i18n import pack_translator
from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.reports.presets import PRESETS
from dashboard.reports.requests import ExportRequest

DAY = 12  # 8 December 2024
POINTS_PER_PIXEL = 0.75


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(find_pack())


@pytest.fixture(scope="module")
def print_pdf(project, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("print") / "print.pdf"
    path.write_bytes(ExportRequest("day", (DAY,), "pdf", PRESETS["print"]).make(project))
    return path


def words(pdf: Path) -> list[tuple[str, float]]:
    """Each word of the page and the height of its box in points (about 1.2 times its
    type size for Noto Sans)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', out)
    return [(word, float(y1) - float(y0)) for y0, y1, word in found]


def test_no_text_on_the_a4_page_is_set_below_six_points(print_pdf, project):
    found = words(print_pdf)
    assert len(found) > 200
    smallest = min(height for _, height in found)
    assert smallest / 1.17 >= 6.0  # the box of 6 pt Noto Sans is 7 pt tall
    # Place names and the legend at 7 pt or more.
    names = {project.record.towns[t].name for t in ("hama", "homs", "raqqa")}
    legend = {"Frontline:", "Hatched:"}
    for word, height in found:
        if word in names or word in legend:
            assert height / 1.17 >= 7.0, word


def test_pdfinfo_shows_the_maps_title_not_the_renderers(print_pdf, project):
    info = subprocess.run(
        ["pdfinfo", str(print_pdf)], check=True, capture_output=True, text=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    config = project.config
    assert fields["Title"].strip() == config.text(config.headline, "en")
    assert "8 December 2024" in fields["Subject"]
    assert "OCHA" in fields["Author"]
    assert "Kaleido" not in info.split("Producer")[0]


def test_the_arabic_svg_title_reads_in_order(project):
    data = ExportRequest("day", (DAY,), "svg", PRESETS["svg"], lang="ar").make(project)
    root = ElementTree.fromstring(data)
    texts = ["".join(element.itertext()) for element in root.iter() if element.tag.endswith("text")]
    headline = project.config.text(project.config.headline, "ar")
    assert f"{RLI}{headline}{PDI}" in texts
    tr = pack_translator(project.config, "ar")
    date = "\u2068" + tr.date(project.timeline.dates[DAY]).replace(" ", "\u00a0") + "\u2069"
    dateline = tr("Territorial control at the end of {day}", day=date)
    assert f"{RLI}{dateline}{PDI}" in texts  # one right-to-left run, the date isolated in it
    assert root.find("{http://www.w3.org/2000/svg}title").text == headline


@pytest.mark.parametrize(
    ("name", "magic"), [("x.pdf", b"%PDF-"), ("x.png", b"\x89PNG"), ("x.svg", b"<svg")]
)
def test_the_file_name_says_the_format(capsys, tmp_path, name, magic):
    out = tmp_path / name
    assert main(["export", "--date", "2024-12-08", "--out", str(out)]) == 0
    assert out.read_bytes().lstrip()[: len(magic)] == magic


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--out", "x.pdf", "--format", "png"], "names a pdf file, but png was asked for"),
        (["--out", "x.map"], "end the file name with the format's extension"),
    ],
)
def test_a_file_name_that_contradicts_the_format_is_refused(capsys, tmp_path, argv, message):
    argv = [part if not part.startswith("x.") else str(tmp_path / part) for part in argv]
    assert main(["export", "--date", "2024-12-08", *argv]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_the_print_pdf_is_one_vector_page(print_pdf):
    reader = PdfReader(io.BytesIO(print_pdf.read_bytes()))
    assert len(reader.pages) == 1
