#!/usr/bin/env bash
# Shared set-up for start.sh and test.sh: system packages, then a virtual environment.
# Usage: scripts/setup.sh [--test]   (idempotent: quick when everything is already there)
set -euo pipefail
cd "$(dirname "$0")/.."

# The app with every extra (exports, video, building layers); the tests add their tools
# and the queue. Installed at the versions the suite last passed with (constraints.txt).
extra="[export,video,build]"
[ "${1:-}" = "--test" ] && extra="[test]"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

# Debian's Chromium renders exports (Kaleido) and drives the browser tests.
apt_packages=()
command -v chromium >/dev/null || apt_packages+=(chromium)
command -v chromedriver >/dev/null || apt_packages+=(chromium-driver)
# Exports set their text in Noto Sans with its matched Arabic face, Noto Sans Arabic.
fc-list | grep -q "NotoSansArabic-Regular" || apt_packages+=(fonts-noto-core)
if [ "$extra" = "[test]" ]; then
  # The export tests read PDFs as a reader's tools do (pdftotext -bbox, pdfinfo).
  command -v pdftotext >/dev/null || apt_packages+=(poppler-utils)
  # The distributed test runs Debian's Redis and nginx (tests/test_distributed.py).
  command -v redis-server >/dev/null || apt_packages+=(redis-server)
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || apt_packages+=(nginx)
  # The reader's day rule is tested in Node against fixtures Python writes (test_reader.py).
  command -v node >/dev/null || apt_packages+=(nodejs)
fi
python3 -c "import venv, ensurepip" 2>/dev/null || apt_packages+=(python3-venv)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "Installing system packages: ${apt_packages[*]}"
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"; }; then
    echo "Could not install ${apt_packages[*]} (needs root or sudo)." >&2
    [ "$extra" = "[test]" ] && exit 1
    echo "The dashboard will run, but map exports need Chromium." >&2
  fi
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 or newer is required (found $(python3 --version))." >&2; exit 1; }

[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=".venv/.installed${extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".${extra}"
  touch "$stamp"
fi
