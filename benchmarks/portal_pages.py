"""Anonymous portal pages against a static file, on one gunicorn server, in one run.

Measures requests per second and latency percentiles of the home page, a news page and a
section page for anonymous visitors, and of a static file (the portal stylesheet, served by
whitenoise) from the same server in the same run, which is the reference.

Targets (see benchmarks/README.md): for each page, throughput at least half the static file's
and p95 latency under 50 ms, answered with 200 from the anonymous page cache (X-Cache: hit).

By default the script builds its own server: a temporary HROMADA_VAR_DIR, `hromada demo`,
`hromada collectstatic`, then `gunicorn -w 2` on a free 127.0.0.1 port with DEBUG off, stopped
at the end. `--base-url` benchmarks a server that is already running instead.

Load comes from wrk (Debian package `wrk`), 16 connections, a bounded duration per URL after a
warm-up; without wrk, from a Python asyncio client with the same number of connections.

Human-readable lines go to stderr; the last line on stdout is one JSON object:
{"benchmark": "portal_pages", "results": {...}}.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import ipaddress
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = "portal_pages"

CONNECTIONS = 16
TARGET_THROUGHPUT_RATIO = 0.5  # of the static file's requests per second
TARGET_P95_MS = 50.0

# Settings that would point the benchmark's own server at someone's real data or change what
# is measured; the server started here runs on SQLite and the local-memory cache in a
# temporary directory.
CLEARED_ENV = (
    "DATABASE_URL",
    "REDIS_URL",
    "TASK_BACKEND",
    "MEDIA_ROOT",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "SECRET_KEY",
    "BASE_URL",
    "HTTPS",
    "SECURE_SSL_REDIRECT",
    "PAGE_CACHE_SECONDS",
    "EMAIL_URL",
)

# Markers of a page kind in the rendered HTML (body class, or the page's own markup).
PAGE_MARKERS = {
    "news": (
        re.compile(rb'<body[^>]*class="[^"]*\bpage-news\b'),
        re.compile(rb'<article class="news"'),
    ),
    "section": (
        re.compile(rb'<body[^>]*class="[^"]*\bpage-section\b'),
        re.compile(rb'id="subsections"'),
    ),
}

WRK_SCRIPT = r"""
-- Written by benchmarks/portal_pages.py: the figures and the latency histogram, parseable.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'HROMADA_BENCH {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
  local parts = {}
  for i = 1, #latency do
    local value, count = latency(i)
    parts[#parts + 1] = string.format("%d:%d", value, count)
  end
  io.write("HROMADA_HIST ", table.concat(parts, ","), "\n")
end
"""


def log(message: str) -> None:
    print(f"[{BENCHMARK}] {message}", file=sys.stderr, flush=True)


class BenchmarkError(RuntimeError):
    pass


# --- HTTP helpers for discovery and checks ------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def get(base_url: str, path: str, headers: dict[str, str] | None = None) -> Answer:
    url = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port or 80, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def same_origin_path(base_url: str, href: str) -> str | None:
    """The path (and query) of href if it is on the benchmarked server, else None."""
    base = urllib.parse.urlsplit(base_url)
    url = urllib.parse.urlsplit(urllib.parse.urljoin(base_url + "/", href))
    if url.scheme not in {"http", "https"} or (url.netloc and url.netloc != base.netloc):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


class PageLinks(HTMLParser):
    """The stylesheets, RSS feeds and main-menu links of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.rss: list[str] = []
        self.menu: list[str] = []
        self._menu_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.stylesheets.append(a["href"])
        elif tag == "link" and "alternate" in rel and "rss" in a.get("type", "") and a.get("href"):
            self.rss.append(a["href"])
        elif tag == "ul" and (self._menu_depth or a.get("id") == "main-menu"):
            self._menu_depth += 1
        elif tag == "a" and a.get("href") and self._menu_depth:
            self.menu.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self._menu_depth:
            self._menu_depth -= 1


def page_links(body: bytes) -> PageLinks:
    parser = PageLinks()
    parser.feed(body.decode("utf-8", "replace"))
    return parser


def is_kind(kind: str, body: bytes) -> bool:
    return any(marker.search(body) for marker in PAGE_MARKERS[kind])


@dataclass
class Targets:
    static: str
    pages: dict[str, str]  # name -> path
    notes: list[dict[str, Any]] = field(default_factory=list)


def discover(base_url: str, overrides: dict[str, str | None]) -> Targets:
    """Find the stylesheet, a news page and a section page from the site itself."""
    home_path = overrides.get("home") or "/"
    home = get(base_url, home_path)
    if home.status != 200:
        raise BenchmarkError(f"GET {home_path} answered {home.status}, not 200")
    links = page_links(home.body)
    notes: list[dict[str, Any]] = []

    static = overrides.get("static")
    if not static:
        sheets = [p for p in (same_origin_path(base_url, h) for h in links.stylesheets) if p]
        if not sheets:
            raise BenchmarkError("the home page links no stylesheet on this server")
        static = sheets[0]

    news = overrides.get("news")
    if not news:
        news = _pick(base_url, "news", _news_candidates(base_url, links), notes)
    section = overrides.get("section")
    if not section:
        news_index = "/" + news.strip("/").split("/")[0] + "/" if news.strip("/") else None
        menu = [p for p in (same_origin_path(base_url, h) for h in links.menu) if p]
        candidates = [p for p in dict.fromkeys(menu) if p not in {"/", news_index}]
        section = _pick(base_url, "section", candidates, notes)
    return Targets(
        static=static, pages={"home": home_path, "news": news, "section": section}, notes=notes
    )


def _news_candidates(base_url: str, links: PageLinks) -> list[str]:
    """News pages in the order of the site's RSS feed (newest first)."""
    for href in links.rss:
        path = same_origin_path(base_url, href)
        if not path:
            continue
        feed = get(base_url, path)
        if feed.status != 200:
            continue
        try:
            root = ET.fromstring(feed.body)
        except ET.ParseError:
            continue
        items = [urllib.parse.urlsplit(item.findtext("link") or "") for item in root.iter("item")]
        paths = [u.path + (f"?{u.query}" if u.query else "") for u in items if u.path]
        if paths:
            return paths
    raise BenchmarkError("no news page found: the home page links no RSS feed with items")


def _pick(base_url: str, kind: str, candidates: list[str], notes: list[dict[str, Any]]) -> str:
    """The first candidate that answers 200 and looks like a page of this kind.

    Candidates that answer anything but 200 are skipped and reported (they are site bugs the
    benchmark should not hide); with no page that looks like the kind, the first 200 is used.
    """
    fallback = None
    for path in candidates[:20]:
        answer = get(base_url, path)
        if answer.status != 200:
            notes.append({"kind": kind, "path": path, "status": answer.status, "skipped": True})
            log(f"warning: {kind} candidate {path} answered {answer.status}; skipped")
            continue
        if is_kind(kind, answer.body):
            return path
        fallback = fallback or path
    if fallback:
        notes.append({"kind": kind, "path": fallback, "note": "no page marked as this kind"})
        return fallback
    raise BenchmarkError(f"no {kind} page answering 200 among {candidates[:20]}")


# --- The server under test ----------------------------------------------------------------


def venv_bin(name: str) -> str:
    for directory in (Path(sys.executable).parent, ROOT / ".venv" / "bin"):
        if (directory / name).exists():
            return str(directory / name)
    found = shutil.which(name)
    if not found:
        raise BenchmarkError(f"{name} not found; run `make install` first")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    command: list[str] | None = None
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    master_pid: int | None = None  # gunicorn's master: its children are the workers

    def worker_cpu_seconds(self) -> float | None:
        """CPU time used so far by the gunicorn workers (Linux /proc), else None."""
        master = self.process.pid if self.process else self.master_pid
        if master is None or not Path("/proc").is_dir():
            return None
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:  # ppid
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / ticks


def server_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="hromada.config.settings",
        HROMADA_VAR_DIR=str(var_dir),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        FETCH_VIDEO_EMBEDS="false",
        LOG_LEVEL="WARNING",
    )
    return env


