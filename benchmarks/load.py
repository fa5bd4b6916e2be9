"""Load test: simulated readers against the real app under gunicorn, on loopback only.

    .venv/bin/python benchmarks/load.py --users 200 --seconds 60 [--think-max 0]

Starts `gunicorn dashboard.wsgi:server` with the documented settings (gunicorn.conf.py:
2 gthread workers of 16 threads) on a free 127.0.0.1 port (one pack, through
`FRONTLINE_DATA_DIR`), waits until every worker has loaded the app, runs N readers for
T seconds, prints throughput, errors, latency percentiles and the server's memory, and
whether the target is met (p95 of every request at most `--target-ms`, 200 by default,
and no error): "met" or "missed". It stops the server at the end, on errors and on
Ctrl-C too.

Each reader is one thread with its own HTTP connection (http.client; kept alive when the
server allows it) and behaves like a person in a browser tab, with a random think time
(default 0.2-1.0 s, uniform; `--think-max 0` for none) before every action:

- opens the page: GET /, the reader's files the page names (style, scripts, geometry,
  the tables of its language: named by their content, so fetched on the reader's first
  page load only, as a browser caches them for a year), Dash's /_dash-layout and
  /_dash-dependencies (a page that holds no file of its own sends no callback);
- then 20-60 actions (random), after which it closes the tab and opens a new one:
  a slider step (a day forwards or backwards, sometimes a short drag of 2-4 days),
  which costs think time and no request: the reader holds the tables and draws each
  day in the browser; steps are counted ("slider steps") but are not requests. Or a
  click on a town: the town's card is the reader's too, read from a file of cards
  (`cards-<lang>-<n>.js`, one per 40 places) fetched the first time a place of that
  file is opened; there is no town-card request to the server any more. Or, rarely,
  uploading the pack's own events.csv (the upload callback, then the record callback
  with the file, which answers with the reader's tables for it). Or, only with
  --exports, a PNG export (start a job, poll it at the page's interval, download the
  file; Chromium on the server: slow).

Callback bodies come from tests/dash_requests.py (one definition). Dash's JavaScript
bundles and glyphs are not fetched (a browser caches them). Requests carry the
browser's Accept-Encoding (the app compresses its answers), and answers are decoded.
Latency is the client's: from sending a request to having read its whole body,
queueing in the server's backlog included. An error is a non-2xx status, an exception
(timeout, reset) or a callback answer without the expected output.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import json
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))

from dash_requests import UPDATE, export_body, record_body, upload_body  # noqa: E402

from dashboard.pack.paths import find_pack  # noqa: E402

HOST = "127.0.0.1"
STARTUP_SECONDS = 180
REQUEST_TIMEOUT = 30.0
EXPORT_TIMEOUT = 180.0
MAX_SESSIONS_PER_USER = 10_000
MEMORY_EVERY = 10.0
POLL_SECONDS = 0.4  # the export dialog's poll (dashboard/web/export_panel.py POLL_MS)

DECODERS = {"gzip": gzip.decompress, "deflate": zlib.decompress}
try:
    import brotli

    DECODERS["br"] = brotli.decompress
except ImportError:
    pass
try:
    from backports import zstd

    DECODERS["zstd"] = zstd.decompress
except ImportError:
    pass
# What Chromium sends, minus what this Python cannot decode.
ACCEPT_ENCODING = ", ".join(e for e in ("gzip", "deflate", "br", "zstd") if e in DECODERS)

KINDS = (
    "page",
    "site-file",
    "layout",
    "dependencies",
    "record",
    "cards",
    "upload",
    "export",
    "export-poll",
    "export-file",
)
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class BadAnswer(Exception):
    """A 2xx answer without what the page needs from it."""


# --- the server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in its own process group; `stop` always ends the whole group."""

    def __init__(self, pack_root: Path, workers: int, threads: int, timeout: int):
        self.tmp = tempfile.TemporaryDirectory(prefix="frontline-load-")
        self.log_path = Path(self.tmp.name) / "gunicorn.log"
        config = Path(self.tmp.name) / "gunicorn_conf.py"
        # The documented settings, plus a line once a worker has loaded the app.
        config.write_text(
            GUNICORN_CONF.read_text() + "\n\ndef post_worker_init(worker):\n"
            "    worker.log.info('frontline-load: worker %s ready', worker.pid)\n"
        )
        self.port = free_port()
        self.workers = workers
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn),
            "-c",
            str(config),
            "-b",
            f"{HOST}:{self.port}",
            "-w",
            str(workers),
            "--timeout",
            str(timeout),
            "--log-level",
            "info",
            "--no-control-socket",  # gunicorn 27's shared ~/.gunicorn socket: not needed
        ]
        command += ["--threads", str(threads)]
        command.append("dashboard.wsgi:server")
        self.command = command
        env = {**os.environ, "FRONTLINE_DATA_DIR": str(pack_root)}
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        """Until every worker has loaded the app and `/` answers 200 (bounded)."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.tail()}")
            ready = self.log_path.read_text(errors="replace").count("frontline-load: worker")
            if ready >= self.workers:
                try:
                    connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
                    connection.request("GET", "/")
                    status = connection.getresponse().status
                    connection.close()
                    if status == 200:
                        return
                except OSError:
                    pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn not ready after {STARTUP_SECONDS} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def log_count(self, needle: str) -> int:
        return self.log_path.read_text(errors="replace").count(needle)

    def stop(self) -> None:
        try:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)  # graceful: workers finish
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=40)
            # Anything left in the group (a worker, an export's Chromium).
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        finally:
            self.log.close()
            self.tmp.cleanup()


# --- memory, from /proc ------------------------------------------------------------------


def _parents() -> dict[int, int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses.
        parents[int(entry)] = int(stat.rpartition(")")[2].split()[1])
    return parents


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """utime + stime of a live process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores; not idle, not iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def server_memory(master: int) -> dict:
    """RSS (MiB) of the master, its workers (its children) and anything below them,
    and the CPU seconds they have used."""
    parents = _parents()
    workers = [pid for pid, parent in parents.items() if parent == master]
    below, frontier = [], list(workers)
    for _ in range(20):  # bounded depth
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        if not frontier:
            break
        below += frontier
    master_mib = _rss_kib(master) / 1024
    worker_mib = [_rss_kib(pid) / 1024 for pid in sorted(workers)]
    other_mib = sum(_rss_kib(pid) for pid in below) / 1024
    return {
        "master": master_mib,
        "workers": worker_mib,
        "other": other_mib,
        "total": master_mib + sum(worker_mib) + other_mib,
        "cpu_s": sum(_cpu_seconds(pid) for pid in (master, *workers, *below)),
    }


