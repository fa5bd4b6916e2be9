"""The server's log: one line per request (the web server's access log) and the app's
own messages (a record reloaded or refused, a failed export) on standard error.

`frontline serve` and `frontline worker` call `configure`; under gunicorn,
`dashboard.wsgi` does, and `gunicorn.conf.py` turns the access log on.
"""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"
# The app's loggers: `frontline.*` (reloads, the worker) and the modules' own.
APP_LOGGERS = ("frontline", "dashboard")


def configure(requests: bool = False) -> None:
    """Send the app's messages (INFO and up) to standard error, once; with `requests`,
    also the development server's line per request (Werkzeug's own log)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    for name in APP_LOGGERS:
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False
    if requests:
        access = logging.getLogger("werkzeug")
        access.setLevel(logging.INFO)
        if not access.handlers:
            plain = logging.StreamHandler(sys.stderr)
            plain.setFormatter(logging.Formatter("%(message)s"))
            access.addHandler(plain)
