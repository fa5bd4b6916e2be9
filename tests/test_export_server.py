"""Exports in the server: a click starts a job and returns; renders never hold a
worker, so other users' requests are answered while they run, even by one gunicorn
sync worker; any worker can report on and deliver a job."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import warnings

import pyogrio
import pytest
from dash_requests import export_body, export_file, gunicorn_server, post, record_body

from dashboard.project import load_project
from dashboard.reports.errors import ExportError
from dashboard.reports.jobs import ExportJobs
from dashboard.web import create_app

PNG = b"\x89PNG\r\n\x1a\n"


def wait_for(jobs: ExportJobs, token: str, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while (state := jobs.state(token)).state == "running":
        assert time.monotonic() < deadline, "the job never ended"
        time.sleep(0.02)
    return state


def test_a_job_reports_progress_and_any_process_can_deliver_it(tmp_path):
    jobs = ExportJobs(tmp_path)
    release = threading.Event()

    def make(progress) -> bytes:
        progress(1, 3)
        release.wait(10)
        progress(3, 3)
        return b"made"

    token = jobs.submit(make, "a.png", 3)
    deadline = time.monotonic() + 10
    while jobs.state(token).done != 1:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    other_worker = ExportJobs(tmp_path)  # another process sees the same folder
    assert other_worker.state(token).state == "running"
    release.set()
    assert wait_for(other_worker, token).state == "done"
    assert other_worker.result(token) == b"made"
    assert sorted(os.listdir(tmp_path)) == []


def test_a_failed_job_says_why(tmp_path):
    jobs = ExportJobs(tmp_path)

    def make(_progress) -> bytes:
        raise ExportError("no Chromium found for exports")

    state = wait_for(jobs, jobs.submit(make, "a.pdf", 1))
    assert (state.state, state.message) == ("failed", "no Chromium found for exports")


@pytest.mark.parametrize("token", [None, 7, "", "../../etc/passwd", "a" * 21, "a/" * 11])
def test_a_token_from_the_browser_never_becomes_a_path(tmp_path, token):
    assert ExportJobs(tmp_path).state(token).state == "unknown"


def test_a_job_whose_process_died_is_reported(tmp_path):
    jobs = ExportJobs(tmp_path)
    token = jobs.submit(lambda _progress: b"x", "a.png", 1)
    wait_for(jobs, token)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (tmp_path / f"{token}.json").write_text(
        json.dumps({"state": "running", "name": "a.png", "done": 0, "total": 1, "message": "",
                    "pid": int(dead.stdout)})
    )  # fmt: skip
    state = jobs.state(token)
    assert state.state == "failed"
    assert "stopped" in state.message


@pytest.fixture(scope="module")
def gunicorn(pack):
    """The app under one gunicorn sync worker: the case where a render in the request
    would make every other user wait."""
    with gunicorn_server(pack.root, workers=1) as url:
        yield url


def test_two_concurrent_exports_leave_the_worker_answering(gunicorn):
    url = gunicorn
    started = time.monotonic()
    jobs = [
        post(url, export_body(date))["export-job"]["data"] for date in ("2023-03-04", "2023-03-05")
    ]
    assert time.monotonic() - started < 5, "starting an export waited for a render"

    # While the two renders run, the one sync worker answers pages and town panels.
    waits, while_running = [], 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        states = [
            post(url, export_body("2023-03-04", trigger="export-poll", job=job)) for job in jobs
        ]
        running = sum("export-ready" not in state for state in states)
        if not running:
            break
        while_running += 1
        asked = time.monotonic()
        with urllib.request.urlopen(url + "/", timeout=30) as page:
            assert page.status == 200
        assert "user-reader" in post(url, record_body(), timeout=30)
        waits.append(time.monotonic() - asked)
    assert while_running >= 1, "the renders ended before anything was measured"
    assert max(waits) < 3, f"other requests waited {max(waits):.1f} s during the renders"

    # Both exports arrive, each the one asked for.
    results = {}

    def fetch(day: int) -> None:
        results[day] = export_file(url, f"2023-03-{day + 1:02d}")

    threads = [threading.Thread(target=fetch, args=(day,)) for day in (5, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results[5][0] == "frontline-map-arcadia-2023-03-06-slide.png"  # day 0: 1 March
    assert results[6][0] == "frontline-map-arcadia-2023-03-07-slide.png"
    assert all(data[:8] == PNG for _, data in results.values())
    assert results[5][1] != results[6][1]


def data_table(client, trigger: str, **fields) -> tuple[str, bytes]:
    """A data button of the dialog, as the page uses it: the callback names the file's
    address, and the file comes as a plain file response, not base64 in the JSON."""
    days = {"export-range.start_date": "2023-03-01", "export-range.end_date": "2023-03-10"}
    body = export_body("2023-03-05", trigger=trigger, fields={**days, **fields})
    answer = client.post("/_dash-update-component", json=body).json["response"]
    address = answer["export-ready"]["data"]
    assert address.startswith("/exports/")
    sent = client.get(address)
    assert sent.status_code == 200
    name = sent.headers["Content-Disposition"].removeprefix("attachment; filename=")
    assert answer["export-status"]["children"] == f"Downloaded {name}"
    return name, sent.data


def test_the_data_tables_come_from_the_app_at_once(pack):
    client = create_app(load_project(pack).paths).server.test_client()

    def table(trigger: str) -> tuple[str, bytes]:
        return data_table(client, trigger)

    name, data = table("export-csv")
    assert name == "frontline-changes-arcadia-2023-03-01-to-2023-03-10.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows and all(row["event_id"] for row in rows)
    name, data = table("export-geojson")
    assert name == "frontline-areas-arcadia-2023-03-05.geojson"
    assert json.loads(data)["type"] == "FeatureCollection"


def test_the_app_gives_the_gis_files_and_the_territory_in_numbers(pack):
    client = create_app(load_project(pack).paths).server.test_client()

    def table(trigger: str, **fields) -> tuple[str, bytes]:
        return data_table(client, trigger, **fields)

    for trigger, name in [
        ("export-gpkg", "frontline-areas-arcadia-2023-03-05.gpkg"),
        ("export-kml", "frontline-areas-arcadia-2023-03-05.kml"),
        ("export-periods", "frontline-periods-arcadia-2023-03-01-to-2023-03-10.gpkg"),
    ]:
        sent, data = table(trigger)
        assert sent == name
        with warnings.catch_warnings():  # an in-memory file has no extension
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(io.BytesIO(data))
        assert "side" in frame.columns and len(frame) >= 9
    name, data = table("export-territory", **{"export-every.value": 3})
    assert name == "frontline-territory-arcadia-2023-03-01-to-2023-03-10-all.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert sorted({row["date"] for row in rows}) == [
        "2023-03-01",
        "2023-03-04",
        "2023-03-07",
        "2023-03-10",
    ]
    name, data = table("export-gains", **{"export-convention.value": "held"})
    assert name == "frontline-gains-arcadia-2023-03-01-vs-2023-03-10-held.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    sides = [row for row in rows if row["kind"] == "side"]
    assert sum(float(row["net_km2"]) for row in sides) == pytest.approx(0, abs=1e-6)
    assert any(row["kind"] == "area" and row["to_side"] == "rojo" for row in rows)


def test_a_job_folder_others_may_read_is_refused(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    with pytest.raises(ExportError, match="not private"):
        ExportJobs(shared).submit(lambda _progress: b"x", "a.png", 1)


def age(path, seconds: float = 3600) -> None:
    """Make a file (or a link itself) look `seconds` old."""
    old = time.time() - seconds
    os.utime(path, (old, old), follow_symlinks=False)


def test_the_sweep_removes_only_expired_files_of_jobs_and_follows_no_link(tmp_path):
    folder, outside = tmp_path / "jobs", tmp_path / "outside"
    folder.mkdir(mode=0o700)
    outside.mkdir()
    precious = outside / "precious.txt"
    precious.write_text("not an export")
    age(precious)
    expired, partial, fresh = "a" * 22 + ".data", "." + "b" * 22 + ".json.0123abcd", "c" * 22
    for name in (expired, partial, f"{fresh}.json", "notes.txt"):
        (folder / name).write_bytes(b"x")
    for name in (expired, partial, "notes.txt"):
        age(folder / name)
    link = folder / ("d" * 22 + ".data")  # named like a job's file, pointing elsewhere
    link.symlink_to(precious)
    age(link)
    (folder / ("e" * 22 + ".json")).mkdir()
    age(folder / ("e" * 22 + ".json"))

    ExportJobs(folder).sweep()
    assert sorted(os.listdir(folder)) == sorted(
        [f"{fresh}.json", "notes.txt", link.name, "e" * 22 + ".json"]
    )
    assert precious.read_text() == "not an export"


def test_a_job_folder_that_is_a_link_is_refused_and_left_alone(tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    kept = real / ("a" * 22 + ".data")  # even a file named like a job's
    kept.write_bytes(b"x")
    age(kept)
    (tmp_path / "link").symlink_to(real)
    jobs = ExportJobs(tmp_path / "link")
    with pytest.raises(ExportError, match="is a link"):
        jobs.submit(lambda _progress: b"x", "a.png", 1)
    jobs.sweep()
    assert kept.exists()


def test_results_nobody_fetches_go_when_they_expire_with_no_new_export(tmp_path):
    jobs = ExportJobs(tmp_path, keep_seconds=0.5, sweep_seconds=0.1)
    token = jobs.submit(lambda _progress: b"made", "a.png", 1)
    assert wait_for(jobs, token).state == "done"
    assert sorted(os.listdir(tmp_path)) == [f"{token}.data", f"{token}.json"]
    deadline = time.monotonic() + 5
    while os.listdir(tmp_path):  # nobody asks about the job again, nobody exports
        assert time.monotonic() < deadline, "the unfetched result was never removed"
        time.sleep(0.05)
