"""Animations of a date range: one frame per day with the date on it, as GIF or MP4.

Frames are report pages (kind "frame") rendered by the warm renderer at the preset's
CSS size (scale 1: an animation of 2x frames would be many megabytes). Each frame goes
to the encoder as soon as it is rendered, so memory stays that of a few frames however
long the animation: the GIF is written frame by frame with Pillow's GIF encoder, the MP4
is H.264 from the ffmpeg that the imageio-ffmpeg package brings.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dashboard.figures.print_figure import Report
from dashboard.geo.view import MapView
from dashboard.project import Project
from dashboard.reports.errors import need_for_export
from dashboard.reports.images import render_pages, report_context
from dashboard.reports.presets import ANIMATION_FORMATS, Preset, check_format
from dashboard.reports.renderer import Renderer

DAY_SECONDS = 0.8
PAUSE_SECONDS = 3.0
MP4_FPS = 5  # each day is DAY_SECONDS * MP4_FPS video frames
MAX_FRAMES = 400

Progress = Callable[[int, int], None]

if TYPE_CHECKING:
    from PIL import Image


def render_animation(
    project: Project,
    days: Sequence[int],
    preset: Preset,
    fmt: str,
    *,
    view: MapView | None = None,
    lang: str | None = None,
    subtitle: str = "",
    pause: bool = True,
    progress: Progress | None = None,
    renderer: Renderer | None = None,
) -> bytes:
    """The days (indices) as an animation; `pause` holds the last day for
    `PAUSE_SECONDS`. `progress(done, total)` is called after each frame."""
    check_format(fmt, ANIMATION_FORMATS)
    need_for_export("export", "an animation")
    if fmt == "mp4":
        need_for_export("video", "an MP4 animation")
    if not 1 <= len(days) <= MAX_FRAMES:
        raise ValueError(f"an animation takes 1 to {MAX_FRAMES} days, not {len(days)}")
    ctx = report_context(project, lang, view)  # one translator and credit block for all frames
    reports = (Report((day,), kind="frame", subtitle=subtitle) for day in days)
    pngs = render_pages(ctx, reports, preset, "png", renderer, scale=1)
    seconds = [DAY_SECONDS] * len(days)
    if pause:
        seconds[-1] += PAUSE_SECONDS
    frames = _decoded(pngs, len(days), progress)
    return gif(frames, seconds) if fmt == "gif" else mp4(frames, seconds)


def _decoded(pngs: Iterable[bytes], total: int, progress: Progress | None) -> Iterator[Image.Image]:
    from PIL import Image

    for done, png in enumerate(pngs, start=1):
        yield Image.open(io.BytesIO(png)).convert("RGB")
        if progress:
            progress(done, total)


def gif(frames: Iterable[Image.Image], seconds: Sequence[float]) -> bytes:
    """An endlessly looping GIF, written as the frames come; each frame gets its own
    palette. Octree quantising keeps the small legend swatches' colours exact (median
    cut merges them into their neighbours), and flat map colours need no dithering.

    After the first, a frame holds only the rectangle that changed, its unchanged
    pixels transparent (what Pillow's own writer does); a frame that changes nothing
    lengthens the one before. Held in memory: the picture shown and one frame waiting
    for its duration."""
    from PIL import GifImagePlugin, Image, ImageChops

    out = io.BytesIO()
    shown: Image.Image | None = None  # the picture a viewer sees
    waiting: tuple[Image.Image, tuple[int, int], dict] | None = None
    for frame, duration in zip(frames, seconds, strict=True):
        paletted = frame.quantize(
            colors=255, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        colours = paletted.convert("RGB")
        milliseconds = round(duration * 1000)
        if shown is None:
            header, _ = GifImagePlugin.getheader(paletted, info={"loop": 0})
            out.write(b"".join(header))
            waiting = (paletted, (0, 0), {"duration": milliseconds, "disposal": 1})
        else:
            difference = ImageChops.difference(colours, shown)
            box = difference.getbbox()
            if box is None:
                waiting[2]["duration"] += milliseconds
                continue
            _write_frame(out, *waiting)
            waiting = _changed_part(paletted, difference, box, milliseconds)
        shown = colours  # changed pixels drawn, the others were already these
    if waiting is not None:
        _write_frame(out, *waiting)
    out.write(b";")
    return out.getvalue()


def _changed_part(
    paletted: Image.Image,
    difference: Image.Image,
    box: tuple[int, int, int, int],
    milliseconds: int,
) -> tuple[Image.Image, tuple[int, int], dict]:
    """The `box` of `paletted` around the changed pixels, the unchanged ones (no
    `difference`) transparent: a palette index past the frame's colours, in the frame's
    own colour table."""
    from PIL import Image

    delta = np.asarray(difference.crop(box))
    unchanged = (delta[..., 0] | delta[..., 1] | delta[..., 2]) == 0
    palette = paletted.getpalette() or []
    clear = len(palette) // 3  # quantised to at most 255 colours: always a free index
    pixels = np.asarray(paletted.crop(box)).copy()
    pixels[unchanged] = clear
    part = Image.fromarray(pixels, "P")
    part.putpalette([*palette, 0, 0, 0])
    params = {
        "duration": milliseconds,
        "disposal": 1,
        "transparency": clear,
        "include_color_table": True,
    }
    return part, box[:2], params


def _write_frame(out: io.BytesIO, image: Image.Image, offset: tuple[int, int], params: dict):
    from PIL import GifImagePlugin

    out.write(b"".join(GifImagePlugin.getdata(image, offset, **params)))


def mp4(frames: Iterable[Image.Image], seconds: Sequence[float]) -> bytes:
    """An H.264 MP4 (yuv420p, which players expect), written as the frames come; frames
    padded with white to even sizes, as the format requires."""
    import imageio_ffmpeg
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="frontline-mp4-") as folder:
        path = Path(folder) / "animation.mp4"
        writer = None
        for frame, duration in zip(frames, seconds, strict=True):
            if writer is None:
                width, height = frame.size
                even = (width + width % 2, height + height % 2)
                writer = imageio_ffmpeg.write_frames(
                    str(path),
                    even,
                    fps=MP4_FPS,
                    codec="libx264",
                    pix_fmt_out="yuv420p",
                    macro_block_size=2,
                    output_params=["-movflags", "+faststart"],
                )
                writer.send(None)
            padded = Image.new("RGB", even, "white")
            padded.paste(frame)
            data = padded.tobytes()
            for _ in range(max(1, round(duration * MP4_FPS))):
                writer.send(data)
        if writer is None:
            raise ValueError("an animation needs at least one frame")
        writer.close()
        return path.read_bytes()
