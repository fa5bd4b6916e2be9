"""Animations are encoded as their frames come, so a long one needs the memory of a few
frames, not of all of them (a 400-frame GIF took a worker from 235 MB to 5 GB). The
encoders are fed plain images here; tests/test_export_formats.py renders real ones."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import imageio_ffmpeg
import numpy as np
from PIL import Image, ImageDraw

from dashboard.reports.animation import MP4_FPS, gif, mp4

PALE, RED, GREEN = (240, 240, 235), (209, 90, 72), (27, 158, 119)


def day_frames(count: int, size: tuple[int, int] = (320, 200)) -> Iterator[Image.Image]:
    """Flat-coloured frames like a map's: an area grows every second frame, so each
    odd frame repeats the one before."""
    for index in range(count):
        frame = Image.new("RGB", size, PALE)
        draw = ImageDraw.Draw(frame)
        draw.rectangle((10, 10, 40 + 10 * (index // 2), 80), fill=RED)
        draw.rectangle((200, 100, 300, 180), fill=GREEN)
        yield frame


def shown_frames(data: bytes) -> tuple[list[np.ndarray], list[int], list[int]]:
    """What a viewer sees of each frame, how long, and the area each frame draws."""
    image = Image.open(io.BytesIO(data))
    pictures, durations, areas = [], [], []
    for index in range(image.n_frames):
        image.seek(index)
        pictures.append(np.asarray(image.convert("RGB")))
        durations.append(image.info["duration"])
        left, top, right, bottom = image.dispose_extent
        areas.append((right - left) * (bottom - top))
    return pictures, durations, areas


def test_a_streamed_gif_shows_every_day_for_its_time():
    seconds = [0.8] * 9 + [3.8]
    data = gif(day_frames(10), seconds)
    assert data[:6] == b"GIF89a" and data[-1:] == b";"
    pictures, durations, areas = shown_frames(data)
    expected = [np.asarray(frame) for frame in day_frames(10)][::2]  # repeats merged
    assert len(pictures) == len(expected) == 5
    for picture, wanted in zip(pictures, expected, strict=True):
        assert np.array_equal(picture, wanted)  # flat colours stay exact
    assert durations == [1600, 1600, 1600, 1600, 800 + 3800]
    # After the first, a frame draws only the rectangle that changed (10 x 71 pixels).
    assert areas == [320 * 200] + [10 * 71] * 4


def test_encoders_keep_no_frame_they_have_written():
    """Every frame made is watched: when the encoder asks for the next one, no earlier
    frame but the last may still be alive."""
    for encode in (gif, mp4):
        alive: list[weakref.ref] = []

        def watched(count: int, alive=alive, encode=encode) -> Iterator[Image.Image]:
            for frame in day_frames(count):
                held = [ref for ref in alive[:-1] if ref() is not None]
                assert not held, f"{encode.__name__} holds {len(held)} earlier frames"
                alive.append(weakref.ref(frame))
                yield frame
                del frame

        assert encode(watched(12), [0.2] * 12)


def test_a_streamed_mp4_has_every_frame(tmp_path: Path):
    path = tmp_path / "a.mp4"
    path.write_bytes(mp4(day_frames(6, (321, 201)), [0.8] * 6))  # odd sizes: padded
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == 6 * round(0.8 * MP4_FPS)
    assert abs(seconds - 4.8) < 0.25


GIF_MEMORY = """
import resource
from PIL import Image, ImageDraw
from dashboard.reports.animation import gif

def frames():
    for index in range(150):
        frame = Image.new("RGB", (800, 800), (240, 240, 235))
        ImageDraw.Draw(frame).rectangle((0, 0, 5 * index, 400), fill=(209, 90, 72))
        yield frame

before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
gif(frames(), [0.8] * 150)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_a_long_gif_needs_the_memory_of_a_few_frames():
    """150 frames of 800 x 800: 290 MB as pixels, about 100 MB once paletted."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", GIF_MEMORY], env=env, capture_output=True, text=True, check=True
    )
    assert int(done.stdout) < 40, f"peak memory grew by {done.stdout.strip()} MB"
