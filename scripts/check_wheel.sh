#!/usr/bin/env bash
# Build the wheel and install it into a clean virtual environment outside the clone, as a
# plain install first (no extras) and then with the export extra, and run every command
# from another folder: proves that the package carries its packs and browser assets, that
# a plain install serves maps (under gunicorn, behind a path prefix) and refuses exports
# clearly, and that the export extra makes them. Then builds the sdist and runs part of
# the test suite from it, as a packager would.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

quietly() { "$@" > "$work/pip.log" 2>&1 || { cat "$work/pip.log" >&2; return 1; }; }
quietly .venv/bin/python -m pip wheel --no-deps . -w "$work/dist"
wheel=$(ls "$work"/dist/*.whl)
python3 -m venv "$work/venv"
quietly "$work/venv/bin/python" -m pip install -c constraints.txt "$wheel"
bin="$work/venv/bin"
site=$("$bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "plain install: $(du -sm "$site" | cut -f1) MB in site-packages"
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
"$bin/frontline" export --table csv --from 2024-11-26 --to 2024-12-08 --out changes.csv
"$bin/frontline" publish site --pack sudan > publish.log
test -s site/index.html && test -s site/embed.html && test -s site/embed.txt
if "$bin/frontline" export --date 2024-12-05 --format png --out refused.png 2> refused.log; then
  echo "a plain install made an image export" >&2; exit 1
fi
grep -q "pip install 'frontline-map\[export\]'" refused.log

free_port() { "$bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
"$bin/frontline" serve --port "$port" > serve.log 2>&1 & pids+=($!)
proxied=$(free_port)
DASH_URL_BASE_PATHNAME=/maps/ "$bin/gunicorn" -c "$repo/gunicorn.conf.py" -b "127.0.0.1:$proxied" \
  -w 1 dashboard.wsgi:server > gunicorn.log 2>&1 & pids+=($!)

"$bin/python" - "$port" "$proxied" <<'PY'
"""Fetch each page, the files it names and those its settings name (geometry, tables,
glyphs), and its health, from both servers; fail on any error."""
import json
import re
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


for base in (f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{proxied}/maps/"):
    for page in ("", "sudan/", "?lang=ar"):
        html = get(base + page).decode()
        named = re.findall(r'(?:src|href)="/(?:maps/)?(?:sudan/)?((?:site|assets)/[^"]+)"', html)
        assert any(f.startswith("site/reader/reader.") for f in named), base + page
        folder = base + ("sudan/" if page == "sudan/" else "")
        for path in named:
            assert get(folder + path), folder + path
        settings = json.loads(html.split('id="frontline-page">', 1)[1].split("</script>", 1)[0])
        files = settings["files"]
        site = base.split("/", 3)[0] + "//" + base.split("/", 3)[2] + settings["base"]
        for path in (files["geo"], *files["tables"].values(), next(iter(files["glyphs"].values()))):
            assert get(site + path).startswith(b"(window.frontlineData"), site + path
        print(f"ok {base}{page}: {len(named)} files named, {len(files['tables']) + 2} loaded")
    assert get(base + "healthz") == b'{\n "status": "ok"\n}\n', base
    assert b'"ready": true' in get(base + "readyz"), base
    print(f"ok {base}healthz, readyz")
PY

quietly "$bin/python" -m pip install -c "$repo/constraints.txt" "$wheel[export]"
echo "with [export]: $(du -sm "$site" | cut -f1) MB in site-packages"
"$bin/frontline" export --date 2024-12-05 --format png --out map.png 2> export.log
if grep -q "Traceback" export.log; then cat export.log >&2; echo "the export did not exit cleanly" >&2; exit 1; fi
"$bin/python" -c "import sys; assert open('map.png','rb').read(8) == b'\x89PNG\r\n\x1a\n'"
echo "wheel check passed: $(basename "$wheel")"

# The sdist, built as a packager would, runs the tests from its own files.
quietly "$bin/python" -m pip install "setuptools>=77"
(cd "$repo" && "$bin/python" -c "from setuptools import build_meta as b; b.build_sdist('$work/sdist')" \
  > "$work/sdist.log" 2>&1) || { cat "$work/sdist.log" >&2; exit 1; }
mkdir unpacked && tar xzf "$work"/sdist/*.tar.gz -C unpacked
cd unpacked/frontline_map-*
PYTHONPATH=$PWD "$repo/.venv/bin/python" -m pytest -q -p no:cacheprovider \
  tests/test_records.py tests/test_timeline.py tests/test_packs.py tests/test_kaleido_adapter.py
echo "sdist check passed: $(ls "$work"/sdist)"
