"""Animations of a date range: one frame per day with the date on it, as GIF or MP4.

Frames are report pages (kind "frame") rendered by the warm renderer at the preset's
CSS size (scale 1: an animation of 2x frames would be many megabytes). Pillow writes
the GIF; the MP4 is H.264 from the ffmpeg that the imageio-ffmpeg package brings.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image

from dashboard.figures.print_figure import Report
from dashboard.geo.view import MapView
from dashboard.project import Project
from dashboard.reports.images import render_pages, report_context
from dashboard.reports.presets import ANIMATION_FORMATS, Preset, check_format
from dashboard.reports.renderer import Renderer

DAY_SECONDS = 0.8
PAUSE_SECONDS = 3.0
MP4_FPS = 5  # each day is DAY_SECONDS * MP4_FPS video frames
MAX_FRAMES = 400

Progress = Callable[[int, int], None]


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
    if not 1 <= len(days) <= MAX_FRAMES:
        raise ValueError(f"an animation takes 1 to {MAX_FRAMES} days, not {len(days)}")
    ctx = report_context(project, lang, view)  # one translator and credit block for all frames
    reports = [Report((day,), kind="frame", subtitle=subtitle) for day in days]
    frames = []
    for png in render_pages(ctx, reports, preset, "png", renderer, scale=1):
        frames.append(Image.open(io.BytesIO(png)).convert("RGB"))
        if progress:
            progress(len(frames), len(days))
    seconds = [DAY_SECONDS] * len(frames)
    if pause:
        seconds[-1] += PAUSE_SECONDS
    return gif(frames, seconds) if fmt == "gif" else mp4(frames, seconds)


def gif(frames: list[Image.Image], seconds: list[float]) -> bytes:
    """An endlessly looping GIF; each frame gets its own 256-colour palette. Octree
    quantising keeps the small legend swatches' colours exact (median cut merges them
    into their neighbours), and flat map colours need no dithering."""
    palettes = [
        frame.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        for frame in frames
    ]
    out = io.BytesIO()
    palettes[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=palettes[1:],
        duration=[round(s * 1000) for s in seconds],
        loop=0,
        disposal=1,
    )
    return out.getvalue()


def mp4(frames: list[Image.Image], seconds: list[float]) -> bytes:
    """An H.264 MP4 (yuv420p, which players expect); frames padded with white to even
    sizes, as the format requires."""
    import imageio_ffmpeg

    width, height = frames[0].size
    even = (width + width % 2, height + height % 2)
    with tempfile.TemporaryDirectory(prefix="frontline-mp4-") as folder:
        path = Path(folder) / "animation.mp4"
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
        for frame, duration in zip(frames, seconds, strict=True):
            padded = Image.new("RGB", even, "white")
            padded.paste(frame)
            data = padded.tobytes()
            for _ in range(max(1, round(duration * MP4_FPS))):
                writer.send(data)
        writer.close()
        return path.read_bytes()