# --- the users -----------------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.wire_bytes: dict[str, int] = Counter()
        self.errors: Counter = Counter()
        self.error_latency: dict[str, list[float]] = defaultdict(list)
        self.retried = 0
        self.sessions = 0
        self.steps = 0  # slider steps: drawn in the browser, no request

    def ok(self, kind: str, seconds: float, wire: int) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            self.wire_bytes[kind] += wire

    def error(self, kind: str, what: str, seconds: float) -> None:
        with self.lock:
            self.errors[(kind, what)] += 1
            self.error_latency[kind].append(seconds)


class Client:
    """One browser tab's connection; a stale kept-alive connection is retried once
    on a fresh one, as browsers do."""

    def __init__(self, port: int, stats: Stats):
        self.port = port
        self.stats = stats
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _once(self, method: str, path: str, body: bytes | None, timeout: float):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        self.connection.timeout = timeout
        if self.connection.sock is not None:
            self.connection.sock.settimeout(timeout)
        headers = {"Accept-Encoding": ACCEPT_ENCODING, "Accept": "*/*"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        raw = response.read()
        encoding = (response.getheader("Content-Encoding") or "").strip().lower()
        if response.will_close:
            self.close()
        return response.status, raw, encoding

    def call(self, kind: str, method: str, path: str, body: dict | None = None, check=None):
        """The decoded answer (JSON when `check` is given, else bytes), or None on error."""
        data = None if body is None else json.dumps(body, separators=(",", ":")).encode()
        timeout = EXPORT_TIMEOUT if kind == "export" else REQUEST_TIMEOUT
        started = time.perf_counter()
        try:
            fresh = self.connection is None
            try:
                status, raw, encoding = self._once(method, path, data, timeout)
            except STALE_CONNECTION:
                self.close()
                if fresh:
                    raise
                with self.stats.lock:
                    self.stats.retried += 1
                status, raw, encoding = self._once(method, path, data, timeout)
            if not 200 <= status < 300:
                self.stats.error(kind, f"HTTP {status}", time.perf_counter() - started)
                return None
            decoded = DECODERS[encoding](raw) if encoding in DECODERS else raw
            answer = decoded
            if check is not None and status != 204:
                answer = json.loads(decoded)
                if not check(answer):
                    raise BadAnswer("answer lacks the expected output")
            self.stats.ok(kind, time.perf_counter() - started, len(raw))
            return answer
        except Exception as error:  # counted by kind, the user carries on
            self.close()
            self.stats.error(kind, type(error).__name__, time.perf_counter() - started)
            return None


PAGE_FILES = re.compile(r'(?:src|href)="(/site/[^"]+)"')
SETTINGS = re.compile(r'<script type="application/json" id="frontline-page">(.*?)</script>', re.S)


def page_files(page: str) -> tuple[list[str], dict]:
    """The reader's files the page names (style, preloads, scripts) and its settings
    (where every other file is, the language)."""
    settings = json.loads(SETTINGS.search(page).group(1))
    return PAGE_FILES.findall(page), settings


def _has(*ids):
    """A callback answer holding these outputs (none: any well-formed answer)."""
    return lambda answer: (
        isinstance(answer.get("response"), dict) and all(i in answer["response"] for i in ids)
    )


class User:
    """One person: sessions (tabs) of page load then actions, until the deadline."""

    def __init__(self, number: int, port: int, stats: Stats, options, events: bytes):
        self.rng = random.Random(options.seed * 100_003 + number)
        self.client = Client(port, stats)
        self.stats = stats
        self.options = options
        self.events = events
        self.stop = threading.Event()
        self.deadline = 0.0
        self.cached: set[str] = set()  # the reader files this reader's browser holds

    def think(self) -> bool:
        """Wait a person's pause; False once the run is over."""
        pause = self.rng.uniform(self.options.think_min, self.options.think_max)
        pause = min(pause, max(0.0, self.deadline - time.monotonic()))
        return not self.stop.wait(pause) and time.monotonic() < self.deadline

    def run(self, start_delay: float, deadline: float) -> None:
        self.deadline = deadline
        if self.stop.wait(start_delay):
            return
        try:
            for _ in range(MAX_SESSIONS_PER_USER):
                if self.stop.is_set() or time.monotonic() >= deadline:
                    return
                self.session()
                self.client.close()  # the tab is closed; a new one opens
        finally:
            self.client.close()

    def session(self) -> None:
        call = self.client.call
        with self.stats.lock:
            self.stats.sessions += 1
        page = call("page", "GET", "/")
        if page is None:
            return
        try:
            files, settings = page_files(page.decode())
        except (AttributeError, ValueError):
            self.stats.error("page", "no reader settings", 0.0)
            return
        for path in files:
            self.fetch(path)
        call("layout", "GET", "/_dash-layout", check=lambda a: "props" in a)
        call("dependencies", "GET", "/_dash-dependencies", check=lambda a: isinstance(a, list))
        lang = settings.get("lang")
        base = settings.get("base", "/site/")
        chunks = settings["files"]["cards"].get(lang, [])
        record = _has("user-reader", "record-banner")
        # A page that holds no file of its own sends no callback on load.
        user: dict | None = None
        direction = self.rng.choice((-1, 1))

        upload_rate = self.options.upload_rate
        for _ in range(self.rng.randint(20, 60)):
            if not self.think():
                return
            roll = self.rng.random()
            if roll < upload_rate:
                answer = call(
                    "upload",
                    "POST",
                    UPDATE,
                    upload_body("events.csv", self.events),
                    check=_has("user-events", "upload-status"),
                )
                if answer:
                    # The new record fires the record callback with the file.
                    user = answer["response"]["user-events"]["data"]
                    call("record", "POST", UPDATE, record_body(user, lang), check=record)
            elif self.options.exports and roll < upload_rate + self.options.export_rate:
                self.export(self.options.export_date, user, lang, settings)
            elif roll < 0.2 and chunks:
                # A town: its card is in one of the cards files, fetched once.
                self.fetch(base + self.rng.choice(chunks), kind="cards")
            else:
                # A key press, or sometimes a short drag: the reader draws each day in
                # the browser, so a step is counted and sends nothing.
                days = 1 if self.rng.random() < 0.8 else self.rng.randint(2, 4)
                with self.stats.lock:
                    self.stats.steps += days
                if self.rng.random() < 0.1:
                    direction = -direction

    def fetch(self, path: str, kind: str = "site-file") -> None:
        """A reader file, unless this reader's browser has it already (named by its
        content: cached for a year)."""
        if path in self.cached:
            return
        if self.client.call(kind, "GET", path) is not None:
            self.cached.add(path)

    def export(self, date: str, user: dict | None, lang: str | None, settings: dict) -> None:
        """A PNG of the day, as the page makes it: start a job, poll it at the page's
        interval until it is done, then download the file."""
        call = self.client.call
        started = call(
            "export",
            "POST",
            UPDATE,
            export_body(date, "png", user, lang=lang),
            check=_has("export-job"),
        )
        if not started:
            return
        job = started["response"]["export-job"]["data"]
        give_up = time.monotonic() + EXPORT_TIMEOUT
        while True:
            if self.stop.wait(POLL_SECONDS):
                return
            answer = call(
                "export-poll",
                "POST",
                UPDATE,
                export_body(date, "png", user, trigger="export-poll", job=job, lang=lang),
                check=_has(),
            )
            if answer is None:
                return
            response = answer.get("response", {})
            if "export-ready" in response:
                break
            if response.get("export-poll", {}).get("disabled") is True:
                self.stats.error("export-poll", "export failed", 0.0)
                return
            if time.monotonic() > give_up:
                self.stats.error("export-poll", "export unfinished", 0.0)
                return
        call("export-file", "GET", response["export-ready"]["data"])


# --- the report ----------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def report(stats: Stats, seconds: float, memory: list[tuple[float, dict]], options) -> dict:
    total_ok = sum(len(v) for v in stats.latency.values())
    total_errors = sum(stats.errors.values())
    everything = [x for v in stats.latency.values() for x in v]
    rows = []
    for kind in (*KINDS, "all"):
        values = everything if kind == "all" else stats.latency.get(kind, [])
        errors = (
            total_errors
            if kind == "all"
            else sum(n for (k, _), n in stats.errors.items() if k == kind)
        )
        if not values and not errors:
            continue
        wire = sum(stats.wire_bytes.values()) if kind == "all" else stats.wire_bytes[kind]
        rows.append(
            {
                "kind": kind,
                "ok": len(values),
                "errors": errors,
                "p50_ms": percentile(values, 0.50) * 1000 if values else None,
                "p95_ms": percentile(values, 0.95) * 1000 if values else None,
                "p99_ms": percentile(values, 0.99) * 1000 if values else None,
                "max_ms": max(values) * 1000 if values else None,
                "wire_kb_mean": wire / len(values) / 1000 if values else None,
            }
        )
    result = {
        "users": options.users,
        "seconds": options.seconds,
        "measured_seconds": seconds,
        "requests": total_ok + total_errors,
        "requests_per_second": (total_ok + total_errors) / seconds,
        "ok_per_second": total_ok / seconds,
        "errors": total_errors,
        "errors_by_kind": {f"{k} {w}": n for (k, w), n in sorted(stats.errors.items())},
        "stale_connection_retries": stats.retried,
        "sessions": stats.sessions,
        "slider_steps": stats.steps,
        "latency": rows,
        "memory": [{"t": round(t, 1), **m} for t, m in memory],
    }

    def ms(value):
        return "-" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"

    print()
    print(
        f"{options.users} users, {options.seconds:g} s (measured {seconds:.1f} s): "
        f"{result['requests']:,} requests, {result['requests_per_second']:.1f} req/s "
        f"({result['ok_per_second']:.1f} ok/s), {stats.sessions:,} sessions (page loads), "
        f"{stats.steps:,} slider steps (no request), {total_errors} errors"
    )
    if stats.errors:
        print(
            "errors by kind: " + ", ".join(f"{k}: {n}" for k, n in result["errors_by_kind"].items())
        )
    if stats.retried:
        print(f"stale kept-alive connections retried once (not errors): {stats.retried}")
    print()
    print("| request | ok | errors | p50 ms | p95 ms | p99 ms | max ms | mean kB (wire) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        kb = row["wire_kb_mean"]
        print(
            f"| {row['kind']} | {row['ok']:,} | {row['errors']} | {ms(row['p50_ms'])} | "
            f"{ms(row['p95_ms'])} | {ms(row['p99_ms'])} | {ms(row['max_ms'])} | "
            f"{'-' if kb is None else f'{kb:.1f}'} |"
        )
    print()
    print("server RSS, MiB (master + workers [+ their children]):")
    print("| t s | total | master | workers | other |")
    print("| ---: | ---: | ---: | --- | ---: |")
    for t, m in memory:
        workers = " + ".join(f"{w:.0f}" for w in m["workers"])
        print(f"| {t:.0f} | {m['total']:.0f} | {m['master']:.0f} | {workers} | {m['other']:.0f} |")
    if len(memory) >= 2:
        first, last = memory[0][1]["total"], memory[-1][1]["total"]
        print(f"memory start -> end: {first:.0f} -> {last:.0f} MiB ({last - first:+.0f} MiB)")
    p95 = next(row["p95_ms"] for row in rows if row["kind"] == "all") if everything else None
    met = p95 is not None and p95 <= options.target_ms and total_errors == 0
    result["target"] = {"p95_ms": options.target_ms, "errors": 0, "met": met}
    print()
    print(
        f"target (p95 <= {options.target_ms:g} ms, 0 errors, {options.users} users): "
        f"{'met' if met else 'missed'} (p95 {ms(p95)} ms, {total_errors} errors)"
    )
    return result


# --- main ------------------------------------------------------------------------------------


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="as gunicorn.conf.py")
    parser.add_argument("--threads", type=int, default=16, help="as gunicorn.conf.py")
    parser.add_argument("--pack", default="syria", help="a bundled pack's name or a folder")
    parser.add_argument("--think-min", type=float, default=0.2)
    parser.add_argument("--think-max", type=float, default=1.0)
    parser.add_argument("--ramp", type=float, default=None, help="start users over S s")
    parser.add_argument(
        "--upload-rate", type=float, default=0.01, help="chance an action is an upload"
    )
    parser.add_argument("--exports", action="store_true", help="rarely export a PNG too")
    parser.add_argument(
        "--export-rate", type=float, default=0.002, help="with --exports: chance per action"
    )
    parser.add_argument("--export-date", default="2024-12-05", help="the day an export shows")
    parser.add_argument("--target-ms", type=float, default=200, help="p95 of every request")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args(argv)
    if options.users < 1 or options.seconds <= 0 or options.workers < 1:
        parser.error("--users, --seconds and --workers must be positive")
    if not 0 <= options.think_min <= options.think_max:
        parser.error("need 0 <= --think-min <= --think-max")
    if options.ramp is None:
        options.ramp = min(5.0, options.seconds / 4)
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    pack = find_pack(options.pack)
    events = pack.events.read_bytes()

    def on_term(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    timeout = 200 if options.exports else 30
    server = Server(pack.root, options.workers, options.threads, timeout)
    users: list[User] = []
    threads: list[threading.Thread] = []
    stop_sampling = threading.Event()
    try:
        print("server: " + " ".join(server.command[:1] + server.command[3:]))
        print(f"pack: {pack.root}; Accept-Encoding: {ACCEPT_ENCODING}")
        server.wait_ready()
        master = server.process.pid
        before = machine_busy_seconds()
        time.sleep(2)
        idle_load = (machine_busy_seconds() - before) / 2
        print(f"machine before the run (2 s, server idle): {idle_load:.2f} cores busy")
        memory: list[tuple[float, dict]] = []
        started = time.monotonic()
        client_cpu = sum(os.times()[:2])
        machine_cpu = machine_busy_seconds()
        memory.append((0.0, server_memory(master)))
        print(f"ready; RSS {memory[0][1]['total']:.0f} MiB; {options.users} users ...", flush=True)

        def sample() -> None:
            limit = options.seconds + EXPORT_TIMEOUT + 60
            while not stop_sampling.wait(MEMORY_EVERY):
                if time.monotonic() - started > limit:
                    return
                memory.append((time.monotonic() - started, server_memory(master)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stats = Stats()
        deadline = started + options.seconds
        for number in range(options.users):
            user = User(number, server.port, stats, options, events)
            delay = options.ramp * number / options.users
            thread = threading.Thread(target=user.run, args=(delay, deadline), daemon=True)
            users.append(user)
            threads.append(thread)
            thread.start()
        last_timeout = EXPORT_TIMEOUT if options.exports else REQUEST_TIMEOUT
        join_by = deadline + 2 * last_timeout + 10
        for thread in threads:
            thread.join(max(0.0, join_by - time.monotonic()))
        ended = time.monotonic()
        stop_sampling.set()
        sampler.join(5)
        memory.append((ended - started, server_memory(master)))
        stuck = sum(thread.is_alive() for thread in threads)
        if stuck:
            print(f"warning: {stuck} users still waiting on a request after the run")
        result = report(stats, ended - started, memory, options)
        server_cpu = memory[-1][1]["cpu_s"] - memory[0][1]["cpu_s"]
        client_cpu = sum(os.times()[:2]) - client_cpu
        machine_cpu = machine_busy_seconds() - machine_cpu
        cores = {
            "server": server_cpu / (ended - started),
            "load_generator": client_cpu / (ended - started),
            "whole_machine": machine_cpu / (ended - started),
            "machine": os.cpu_count(),
        }
        cores["other_processes"] = max(
            0.0, cores["whole_machine"] - cores["server"] - cores["load_generator"]
        )
        cores["before_run"] = idle_load
        result["cpu_cores"] = cores
        print(
            f"CPU, mean cores busy of {os.cpu_count()}: whole machine "
            f"{cores['whole_machine']:.2f} = server {cores['server']:.2f} + load generator "
            f"{cores['load_generator']:.2f} + other processes {cores['other_processes']:.2f}"
            " (a worker restarted mid-run loses its count)"
        )
        result["server_command"] = server.command
        result["worker_timeouts"] = server.log_count("WORKER TIMEOUT")
        if result["worker_timeouts"]:
            print(f"gunicorn worker timeouts: {result['worker_timeouts']}")
        if stats.errors:
            print("gunicorn log, last lines:\n" + server.tail(15))
        if options.json:
            options.json.parent.mkdir(parents=True, exist_ok=True)
            options.json.write_text(json.dumps(result, indent=1))
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        for user in users:
            user.stop.set()
        stop_sampling.set()
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
