"""The Dash application: layout, callbacks and the app factory."""

from dashboard.web.app import create_app

__all__ = ["create_app"]
