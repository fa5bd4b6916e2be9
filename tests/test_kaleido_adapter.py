"""The fence around Kaleido's private methods (dashboard/reports/kaleido_adapter.py):
this fails when a Kaleido release moves or changes what the warm renderer overrides."""

from __future__ import annotations

import inspect

import kaleido

from dashboard.reports.kaleido_adapter import PRIVATE_METHODS, warm_kaleido_class


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
