#!/usr/bin/env bash
# Set up (first run only) and start the dashboard on the bundled data: http://127.0.0.1:8050
# Extra arguments go to `frontline serve`, e.g. scripts/start.sh --port 8060
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/frontline serve "$@"
