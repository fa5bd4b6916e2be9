#!/usr/bin/env bash
# Rebuild the committed browser assets (assets/vendor/ and assets/glyphs/) from the npm
# packages pinned in browser/package-lock.json. Only needed after changing browser/: the
# app itself runs from the committed files and never fetches anything.
# Needs Node.js 18 or newer and npm; `npm ci` is the only step that uses the network.
set -euo pipefail
cd "$(dirname "$0")/../browser"
command -v npm >/dev/null || { echo "npm is needed (Debian: apt-get install nodejs npm)." >&2; exit 1; }
npm ci --no-audit --no-fund
node build.mjs
du -sh ../assets/vendor ../assets/glyphs
