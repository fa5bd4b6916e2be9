"""WSGI entry point: `gunicorn -c gunicorn.conf.py dashboard.wsgi:server`.

Serves every bundled pack (the default at the base path, the others under
`/<name>/`), or only the pack in `FRONTLINE_DATA_DIR` when it is set. The app's own
messages go to standard error (gunicorn's error log); the access log is gunicorn's.
"""

from dashboard.web import create_server
from dashboard.web.logs import configure

configure()
server = create_server()
