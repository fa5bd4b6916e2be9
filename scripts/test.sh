#!/usr/bin/env bash
# Set up (first run only) and run every check: lint, the installed wheel outside the clone,
# unit tests and real-browser tests.
# Extra arguments go to pytest, e.g. scripts/test.sh -k timeline
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
scripts/check_wheel.sh
exec .venv/bin/python -m pytest "$@"
