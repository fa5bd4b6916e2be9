#!/usr/bin/env bash
# Build the wheel, install it into a clean virtual environment outside the clone and run
# every command from another folder: proves that the package carries its packs and its
# browser assets, and that the app works behind a path prefix under gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

quietly() { "$@" > "$work/pip.log" 2>&1 || { cat "$work/pip.log" >&2; return 1; }; }
quietly .venv/bin/python -m pip wheel --no-deps . -w "$work/dist"
python3 -m venv "$work/venv"
quietly "$work/venv/bin/python" -m pip install "$work"/dist/*.whl
bin="$work/venv/bin"
cd "$work"

"$bin/frontline" --version
for pack in $("$bin/frontline" packs | cut -f1); do
  "$bin/frontline" validate --pack "$pack"
done
"$bin/python" - <<'PY'
"""Every bundled pack carries its basemap, its datapackage.json and the zones it draws."""
from dashboard.pack.paths import bundled_packs

for name, root in bundled_packs().items():
    for layer in ("land", "lakes", "rivers", "roads", "labels"):
        assert (root / "geo" / "basemap" / f"{layer}.geojson").is_file(), (name, layer)
    assert (root / "geo" / "basemap" / "SOURCES.md").is_file(), name
    assert (root / "datapackage.json").is_file(), name
    assert (root / "zones.geojson").is_file() == (root / "geo" / "zones.geojson").is_file(), name
    print(f"ok {name}: basemap, datapackage.json, zones")
PY
"$bin/frontline" state --date 2024-12-08 --format csv > state.csv
"$bin/frontline" state --pack sudan --date 2025-10-27 > sudan.json
"$bin/frontline" export --date 2024-12-05 --format png --out map.png
"$bin/frontline" publish site --pack sudan > publish.log
test -s site/index.html && test -s site/embed.html && test -s site/embed.txt

free_port() { "$bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
"$bin/frontline" serve --port "$port" > serve.log 2>&1 & pids+=($!)
proxied=$(free_port)
DASH_URL_BASE_PATHNAME=/maps/ "$bin/gunicorn" -b "127.0.0.1:$proxied" -w 2 \
  dashboard.wsgi:server > gunicorn.log 2>&1 & pids+=($!)

"$bin/python" - "$port" "$proxied" <<'PY'
"""Fetch each page and the reader's files it names (scripts, geometry, tables) from
both servers; fail on any error."""
import json
import sys
import time
import urllib.request

port, proxied = sys.argv[1:]


def get(url: str) -> bytes:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


pages = [f"http://127.0.0.1:{port}/{path}" for path in ("", "sudan/", "?lang=ar")]
pages += [f"http://127.0.0.1:{proxied}/maps/{path}" for path in ("", "sudan/")]
for page in pages:
    html = get(page).decode()
    settings = json.loads(html.split('id="frontline-page">', 1)[1].split("</script>", 1)[0])
    files = settings["files"]
    base = page.split("/", 3)[0] + "//" + page.split("/", 3)[2] + settings["base"]
    for path in (files["geo"], *files["tables"].values(), next(iter(files["glyphs"].values()))):
        body = get(base + path)
        assert body.startswith(b"(window.frontlineData"), base + path
    print(f"ok {page} and {len(files['tables']) + 2} of its files")
get(f"http://127.0.0.1:{port}/assets/app.js")
PY
"$bin/python" -c "import sys; assert open('map.png','rb').read(8) == b'\x89PNG\r\n\x1a\n'"
echo "wheel check passed: $(ls "$work"/dist)"
