#!/usr/bin/env bash
# Rebuild the committed browser assets (assets/vendor/ and assets/glyphs/) from the npm
# packages pinned in browser/package-lock.json and the reader's sources in
# browser/src/reader/. Only needed after changing browser/: the app and the published
# sites run from the committed files and never fetch anything.
# Needs Node.js 18 or newer and npm; `npm ci` is the only step that uses the network.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "npm is needed (Debian: apt-get install nodejs npm)." >&2; exit 1; }
# The step tables' schema is Python's (dashboard/reader/protocol.py); the reader bundles it.
.venv/bin/python -m dashboard.reader.protocol > browser/src/reader/schema.json
cd browser
npm ci --no-audit --no-fund
node build.mjs
du -sh ../assets/vendor ../assets/glyphs
