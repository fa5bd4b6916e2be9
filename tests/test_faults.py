"""Faults from outside the code: broken pack files, no browser, no place to write, a full
disk, a client that hangs up. Each gives one clear message and leaves the rest working.

Nothing is mocked: the faults are real files, a real environment without Chromium, real
folders and file systems, and a real server process.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from dash_requests import export_body, export_file, free_port, post, record_body
from test_cli import run

from dashboard.cli import EXIT_INVALID
from dashboard.pack.paths import PackPaths
from dashboard.project import load_project
from dashboard.reports.files import ExportError, ExportWriteError, write_new, write_stream
from dashboard.web import create_app

FRONTLINE = [sys.executable, "-m", "dashboard"]
DAY = "2023-03-05"
PNG = b"\x89PNG\r\n\x1a\n"


def _copy(pack: PackPaths, root: Path) -> PackPaths:
    shutil.copytree(pack.root, root)
    return PackPaths.in_dir(root)


def _frontline(*argv: str, env: dict[str, str] | None = None, timeout: float = 120):
    return subprocess.run(
        [*FRONTLINE, *argv], capture_output=True, text=True, env=env, timeout=timeout
    )


def _export_args(pack: PackPaths, out: Path | str, fmt: str = "png") -> list[str]:
    return [
        "export",
        "--data-dir",
        str(pack.root),
        "--date",
        DAY,
        "--format",
        fmt,
        "--out",
        str(out),
    ]


# 1. Missing or corrupt pack files at start-up


def _delete_events(paths: PackPaths) -> Path:
    paths.events.unlink()
    return paths.events


def _truncate_areas(paths: PackPaths) -> Path:
    areas = paths.geo_dir / "areas.geojson"
    data = areas.read_bytes()
    areas.write_bytes(data[: len(data) // 3])
    return areas


def _break_config(paths: PackPaths) -> Path:
    paths.config.write_text(paths.config.read_text("utf-8") + "\n[[sides]\nid = \n", "utf-8")
    return paths.config


def _folder_for_towns(paths: PackPaths) -> Path:
    paths.towns.unlink()
    paths.towns.mkdir()
    return paths.towns


@pytest.mark.parametrize(
    "breaks",
    [_delete_events, _truncate_areas, _break_config, _folder_for_towns],
    ids=["deleted events.csv", "truncated areas.geojson", "broken conflict.toml", "a folder"],
)
def test_serve_names_a_missing_or_corrupt_pack_file_and_never_starts(pack, tmp_path, breaks):
    broken = _copy(pack, tmp_path / "broken")
    path = breaks(broken)
    try:
        result = _frontline("serve", "--data-dir", str(broken.root), "--port", str(free_port()))
    except subprocess.TimeoutExpired:
        pytest.fail("the server started on a broken pack")
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_INVALID, output
    assert str(path) in result.stderr
    assert "Traceback" not in output
    assert "Running on" not in output


# 2. No Chromium for exports


@pytest.fixture
def no_chromium(tmp_path: Path) -> dict[str, str]:
    """An environment where Kaleido finds no browser.

    choreographer (Kaleido's browser driver) takes, in order: its own download under
    the user data folder (platformdirs: $XDG_DATA_HOME/choreographer), then
    $BROWSER_PATH if set, else chromium/chrome names on PATH and /usr/bin/chromium.
    An empty data folder and a BROWSER_PATH naming no file leave it nothing.
    """
    from choreographer.cli.defaults import old_download_path

    if old_download_path.exists():
        pytest.skip(f"a browser downloaded into {old_download_path} would always be found")
    (tmp_path / "data").mkdir()
    return {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "BROWSER_PATH": str(tmp_path / "no-chromium"),
    }


def test_export_without_chromium_says_so_in_one_line(pack, tmp_path, no_chromium):
    out = tmp_path / "map.png"
    result = _frontline(*_export_args(pack, out), env=no_chromium)
    assert result.returncode == EXIT_INVALID, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("frontline: no Chromium found for exports")
    assert f"BROWSER_PATH='{tmp_path / 'no-chromium'}'" in lines[0]
    assert "install Debian's chromium" in lines[0]
    assert not out.exists()


def test_state_and_validate_work_without_chromium(pack, no_chromium):
    state = _frontline("state", "--data-dir", str(pack.root), "--date", DAY, env=no_chromium)
    assert state.returncode == 0, state.stderr
    assert json.loads(state.stdout)["date"] == DAY
    valid = _frontline("validate", "--data-dir", str(pack.root), env=no_chromium)
    assert valid.returncode == 0, valid.stderr
    assert "valid: 5 places" in valid.stdout


def test_the_page_says_no_chromium_and_keeps_working(pack, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))  # read per render
    client = create_app(load_project(pack).paths).server.test_client()
    response = client.post("/_dash-update-component", json=export_body("2023-03-05"))
    assert response.status_code == 200
    status = response.json["response"]["export-status"]["children"]
    assert status.startswith("Export failed: no Chromium found for exports")
    assert "export-ready" not in response.json["response"]
    assert client.get("/").status_code == 200
    assert client.post("/_dash-update-component", json=record_body()).status_code == 200


# 3. A missing or unwritable output folder


def test_export_into_a_missing_folder_names_it(pack, capsys):
    out = Path("/nonexistent/dir/map.png")
    code, _, err = run(capsys, *_export_args(pack, out))
    assert code == EXIT_INVALID
    assert err == f"frontline: cannot write {out}: the folder {out.parent} does not exist\n"
    assert not out.parent.exists()


def test_a_write_into_a_missing_folder_leaves_nothing(tmp_path):
    out = tmp_path / "gone" / "map.svg"
    with pytest.raises(ExportWriteError, match=f"cannot write {out}: the folder .* does not"):
        write_new(b"<svg/>", out)
    assert list(tmp_path.iterdir()) == []


def test_export_into_an_unwritable_folder_names_it(pack, capsys):
    """/sys refuses new files even to root (tests run as root here, where a chmod-ed
    folder would not stop a write)."""
    where = Path("/sys")
    out = where / "frontline-fault-test.png"
    try:
        with out.open("xb"):
            pass
    except PermissionError:
        pass
    else:
        out.unlink()
        pytest.skip(f"{where} is writable here")
    code, _, err = run(capsys, *_export_args(pack, out))
    assert code == EXIT_INVALID
    assert err == (
        f"frontline: cannot write {out}: permission denied (the folder {where} is not writable)\n"
    )
    assert not out.exists()


def test_a_write_never_touches_a_file_that_was_there(tmp_path):
    out = tmp_path / "map.png"
    out.write_bytes(b"mine")
    with pytest.raises(ExportError, match="exists; not overwriting it"):
        write_new(b"new", out)
    assert out.read_bytes() == b"mine"


# 4. A full disk


@pytest.mark.parametrize("size", [100, 1_000_000], ids=["on flush", "on write"])
def test_write_stream_to_a_full_disk_says_so(size):
    handle = open("/dev/full", "wb")  # noqa: SIM115 - closed below, whatever the flush did
    try:
        with pytest.raises(ExportWriteError) as raised:
            write_stream(handle, b"x" * size, "/dev/full")
    finally:
        with contextlib.suppress(OSError):
            handle.close()  # a buffer that could not be flushed fails again
    assert raised.value.path == Path("/dev/full")
    assert str(raised.value) == (
        "cannot write /dev/full: the disk is full (no space left on device)"
    )


def _can_mount_tmpfs() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run(
        [unshare, "--mount", "--map-root-user", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.skipif(
    not _can_mount_tmpfs(), reason="needs `unshare --mount --map-root-user` to mount a tiny tmpfs"
)
def test_export_to_a_full_disk_removes_the_partial_file(pack, tmp_path):
    """A 16 KiB tmpfs, private to the command's mount namespace, fills during the write."""
    disk = tmp_path / "disk"
    disk.mkdir()
    out = disk / "map.png"
    # Lists what is left on the small disk before the namespace (and the mount) goes.
    script = (
        'disk=$1; shift; mount -t tmpfs -o size=16k tmpfs "$disk" || exit 99; '
        '"$@"; code=$?; ls -A "$disk"; exit $code'
    )
    result = subprocess.run(
        [
            "unshare",
            "--mount",
            "--map-root-user",
            "sh",
            "-c",
            script,
            "sh",
            str(disk),
            *FRONTLINE,
            *_export_args(pack, out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == EXIT_INVALID, result.stderr
    assert result.stderr == (
        f"frontline: cannot write {out}: the disk is full (no space left on device)\n"
    )
    assert result.stdout == "", "the partial file was left on the full disk"


# 5. A client that hangs up during an export


def _browsers_under(pid: int) -> list[int]:
    """Chromium processes started by the server (its descendants, from /proc)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for children in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                todo += [int(child) for child in children.read_text().split()]
            except OSError:
                continue
        if parent != pid:
            try:
                if "chrom" in Path(f"/proc/{parent}/comm").read_text():
                    found.append(parent)
            except OSError:
                continue
    return found


def _wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not (value := check()):
        assert time.monotonic() < deadline, what
        time.sleep(0.05)
    return value


@pytest.fixture
def server(pack, tmp_path):
    port = free_port()
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [*FRONTLINE, "serve", "--data-dir", str(pack.root), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert process.poll() is None, (tmp_path / "server.log").read_text()
        try:
            urllib.request.urlopen(url + "/", timeout=5).read()
        except OSError:
            return False
        return True

    _wait_for(up, 60, "the server did not start")
    yield url, process
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=20)
    log.close()


def test_a_client_that_leaves_mid_export_leaves_the_server_answering(server):
    url, process = server
    # The click only starts a job and returns; this client never asks after it again.
    started = time.monotonic()
    job = post(url, export_body("2023-03-05"), timeout=10)["export-job"]["data"]
    assert job["token"]
    assert time.monotonic() - started < 3

    # The render goes on without its client; the page and town panels do not wait for it.
    _wait_for(lambda: _browsers_under(process.pid), 20, "the export never started a browser")
    started = time.monotonic()
    with urllib.request.urlopen(url + "/", timeout=10) as page:
        assert page.status == 200
    record = post(url, record_body(), timeout=10)
    assert record["record-banner"]["hidden"] is True
    assert time.monotonic() - started < 5
    assert _browsers_under(process.pid), "the warm browser closed before it was idle"

    # The browser closes once idle, the process lives on, and the next export works.
    _wait_for(lambda: not _browsers_under(process.pid), 60, "the browser was left running")
    assert process.poll() is None
    name, data = export_file(url, "2023-03-05")
    assert name.startswith("frontline-map-arcadia-")
    assert data[:8] == PNG
