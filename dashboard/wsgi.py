"""WSGI entry point: `gunicorn dashboard.wsgi:server`.

Serves every bundled pack (the default at the base path, the others under
`/<name>/`), or only the pack in `FRONTLINE_DATA_DIR` when it is set.
"""

from dashboard.web import create_server

server = create_server()
