"""WSGI entry point: `gunicorn dashboard.wsgi:server` (the default pack, or FRONTLINE_DATA_DIR)."""

from dashboard.web import create_app

app = create_app()
server = app.server
