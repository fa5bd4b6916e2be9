"""Every export format parses as that format, at its preset's size, with the title and
date in it: rendered by the real Chromium through the warm renderer."""

from __future__ import annotations

import io
import struct
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import imageio_ffmpeg
import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.pack.paths import find_pack
from dashboard.project import Project, load_project
from dashboard.reports.animation import DAY_SECONDS, PAUSE_SECONDS
from dashboard.reports.presets import PRESETS
from dashboard.reports.requests import ExportRequest

PNG = b"\x89PNG\r\n\x1a\n"
DAY = 9  # 5 December 2024
TITLE = "territorial control at the end of 5 December 2024"


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(find_pack())


def make(project: Project, kind: str, days: tuple[int, ...], fmt: str, preset: str, **extra):
    return ExportRequest(kind, days, fmt, PRESETS[preset], **extra).make(project)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize(("preset", "size"), [("slide", (3840, 2160)), ("square", (1080, 1080))])
def test_png_presets_have_their_pixel_size(project, preset, size):
    data = make(project, "day", (DAY,), "png", preset)
    assert png_size(data) == size == PRESETS[preset].pixel_size
    image = Image.open(io.BytesIO(data))
    image.verify()


def test_print_is_an_a4_landscape_vector_pdf_with_its_text(project):
    data = make(project, "day", (DAY,), "pdf", "print", subtitle="Briefing note 12")
    assert data[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (width, height) == pytest.approx((841.89, 595.28), abs=1.5)  # A4 in points
    text = " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
    assert f"{project.config.title_in()}: {TITLE}" in text
    assert "Briefing note 12" in text
    assert project.record.towns["aleppo"].name in text  # place names are text, not pixels
    assert "GeoNames" in text
    # Vector: the map is drawn, not pasted in as a picture.
    assert not any(page.images)


def test_svg_for_editing_holds_real_text_and_no_picture(project):
    data = make(project, "day", (DAY,), "svg", "svg")
    root = ElementTree.fromstring(data)
    assert root.tag.endswith("svg")
    assert (root.get("width"), root.get("height")) == ("1600", "1000")
    words = " ".join(" ".join(root.itertext()).split())
    assert f"{project.config.title_in()}: {TITLE}" in words
    assert project.record.towns["hama"].name in words
    tags = {element.tag.rpartition("}")[2] for element in root.iter()}
    assert "image" not in tags
    assert "path" in tags


def test_a_comparison_and_a_grid_come_out_as_images(project):
    compare = make(project, "compare", (2, 12), "png", "slide")
    assert png_size(compare) == (3840, 2160)
    grid = make(project, "grid", (0, 4, 8, 12, 16), "svg", "svg")
    words = " ".join(" ".join(ElementTree.fromstring(grid).itertext()).split())
    for day in ("26 November 2024", "30 November 2024", "12 December 2024"):
        assert day in words


def test_a_gif_has_one_frame_per_day_and_pauses_on_the_last(project):
    days = tuple(range(0, 6))
    data = make(project, "animation", days, "gif", "square", pause=True)
    assert data[:6] == b"GIF89a"
    image = Image.open(io.BytesIO(data))
    assert image.size == (1080, 1080)
    assert image.n_frames == len(days)
    durations = []
    for frame in range(image.n_frames):
        image.seek(frame)
        durations.append(image.info["duration"])
    assert durations[:-1] == [DAY_SECONDS * 1000] * (len(days) - 1)
    assert durations[-1] == (DAY_SECONDS + PAUSE_SECONDS) * 1000


def mp4_boxes(data: bytes) -> list[str]:
    """The top-level boxes of an MP4 (ISO base media file); their sizes must add up."""
    boxes, at = [], 0
    while at < len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size == 1:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        assert size >= 8
        boxes.append(kind.decode("ascii"))
        at += size
    assert at == len(data)
    return boxes


def test_an_mp4_has_its_boxes_and_one_stretch_per_day(project, tmp_path: Path):
    days = (0, 1, 2, 3)
    data = make(project, "animation", days, "mp4", "square", pause=False)
    boxes = mp4_boxes(data)
    assert boxes[0] == "ftyp"
    assert {"moov", "mdat"} <= set(boxes)
    assert boxes.index("moov") < boxes.index("mdat")  # faststart: plays while it loads
    path = tmp_path / "a.mp4"
    path.write_bytes(data)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert seconds == pytest.approx(len(days) * DAY_SECONDS, abs=0.25)
    assert frames >= len(days)


def test_arabic_names_are_shaped_text_in_a_font_that_has_them(project):
    """Chromium shapes Arabic into joined letter forms (presentation forms in the PDF's
    text) only with a font that has Arabic glyphs (DejaVu Sans, see scripts/setup.sh)."""
    data = make(project, "day", (DAY,), "pdf", "print", lang="ar")
    raw = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert any("\ufe70" <= char <= "\ufeff" for char in raw)  # joined forms, not tofu
    text = unicodedata.normalize("NFKC", raw)
    for town in ("aleppo", "damascus", "hama"):
        assert project.record.towns[town].names["ar"] in text
