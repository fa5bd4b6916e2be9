"""The warm renderer: one Chromium reused across renders, safe from many threads,
started again when it died or when BROWSER_PATH changed, closed when idle."""

from __future__ import annotations

import os
import shutil
import signal
import struct
import threading
import time
from pathlib import Path

import pytest

from dashboard.reports.errors import ChromiumNotFound
from dashboard.reports.renderer import Renderer

FIGURE = {
    "data": [{"type": "scatter", "x": [1, 2, 3], "y": [2, 1, 3]}],
    "layout": {"title": {"text": "warm"}},
}


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", data[16:20])[0]


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return True
    return state == "Z"  # exited, not yet reaped


@pytest.fixture
def renderer():
    warm = Renderer(idle_seconds=60)
    yield warm
    warm.close()


def test_renders_reuse_one_browser(renderer):
    renderer.render(FIGURE, "png", 300, 200)
    pid = renderer.browser_pid()
    assert pid is not None
    started = time.monotonic()
    for fmt in ("png", "svg", "pdf"):
        assert renderer.render(FIGURE, fmt, 300, 200)
    assert renderer.browser_pid() == pid
    assert time.monotonic() - started < 30


def test_concurrent_renders_each_get_their_own_image(renderer):
    results: dict[int, bytes] = {}

    def render(width: int) -> None:
        results[width] = renderer.render(FIGURE, "png", width, 200)

    threads = [threading.Thread(target=render, args=(300 + 10 * n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert {width: png_width(data) for width, data in results.items()} == {
        300 + 10 * n: 300 + 10 * n for n in range(6)
    }


def test_a_browser_that_died_is_started_again(renderer):
    renderer.render(FIGURE, "png", 300, 200)
    pid = renderer.browser_pid()
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while not gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert png_width(renderer.render(FIGURE, "png", 320, 200)) == 320
    assert renderer.browser_pid() not in (None, pid)


def test_a_changed_browser_path_is_used_at_once(renderer, tmp_path, monkeypatch):
    renderer.render(FIGURE, "png", 300, 200)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with pytest.raises(ChromiumNotFound, match="BROWSER_PATH="):
        renderer.render(FIGURE, "png", 300, 200)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    monkeypatch.setenv("BROWSER_PATH", chromium)
    assert png_width(renderer.render(FIGURE, "png", 310, 200)) == 310


def test_an_idle_browser_is_closed():
    idle = Renderer(idle_seconds=0.5)
    try:
        idle.render(FIGURE, "png", 300, 200)
        pid = idle.browser_pid()
        deadline = time.monotonic() + 20
        while not gone(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert gone(pid)
        assert idle.browser_pid() is None
        assert png_width(idle.render(FIGURE, "png", 330, 200)) == 330  # and starts again
    finally:
        idle.close()
