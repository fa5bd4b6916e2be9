"""The fence around Kaleido's private methods and choreographer's profile folder
(dashboard/reports/kaleido_adapter.py): this fails when a release moves or changes what
the warm renderer relies on."""

from __future__ import annotations

import asyncio
import inspect

import kaleido

from dashboard.reports.kaleido_adapter import (
    PRIVATE_METHODS,
    profile_folder,
    remove_profile,
    warm_kaleido_class,
)
from dashboard.reports.renderer import browser_path


def test_the_private_methods_the_renderer_overrides_are_still_there():
    for name, parameters in PRIVATE_METHODS.items():
        method = getattr(kaleido.Kaleido, name, None)
        assert method is not None, f"kaleido.Kaleido.{name} is gone"
        assert inspect.iscoroutinefunction(method), f"kaleido.Kaleido.{name} is not async"
        found = tuple(inspect.signature(method).parameters)[1:]
        assert found == parameters, f"kaleido.Kaleido.{name}{found}: expected {parameters}"


def test_kaleido_still_returns_each_tab_through_the_overridden_method():
    """Overriding `_return_kaleido_tab` only helps if a render calls it, and opening a
    tab only through `_create_kaleido_tab`."""
    render = inspect.getsource(kaleido.Kaleido._render_task)
    assert "self._return_kaleido_tab(" in render
    populate = inspect.getsource(kaleido.Kaleido.populate_targets)
    assert "self._create_kaleido_tab(" in populate


def test_the_warm_class_is_kaleido_with_its_public_api():
    warm = warm_kaleido_class()
    assert issubclass(warm, kaleido.Kaleido)
    for public in ("open", "calc_fig", "close"):
        assert inspect.iscoroutinefunction(getattr(warm, public))


def test_a_closed_browser_leaves_no_profile_folder():
    """The profile folder is where the adapter finds it while the browser runs, and is
    gone once the browser is closed and `remove_profile` has run (else a finalizer
    prints "Directory not empty" when the process exits)."""

    async def run() -> tuple[bool, bool]:
        browser = warm_kaleido_class()(path=browser_path(), n=1, mathjax=False)
        await browser.open()
        folder = profile_folder(browser)
        assert folder is not None, "choreographer's _browser_impl.tmp_dir moved"
        existed = folder.path.is_dir()
        await browser.settle()
        await browser.close()
        return existed, await remove_profile(browser) and not folder.path.exists()

    existed, removed = asyncio.run(run())
    assert existed and removed
