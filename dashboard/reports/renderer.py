"""One headless Chromium kept open between renders, shared by every export of a process.

Starting Chromium costs 2.5 s or more; a page in a warm one a fraction of a second.
The renderer owns one event loop in a thread of its own, where Kaleido's browser
lives; callers in any thread (the CLI, the server's export jobs) hand it figures and
wait for the bytes. Kaleido queues concurrent renders on its `TABS` tabs, so they are
safe. A browser that died, or that BROWSER_PATH no longer names, is started again on
the next render; one that sat idle for `IDLE_SECONDS` is closed, so an idle server
does not keep a browser's memory.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from dashboard.reports.errors import ChromiumFailed, ChromiumNotFound, ExportError, need_for_export
from dashboard.reports.kaleido_adapter import remove_profile, warm_kaleido_class

IDLE_SECONDS = 30.0
# Tabs render at once: one draws while the other reloads after its render (Kaleido
# reloads a tab after each image), so two keep Chromium busy on two cores.
TABS = 2
RENDER_SECONDS = 60.0  # one render; Kaleido gives up on the tab after this
START_SECONDS = 60.0  # starting the browser, on top of the render
CLOSE_SECONDS = 10.0
WATCH_SECONDS = 0.5


def browser_path() -> str:
    """The browser Kaleido would start, found as choreographer finds it (its own
    download, then $BROWSER_PATH, then PATH); raises `ChromiumNotFound`.

    Looked up again for every render, so a changed BROWSER_PATH takes effect at once.
    Without the `export` extra, says which to install.
    """
    need_for_export("export", "exporting maps")
    from choreographer.browsers.chromium import Chromium

    found = Chromium.find_browser(skip_local=False)
    if not found or not os.path.isfile(found):
        raise ChromiumNotFound()
    return str(found)


class Renderer:
    """Figures in, image bytes out, through one browser that stays warm between calls."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self._idle_seconds = idle_seconds
        self._start_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        # Touched only in the loop's thread:
        self._kaleido: Any = None
        self._path: str | None = None
        self._opening: asyncio.Lock | None = None
        self._busy = 0
        self._idle_timer: asyncio.TimerHandle | None = None

    def render(self, figure: dict, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as `fmt` bytes (png, svg, pdf) at width x height CSS pixels times
        `scale`. Raises `ChromiumNotFound` or `ChromiumFailed`."""
        path = browser_path()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        deadline = time.monotonic() + RENDER_SECONDS + START_SECONDS
        while time.monotonic() < deadline:
            loop = self._event_loop()
            future = asyncio.run_coroutine_threadsafe(self._render(path, figure, opts), loop)
            # Checked every WATCH_SECONDS: if the loop's thread died (it can be stopped
            # from outside, as test harnesses do), the render starts again on a new one.
            while self._loop is loop and self._thread is not None and self._thread.is_alive():
                try:
                    return future.result(WATCH_SECONDS)
                except FutureTimeout:
                    if time.monotonic() > deadline:
                        future.cancel()
                        raise ChromiumFailed() from None
        raise ChromiumFailed()

    def start(self) -> None:
        """Start the browser now without waiting, so a command can load its pack
        meanwhile; a problem starting it is reported by the next render."""
        try:
            path = browser_path()
        except ExportError:  # no browser, or no export extra: the render says so
            return
        asyncio.run_coroutine_threadsafe(self._warm(path), self._event_loop())

    @property
    def tabs(self) -> int:
        """Renders that run at once; callers with many pages keep this many in flight."""
        return TABS

    def browser_pid(self) -> int | None:
        """The warm browser's process id, or None when none is running."""
        kaleido = self._kaleido
        if kaleido is None or kaleido.subprocess.poll() is not None:
            return None
        return kaleido.subprocess.pid

    def close(self) -> None:
        """Close the browser and end the renderer's thread, leaving no task pending (a
        new render starts both again)."""
        with self._start_lock:
            loop, thread = self._loop, self._thread
            if loop is None or thread is None or not thread.is_alive():
                return
            future = asyncio.run_coroutine_threadsafe(self._shut_down(), loop)
            with contextlib.suppress(FutureTimeout):
                future.result(CLOSE_SECONDS)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(CLOSE_SECONDS)
            if not thread.is_alive():
                loop.close()
            self._thread = None
            self._loop = None
            self._kaleido = None
            self._opening = None

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        """The renderer's loop, in its own thread; a new one if that thread is gone."""
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=loop.run_forever, name="frontline-renderer", daemon=True
                )
                self._thread.start()
                self._loop = loop
                if self._kaleido is not None:  # a browser the dead loop can no longer close
                    with contextlib.suppress(OSError):
                        self._kaleido.subprocess.kill()
                self._kaleido = None
                self._opening = None
            return self._loop

    async def _render(self, path: str, figure: dict, opts: dict) -> bytes:
        self._busy += 1
        self._cancel_idle_timer()
        try:
            for attempt in range(2):  # a browser that died mid-render gets one restart
                kaleido = await self._browser(path)
                try:
                    image = await kaleido.calc_fig(figure, opts=opts)
                    kaleido.grow(TABS)
                    return image
                except BaseException as error:
                    if not _died(kaleido, error):
                        if isinstance(error, TimeoutError):  # hung: the next gets a new one
                            await self._close(kaleido)
                        raise _export_error(error) from None
                await self._close(kaleido)
                if attempt:
                    raise ChromiumFailed()
            raise ChromiumFailed()
        finally:
            self._busy -= 1
            self._start_idle_timer()

    async def _warm(self, path: str) -> None:
        with contextlib.suppress(ExportError):
            await self._browser(path)
        self._start_idle_timer()

    async def _browser(self, path: str) -> Any:
        """The open browser for `path`: the warm one if it is alive and still the one
        asked for, else a new one."""
        if self._opening is None:
            self._opening = asyncio.Lock()
        async with self._opening:
            kaleido = self._kaleido
            if kaleido is not None and (
                self._path != path or kaleido.subprocess.poll() is not None
            ):
                await self._close(kaleido)
            if self._kaleido is None:
                self._kaleido = await _open(path)
                self._path = path
            return self._kaleido

    async def _close(self, which: Any = None) -> None:
        """Close the browser (only if it is still `which`, when given)."""
        kaleido = self._kaleido
        if kaleido is None or (which is not None and kaleido is not which):
            return
        self._kaleido = None
        with contextlib.suppress(Exception):  # a browser already gone may fail to close
            await kaleido.settle()
            await kaleido.close()
        with contextlib.suppress(OSError):
            await remove_profile(kaleido)

    async def _shut_down(self) -> None:
        """Close the browser, then end every task still in the loop (Kaleido's and
        choreographer's watchers), so none is destroyed pending when the process ends."""
        self._cancel_idle_timer()
        await self._close()
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def _start_idle_timer(self) -> None:
        """Close the browser `idle_seconds` after now, unless a render comes first."""
        self._cancel_idle_timer()
        if self._busy == 0 and self._loop is not None:
            self._idle_timer = self._loop.call_later(
                self._idle_seconds, lambda: asyncio.ensure_future(self._close_if_idle())
            )

    def _cancel_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    async def _close_if_idle(self) -> None:
        if self._busy == 0:
            await self._close()


