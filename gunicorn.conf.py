"""Gunicorn settings for Frontline Map: `gunicorn -c gunicorn.conf.py dashboard.wsgi:server`.

Gunicorn also reads this file by itself when started in this folder. Command-line
options override it (`-b 0.0.0.0:8050`, `-w 4`), as does `GUNICORN_CMD_ARGS`.

Threaded workers (`gthread`): a connection waits on the worker's event loop until it
sends something, and a client that then sends its request slowly holds one thread, not
the whole worker. With gunicorn's default sync workers, two clients sending their
headers a byte at a time blocked `-w 2` completely for 30 s, until both workers were
killed; here a dozen do not delay a page. Every thread can still be held by enough slow
clients: on the open internet, put a reverse proxy that buffers requests (nginx) in
front, as gunicorn's documentation advises.
"""

# Loopback only: a reverse proxy on the same machine publishes it.
bind = ["127.0.0.1:8050"]
# Each worker loads every pack once (about 200 MB); two use both cores of a small server
# and keep the site up while one restarts.
workers = 2
worker_class = "gthread"
# Requests in progress per worker. Most of them wait on the network (a slow client) and
# renders run in their own threads (dashboard/reports/jobs.py); the heaviest request,
# checking a 2 MB file of the user's, takes about 1 s and 30 MB, so 16 at once stay
# within half a gigabyte.
threads = 16
# Only the worker's event loop must answer within this (gthread workers notify the
# arbiter from it, not from a request's thread): a worker stuck that long is restarted.
timeout = 30
# How long an idle connection stays open for the next request: short, so idle clients
# do not pile up.
keepalive = 5

# One line per request on standard output (`-`), with the time it took in milliseconds;
# the app's own messages (a record reloaded or refused) and gunicorn's go to standard
# error. Behind a proxy, the client is the proxy: its own access log names the reader.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
errorlog = "-"
