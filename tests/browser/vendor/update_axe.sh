#!/usr/bin/env bash
# Refreshes the accessibility checker the browser tests run (tests/browser/test_a11y.py):
# axe-core from the npm registry, its minified build and licence only. Dev-time only.
set -euo pipefail
VERSION="${1:-4.14.1}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar -xzf axe-core-*.tgz)
mkdir -p "$here/axe-core"
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$here/axe-core/"
echo "$VERSION" > "$here/axe-core/VERSION"
