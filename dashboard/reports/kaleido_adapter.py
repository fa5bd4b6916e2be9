"""The one place Frontline Map reaches inside Kaleido: two private methods, fenced here
and tested (`tests/test_kaleido_adapter.py` fails when a Kaleido release moves them).

Kaleido's public API renders (`Kaleido.open`, `calc_fig`, `close`), but it reloads a tab
before it hands back each image, adding 0.1-0.4 s to every export, and opens every tab
before the first render, though a single export needs one. The warm renderer
(`dashboard.reports.renderer`) is faster with two changes:

- `_return_kaleido_tab(tab)` (reload the tab, then queue it again) runs in the
  background: the render returns at once and the tab rejoins the queue when reloaded.
- `_create_kaleido_tab()` (open one more tab) is called after a first render (`grow`).

Work started in the background is tracked, so `settle` can cancel and await it before
the browser closes: nothing is left pending when the process exits ("Task was destroyed
but it is pending!").

One attribute of choreographer (Kaleido's browser driver) is read: the browser's profile
folder (`_browser_impl.tmp_dir`). Choreographer removes it once when the browser closes,
while Chromium's helper processes may still be writing into it; what is left is removed
by a finalizer at the interpreter's exit, which then prints a traceback ("Directory not
empty: 'Default'"). `remove_profile` tries again until the folder is gone.
"""

from __future__ import annotations

import asyncio
from typing import Any

# What the fence relies on, checked by the test: name -> parameters after `self`.
PRIVATE_METHODS = {"_return_kaleido_tab": ("tab",), "_create_kaleido_tab": ()}
PROFILE_SECONDS = 3.0  # how long a closed browser's helpers may keep writing its profile


def profile_folder(kaleido: Any) -> Any:
    """Choreographer's handle on the browser's profile folder (`path`, `clean()`), or
    None when this Kaleido has none."""
    return getattr(getattr(kaleido, "_browser_impl", None), "tmp_dir", None)


async def remove_profile(kaleido: Any) -> bool:
    """Remove a closed browser's profile folder, trying again while Chromium's helpers
    finish writing; True when it is gone."""
    folder = profile_folder(kaleido)
    if folder is None:
        return True
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PROFILE_SECONDS
    while folder.path.exists():
        folder.clean()
        if not folder.path.exists() or loop.time() > deadline:
            break
        await asyncio.sleep(0.1)
    return not folder.path.exists()


def warm_kaleido_class() -> type:
    """Kaleido with the tab reload moved off the render's path and tabs opened on
    demand (`grow`); `settle` ends what runs in the background."""
    import kaleido

    class WarmKaleido(kaleido.Kaleido):
        _grown = False

        def _in_background(self, work: Any) -> None:
            if not hasattr(self, "_background"):
                self._background: set[asyncio.Task] = set()
            task = asyncio.ensure_future(work)
            self._background.add(task)
            task.add_done_callback(self._background.discard)
            # Its failure (the browser closing meanwhile) is dropped, not logged.
            task.add_done_callback(lambda done: done.cancelled() or done.exception())

        async def _return_kaleido_tab(self, tab: Any) -> None:
            self._in_background(super()._return_kaleido_tab(tab))

        def grow(self, tabs: int) -> None:
            """Open the other tabs, in the background, after a first render: each loads
            Plotly (about 2 s of a cold start), and a single export needs one tab."""
            if not self._grown:
                self._grown = True
                for _ in range(tabs - 1):
                    self._in_background(self._create_kaleido_tab())

        async def settle(self) -> None:
            """Cancel what runs in the background and wait until it has ended."""
            pending = list(getattr(self, "_background", ()))
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    return WarmKaleido
