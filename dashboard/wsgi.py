"""WSGI entry point: `gunicorn dashboard.wsgi:server`.

Serves every bundled pack (the default at the base path, the others under
`/<name>/`), or only the pack in `FRONTLINE_DATA_DIR` when it is set.
"""

import os

from dashboard.pack.paths import DATA_DIR_VARIABLE, find_pack
from dashboard.web import create_server

_chosen = find_pack() if os.environ.get(DATA_DIR_VARIABLE) else None
server = create_server({_chosen.root.name: _chosen} if _chosen else None)
