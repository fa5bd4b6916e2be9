"""What one web request may cost: the bounds the server adds to the records' own limits.

A user's record is bounded where it is read (`dashboard.records.limits`); here are the
bounds of what the web server receives, keeps and sends back for anyone who asks.
"""

from __future__ import annotations

from dashboard.records.limits import USER_MAX_BYTES

# The largest request body, refused with 413 before it is read. The largest request a
# page makes carries a user's file once: as base64 in the upload (4/3 of its bytes) or
# as JSON text in the page's stored copy (a CSV's quotes and line ends take two bytes
# each once escaped, so at most twice its bytes); 64 kB more for the rest of the
# callback's JSON (ids, the dialog's values).
MAX_BODY_BYTES = 2 * USER_MAX_BYTES + 64_000
# Problems of an uploaded file listed in the page; the rest are counted ("and N more").
SHOWN_PROBLEMS = 200
# User projects one process keeps (the file checked, its timeline built), by number
# and by an estimate of their memory; a refused file is remembered by its hash only.
CACHED_PROJECTS = 8
CACHED_BYTES = 64_000_000
REMEMBERED_REFUSALS = 64
# Frames of an animation made for the web: the command line makes up to 400
# (`dashboard.reports.animation.MAX_FRAMES`); a web export holds one of the renderer's
# two tabs for about 0.3 s a frame, so 120 frames (four months day by day, or two years
# week by week) keep a tab busy for well under a minute.
WEB_MAX_FRAMES = 120