async def _open(path: str) -> Any:
    """A started Kaleido on `path`; MathJax off (it would be fetched from a CDN)."""
    from choreographer.errors import BrowserFailedError, ChromeNotFoundError

    try:
        browser = warm_kaleido_class()(path=path, n=1, timeout=RENDER_SECONDS, mathjax=False)
        await browser.open()
    except ChromeNotFoundError:
        raise ChromiumNotFound() from None
    except (BrowserFailedError, OSError):
        raise ChromiumFailed() from None
    return browser


def _died(kaleido: Any, error: BaseException) -> bool:
    """Whether a render failed because the browser went away: its process ended, or
    its pipe closed. Kaleido cancels the renders of a browser its watchdog closes, so
    a cancelled render counts too when the browser is gone; a render cancelled while
    the browser lives was cancelled by its caller, and stays cancelled."""
    from choreographer.errors import BrowserClosedError, BrowserFailedError, ChannelClosedError

    gone = kaleido.subprocess.poll() is not None
    if isinstance(error, asyncio.CancelledError):
        if gone and (task := asyncio.current_task()) is not None:
            task.uncancel()
        return gone
    return gone or isinstance(error, BrowserClosedError | BrowserFailedError | ChannelClosedError)


def _export_error(error: BaseException) -> BaseException:
    """What a failed render is reported as, the browser being alive: a timed-out render
    as Chromium failing, Plotly's refusal of a figure as an export error; anything
    else (a cancellation) as it is."""
    if isinstance(error, TimeoutError):
        return ChromiumFailed()
    if isinstance(error, Exception):
        return ExportError(f"the renderer refused the figure: {error}")
    return error


_shared: tuple[int, Renderer] | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> Renderer:
    """The process's renderer; a forked worker (gunicorn) gets its own, since threads
    and browser pipes do not survive a fork."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared[0] != os.getpid():
            renderer = Renderer()
            atexit.register(renderer.close)
            _shared = (os.getpid(), renderer)
        return _shared[1]
