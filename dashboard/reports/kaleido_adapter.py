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
"""

from __future__ import annotations

import asyncio
from typing import Any

# What the fence relies on, checked by the test: name -> parameters after `self`.
PRIVATE_METHODS = {"_return_kaleido_tab": ("tab",), "_create_kaleido_tab": ()}


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
