"""The Dash application: layout, callbacks and the app factories."""

from dashboard.web.app import create_app, create_server

__all__ = ["create_app", "create_server"]