def run_step(command: list[str], env: dict[str, str], log_path: Path, timeout: float) -> None:
    log(f"$ {' '.join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))}")
    with log_path.open("ab") as out:
        result = subprocess.run(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout
        )
    if result.returncode != 0:
        raise BenchmarkError(f"{command} failed; see {log_path}:\n{tail(log_path)}")


def tail(path: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


@contextlib.contextmanager
def own_server(workers: int, keep: bool) -> Iterator[Server]:
    var_dir = Path(tempfile.mkdtemp(prefix="hromada-bench-"))
    env = server_env(var_dir)
    setup_log = var_dir / "setup.log"
    server: Server | None = None
    try:
        started = time.monotonic()
        run_step([venv_bin("hromada"), "demo"], env, setup_log, timeout=900)
        run_step([venv_bin("hromada"), "collectstatic", "--noinput", "-v0"], env, setup_log, 300)
        log(f"demo city ready in {time.monotonic() - started:.0f} s ({var_dir})")

        port = free_port()
        command = [
            venv_bin("gunicorn"),
            "hromada.config.wsgi:application",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--no-control-socket",
        ]
        log_path = var_dir / "gunicorn.log"
        log(f"$ gunicorn {' '.join(command[1:])}")
        with log_path.open("ab") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        server = Server(f"http://127.0.0.1:{port}", command, process, log_path)
        wait_until_up(server, timeout=120)
        yield server
    finally:
        if server and server.process:
            stop(server.process)
        if keep:
            log(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


def wait_until_up(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process and server.process.poll() is not None:
            raise BenchmarkError(
                f"gunicorn exited:\n{tail(server.log_path) if server.log_path else ''}"
            )
        with contextlib.suppress(OSError, http.client.HTTPException):
            if get(server.base_url, "/").status == 200:
                return
        time.sleep(0.25)
    raise BenchmarkError(f"gunicorn did not answer 200 on / within {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # graceful: idle sync workers exit at once
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def check_loopback(base_url: str) -> None:
    host = urllib.parse.urlsplit(base_url).hostname
    if not host:
        raise BenchmarkError(f"--base-url {base_url!r} has no host")
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    if not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise BenchmarkError(
            f"{host} is not a loopback address; pass --allow-non-loopback to load it anyway"
        )


# --- Load generators ----------------------------------------------------------------------


@dataclass
class Run:
    """One load run against one URL."""

    requests: int
    duration_s: float
    histogram: Counter[int]  # latency in microseconds -> count
    errors: dict[str, int]
    p95_ms_reported: float  # as the generator itself reported it for this run
    generator_cpu_s: float
    server_cpu_s: float | None = None


def find_wrk(install: bool) -> tuple[str | None, str | None]:
    path = shutil.which("wrk")
    if (
        not path
        and install
        and hasattr(os, "geteuid")
        and os.geteuid() == 0
        and shutil.which("apt-get")
    ):
        log("wrk is missing; installing the Debian package (apt-get install wrk)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        apt = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        if subprocess.run(apt, timeout=600, check=False, **quiet).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], timeout=600, check=False, **quiet)
            subprocess.run(apt, timeout=600, check=False, **quiet)
        path = shutil.which("wrk")
    if not path:
        return None, None
    out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10)
    match = re.search(r"wrk (\S+)", out.stdout + out.stderr)
    if not match:
        return None, None  # some other program called wrk
    return path, match.group(1)


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(
    wrk: str, script: Path, url: str, seconds: float, threads: int, connections: int
) -> Run:
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    cpu_before = children_cpu_seconds()
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    cpu = children_cpu_seconds() - cpu_before
    summary = next(
        (ln for ln in result.stdout.splitlines() if ln.startswith("HROMADA_BENCH ")), None
    )
    hist = next((ln for ln in result.stdout.splitlines() if ln.startswith("HROMADA_HIST ")), None)
    if result.returncode != 0 or summary is None or hist is None:
        raise BenchmarkError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    data = json.loads(summary.split(" ", 1)[1])
    histogram: Counter[int] = Counter()
    for pair in hist.split(" ", 1)[1].strip().split(","):
        if pair:
            value, count = pair.split(":")
            histogram[int(value)] += int(count)
    return Run(
        requests=data["requests"],
        duration_s=data["duration_us"] / 1e6,
        histogram=histogram,
        errors=data["errors"],
        p95_ms_reported=data["p95_us"] / 1000,
        generator_cpu_s=cpu,
    )


class HttpProtocolError(Exception):
    pass


async def _read_response(
    loop: asyncio.AbstractEventLoop, sock: socket.socket, buffer: bytes
) -> tuple[int, bool, bytes]:
    """Read one response; return (status, keep-alive, bytes left over)."""
    while b"\r\n\r\n" not in buffer:
        chunk = await loop.sock_recv(sock, 65536)
        if not chunk:
            raise ConnectionResetError("closed before the response headers")
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/"):
        raise HttpProtocolError(f"bad status line {lines[0]!r}")
    status = int(parts[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip().lower()
    if b"chunked" in headers.get(b"transfer-encoding", b""):
        raise HttpProtocolError("chunked responses are not supported by the Python client")
    keep_alive = parts[0] == b"HTTP/1.1" and headers.get(b"connection") != b"close"
    if b"content-length" in headers:
        length = int(headers[b"content-length"])
        while len(rest) < length:
            chunk = await loop.sock_recv(sock, 65536)
            if not chunk:
                raise ConnectionResetError("closed inside the response body")
            rest += chunk
        return status, keep_alive, rest[length:]
    while chunk := await loop.sock_recv(sock, 65536):  # body runs to the end of the connection
        pass
    return status, False, b""


async def _python_load(host: str, port: int, path: str, seconds: float, connections: int) -> Run:
    loop = asyncio.get_running_loop()
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: hromada-bench\r\n"
        "Accept: */*\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    histogram: Counter[int] = Counter()
    errors = dict.fromkeys(("connect", "read", "write", "status", "timeout"), 0)
    completed = 0
    deadline = time.monotonic() + seconds

    async def connection() -> None:
        nonlocal completed
        sock: socket.socket | None = None
        buffer = b""
        reused = False
        try:
            while time.monotonic() < deadline:
                if sock is None:
                    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                    sock.setblocking(False)
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    try:
                        await loop.sock_connect(sock, (host, port))
                    except OSError:
                        errors["connect"] += 1
                        sock.close()
                        sock = None
                        await asyncio.sleep(0.01)
                        continue
                    buffer, reused = b"", False
                start = time.perf_counter()
                try:
                    await loop.sock_sendall(sock, request)
                    status, keep_alive, buffer = await _read_response(loop, sock, buffer)
                except (OSError, HttpProtocolError, ValueError) as error:
                    # A kept-alive connection that the server closed while idle is no error.
                    if not (reused and isinstance(error, ConnectionError)):
                        errors["write" if isinstance(error, BrokenPipeError) else "read"] += 1
                    sock.close()
                    sock = None
                    continue
                histogram[round((time.perf_counter() - start) * 1e6)] += 1
                completed += 1
                if status > 399:
                    errors["status"] += 1
                if keep_alive:
                    reused = True
                else:
                    sock.close()
                    sock = None
        finally:
            if sock is not None:
                sock.close()

    cpu_before = time.process_time()
    started = time.monotonic()
    tasks = [asyncio.create_task(connection()) for _ in range(connections)]
    _, pending = await asyncio.wait(tasks, timeout=seconds + 10)
    for task in pending:  # stuck on a request that never finished
        task.cancel()
        errors["timeout"] += 1
    await asyncio.gather(*pending, return_exceptions=True)
    elapsed = time.monotonic() - started
    p95 = percentile(histogram, 95)
    return Run(
        requests=completed,
        duration_s=elapsed,
        histogram=histogram,
        errors=errors,
        p95_ms_reported=p95 / 1000,
        generator_cpu_s=time.process_time() - cpu_before,
    )


def run_python(url: str, seconds: float, connections: int) -> Run:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return asyncio.run(
        _python_load(parts.hostname or "127.0.0.1", parts.port or 80, path, seconds, connections)
    )


def percentile(histogram: Counter[int], p: float) -> float:
    """The smallest latency (µs) with at least p% of the recorded requests at or below it."""
    total = sum(histogram.values())
    if not total:
        return 0.0
    rank = p / 100 * total
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return float(value)
    return float(max(histogram))


# --- The benchmark ------------------------------------------------------------------------


def check_page(base_url: str, path: str, tries: int = 6) -> dict[str, Any]:
    """After warm-up: every plain anonymous GET answers 200 from the cache."""
    answers = [get(base_url, path) for _ in range(tries)]
    statuses = sorted({a.status for a in answers})
    caches = sorted({a.headers.get("x-cache", "") for a in answers})
    return {
        "status": statuses[0] if len(statuses) == 1 else statuses,
        "x_cache": caches[0] if len(caches) == 1 else caches,
        "ok": statuses == [200] and caches == ["hit"],
    }


def check_static(base_url: str, path: str) -> dict[str, Any]:
    answer = get(base_url, path)
    content_type = answer.headers.get("content-type", "")
    return {"status": answer.status, "content_type": content_type, "ok": answer.status == 200}


def check_session_bypass(base_url: str, path: str) -> bool:
    """A request with a session cookie is never answered from the page cache."""
    answer = get(base_url, path, {"Cookie": "sessionid=benchmark-not-a-session"})
    return answer.status == 200 and answer.headers.get("x-cache") is None


def summarise(runs: list[Run]) -> dict[str, Any]:
    histogram: Counter[int] = Counter()
    for run in runs:
        histogram.update(run.histogram)
    requests = sum(r.requests for r in runs)
    duration = sum(r.duration_s for r in runs)
    errors = Counter[str]()
    for run in runs:
        errors.update(run.errors)
    server_cpu = [r.server_cpu_s for r in runs]
    result: dict[str, Any] = {
        "requests": requests,
        "duration_s": round(duration, 2),
        "rps": round(requests / duration, 1) if duration else 0.0,
        "p50_ms": round(percentile(histogram, 50) / 1000, 2),
        "p95_ms": round(percentile(histogram, 95) / 1000, 2),
        "p99_ms": round(percentile(histogram, 99) / 1000, 2),
        "max_ms": round(max(histogram, default=0) / 1000, 2),
        "p95_ms_per_round": [round(r.p95_ms_reported, 2) for r in runs],
        "rps_per_round": [
            round(r.requests / r.duration_s, 1) if r.duration_s else 0.0 for r in runs
        ],
        "errors": {k: errors.get(k, 0) for k in ("connect", "read", "write", "status", "timeout")},
        "generator_cpu_share_of_one_core": round(sum(r.generator_cpu_s for r in runs) / duration, 2)
        if duration
        else None,
    }
    known = [c for c in server_cpu if c is not None]
    if requests and len(known) == len(server_cpu):
        result["server_cpu_ms_per_request"] = round(sum(known) / requests * 1000, 3)
    return result


def benchmark(server: Server, args: argparse.Namespace, work_dir: Path) -> dict[str, Any]:
    targets = discover(
        server.base_url,
        {
            "home": args.home_path,
            "news": args.news_path,
            "section": args.section_path,
            "static": args.static_path,
        },
    )
    names = ["static", *targets.pages]
    paths = {"static": targets.static, **targets.pages}
    for name in names:
        log(f"{name:8} {paths[name]}")

    wrk, wrk_version = (None, None)
    if args.generator in {"auto", "wrk"}:
        wrk, wrk_version = find_wrk(install=not args.no_install)
        if wrk is None and args.generator == "wrk":
            raise BenchmarkError("wrk not found: apt-get install wrk")
        if wrk is None:
            log("wrk not found (Debian: apt-get install wrk); using the Python asyncio client")
    script = work_dir / "report.lua"
    script.write_text(WRK_SCRIPT)

    def load(name: str, seconds: float) -> Run:
        url = server.base_url + paths[name]
        cpu_before = server.worker_cpu_seconds()
        if wrk:
            run = run_wrk(wrk, script, url, seconds, args.threads, args.connections)
        else:
            run = run_python(url, seconds, args.connections)
        cpu_after = server.worker_cpu_seconds()
        if cpu_before is not None and cpu_after is not None:
            run.server_cpu_s = cpu_after - cpu_before
        return run

    log(f"warm-up: {args.warmup:g} s per URL")
    for name in names:
        load(name, args.warmup)

    checks: dict[str, Any] = {"static": check_static(server.base_url, paths["static"])}
    for name in targets.pages:
        checks[name] = check_page(server.base_url, paths[name])
    checks["session_cookie_bypasses_cache"] = check_session_bypass(server.base_url, paths["home"])
    for name, check in checks.items():
        log(f"check {name}: {check}")

    per_round = args.duration / args.rounds
    runs: dict[str, list[Run]] = {name: [] for name in names}
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    for number in range(args.rounds):
        for name in names:
            run = load(name, per_round)
            runs[name].append(run)
            rps = run.requests / run.duration_s
            log(
                f"round {number + 1}/{args.rounds} {name:8} {rps:8.1f} req/s"
                f"  p95 {run.p95_ms_reported:6.2f} ms  errors {sum(run.errors.values())}"
            )
    load_after = os.getloadavg() if hasattr(os, "getloadavg") else None

    reference = {"path": paths["static"], **summarise(runs["static"]), "check": checks["static"]}
    pages: dict[str, Any] = {}
    for name, path in targets.pages.items():
        figures = summarise(runs[name])
        ratio = figures["rps"] / reference["rps"] if reference["rps"] else 0.0
        correct = checks[name]["ok"] and not any(figures["errors"].values())
        met = {
            "throughput_at_least_half_static": ratio >= TARGET_THROUGHPUT_RATIO,
            "p95_under_50_ms": figures["p95_ms"] < TARGET_P95_MS,
            "status_200_and_cache_hit": correct,
        }
        pages[name] = {
            "path": path,
            **figures,
            "throughput_vs_static": round(ratio, 2),
            "check": checks[name],
            "targets_met": met,
        }

    generator = f"wrk {wrk_version}" if wrk else "python-asyncio"
    return {
        "generator": generator,
        "latency_note": (
            "wrk percentiles, corrected by wrk for coordinated omission; p95_ms pools the "
            "rounds' histograms"
            if wrk
            else "measured per request from send to last byte; no correction"
        ),
        "server": {
            "base_url": server.base_url,
            "started_by_benchmark": server.command is not None,
            "command": " ".join(["gunicorn", *server.command[1:]]) if server.command else None,
        },
        "connections": args.connections,
        "wrk_threads": args.threads if wrk else None,
        "seconds_per_url": args.duration,
        "rounds": args.rounds,
        "warmup_seconds_per_url": args.warmup,
        "machine": {
            "cpus": os.cpu_count(),
            # At the start of the script (before this benchmark added any load), then around
            # the measured rounds. Anything well above 0 at the start is other work on the
            # machine competing with the server for its cores.
            "loadavg_at_start": args.loadavg_at_start,
            "loadavg_before_rounds": [round(x, 2) for x in load_before] if load_before else None,
            "loadavg_after_rounds": [round(x, 2) for x in load_after] if load_after else None,
            "python": sys.version.split()[0],
        },
        "targets": {
            "throughput_vs_static_at_least": TARGET_THROUGHPUT_RATIO,
            "p95_ms_under": TARGET_P95_MS,
        },
        "reference_static": reference,
        "pages": pages,
        "session_cookie_bypasses_cache": checks["session_cookie_bypasses_cache"],
        "discovery_notes": targets.notes,
        "all_targets_met": all(all(p["targets_met"].values()) for p in pages.values()),
    }


def print_table(results: dict[str, Any]) -> None:
    rows = [("static (reference)", results["reference_static"])]
    rows += [(name, page) for name, page in results["pages"].items()]
    print(f"{'target':20} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  path")
    for name, row in rows:
        print(
            f"{name:20} {row['rps']:9.1f} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} "
            f"{row['p99_ms']:8.2f}  {row['path']}"
        )
    for name, page in results["pages"].items():
        missed = [target for target, ok in page["targets_met"].items() if not ok]
        print(f"{name}: {'all targets met' if not missed else 'MISSED ' + ', '.join(missed)}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="benchmark this running server instead of starting one")
    parser.add_argument(
        "--duration", type=float, default=10.0, help="measured seconds per URL [10]"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="interleaved rounds the duration is split into [2]"
    )
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per URL [2]")
    parser.add_argument(
        "--connections", type=int, default=CONNECTIONS, help="concurrent connections [16]"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads [2]")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers of the server started here [2]"
    )
    parser.add_argument(
        "--server-pid", type=int, help="with --base-url: gunicorn master pid, to count worker CPU"
    )
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--allow-non-loopback", action="store_true", help="allow a non-loopback --base-url"
    )
    for name in ("home", "news", "section", "static"):
        parser.add_argument(f"--{name}-path", help=f"the {name} URL path instead of discovering it")
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 600 or not 0 <= args.warmup <= 60 or not 1 <= args.rounds <= 10:
        parser.error("keep --duration in (0, 600], --warmup in [0, 60] and --rounds in [1, 10]")
    if not 1 <= args.connections <= 1000 or args.threads < 1 or args.connections < args.threads:
        parser.error("need 1 <= --threads <= --connections <= 1000")
    if args.duration / args.rounds < 1:
        parser.error("each round needs at least one second per URL")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.loadavg_at_start = None
    if hasattr(os, "getloadavg"):
        args.loadavg_at_start = [round(x, 2) for x in os.getloadavg()]
        if args.loadavg_at_start[0] >= 1:
            log(
                f"warning: load average {args.loadavg_at_start[0]} before starting: other work "
                "on this machine will compete with the server and make the figures noisier"
            )
    results: dict[str, Any]
    code = 0
    with tempfile.TemporaryDirectory(prefix="hromada-bench-load-") as work:
        try:
            if args.base_url:
                base_url = args.base_url.rstrip("/")
                if not args.allow_non_loopback:
                    check_loopback(base_url)
                server = Server(base_url, master_pid=args.server_pid)
                results = benchmark(server, args, Path(work))
            else:
                with own_server(args.workers, args.keep) as server:
                    results = benchmark(server, args, Path(work))
        except (
            BenchmarkError,
            OSError,
            subprocess.SubprocessError,
            http.client.HTTPException,
        ) as error:
            log(f"error: {error}")
            results = {"error": str(error), "all_targets_met": False}
            code = 2
    if code == 0:
        print_table(results)
        correct = all(
            p["targets_met"]["status_200_and_cache_hit"] for p in results["pages"].values()
        )
        if not correct or not results["reference_static"]["check"]["ok"]:
            code = 1  # wrong answers are a failure whatever the timing
        elif args.strict and not results["all_targets_met"]:
            code = 1
    print(json.dumps({"benchmark": BENCHMARK, "results": results}, ensure_ascii=False))
    return code


if __name__ == "__main__":
    sys.exit(main())
