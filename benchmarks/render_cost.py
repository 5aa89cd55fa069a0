"""Server CPU per request: every public page type uncached and cached, the staff lists, and the
project's own static file, through one gunicorn worker, in one run.

The figure is the worker's CPU time (utime + stime from /proc, so a busy machine does not
inflate it the way it inflates wall time) divided by the requests it answered. A page is
measured *uncached* with a query string new on every request (the anonymous page cache never
has it) and *cached* by repeating one address. The reference is the portal's stylesheet served
by whitenoise from the same worker in the same run; every figure carries its ratio to it and
the machine's load average when it was taken.

Targets (issue 27): every public page type uncached ≤ 8 ms of CPU per request, site search
≤ 15 ms, the CKAN `package_search` action ≤ 3 ms. Staff lists are reported (CPU, p95 of one
user), without a target here.

Usage: `DATABASE_URL=postgres://…/db python benchmarks/render_cost.py` against a database
holding the demo city (`hromada demo`); the server started here runs with DEBUG off, the
local-memory cache and its own temporary static folder, on a free 127.0.0.1 port, stopped at
the end. Human-readable lines go to stderr; the last line on stdout is one JSON object:
{"benchmark": "render_cost", "results": {...}}.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = "render_cost"
TARGET_PAGE_MS = 8.0
TARGET_SEARCH_MS = 15.0
TARGET_PACKAGE_SEARCH_MS = 3.0
SEARCH_WORD = urllib.parse.quote("міськ")
CLEARED_ENV = ("REDIS_URL", "TASK_BACKEND", "PAGE_CACHE_SECONDS", "EMAIL_URL", "BASE_URL")


def log(message: str) -> None:
    print(f"[{BENCHMARK}] {message}", file=sys.stderr, flush=True)


def load() -> float | None:
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def venv_bin(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else (shutil.which(name) or name)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


class Server:
    """One gunicorn worker; its CPU read from /proc."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        command = [
            venv_bin("gunicorn"),
            "hromada.config.wsgi:application",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{self.port}",
            "--no-control-socket",
        ]
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {log_path}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.get("/robots.txt").status == 200:
                    return
            self.connection.close()
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 120 s")

    def get(self, path: str, cookie: str = "") -> Answer:
        headers = {"Cookie": cookie} if cookie else {}
        started = time.perf_counter()
        try:
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()  # the worker closes idle keep-alive: once more, fresh
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
            body = response.read()
        seconds = time.perf_counter() - started
        return Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, body, seconds
        )

    def worker_cpu(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    total += int(fields[11]) + int(fields[12])
        return total / ticks

    def stop(self) -> None:
        self.connection.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log.close()


def measure(server: Server, paths: list[str], cookie: str = "") -> dict[str, Any]:
    """CPU per request over these requests, answered one after the other."""
    times: list[float] = []
    statuses: set[int] = set()
    caches: set[str] = set()
    before_load = load()
    cpu_before = server.worker_cpu()
    for path in paths:
        answer = server.get(path, cookie)
        times.append(answer.seconds)
        statuses.add(answer.status)
        caches.add(answer.headers.get("x-cache", "-"))
    cpu = server.worker_cpu() - cpu_before
    times.sort()
    return {
        "cpu_ms_per_request": round(cpu * 1000 / len(paths), 2),
        "wall_p50_ms": round(times[len(times) // 2] * 1000, 2),
        "wall_p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 2),
        "requests": len(paths),
        "statuses": sorted(statuses),
        "x_cache": sorted(caches),
        "load_1m": [before_load, load()],
    }


def unique(path: str, count: int) -> list[str]:
    joiner = "&" if "?" in path else "?"
    run = uuid.uuid4().hex[:6]
    return [f"{path}{joiner}rc={run}{i}" for i in range(count)]


def discover(env: dict[str, str]) -> dict[str, Any]:
    """The first live page of every page type, record pages, staff lists and a staff session,
    read in-process from the same database."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from wagtail.admin.viewsets import viewsets
    from wagtail.admin.viewsets.model import ModelViewSet
    from wagtail.models import Page

    pages: dict[str, str] = {}
    public = Page.objects.live().public().filter(depth__gt=1)
    for content_type in set(public.values_list("content_type", flat=True)):
        page = public.filter(content_type=content_type).order_by("path").first()
        url = page.specific.get_url() if page else None
        if page and url:
            pages[type(page.specific).__name__] = url

    user, _ = get_user_model().objects.get_or_create(
        username="render-cost-bench", defaults={"is_superuser": True, "is_staff": True}
    )
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()

    wanted = {
        "correspondence.document": "journal",
        "acts.act": "acts",
        "opendata.dataset": "catalogue",
        "organizations.organization": "organizations",
        "participation.petition": "petitions",
        "participation.problemreport": "problems",
        "participation.budgetproject": "budget_projects",
    }
    staff = {"dashboard": "/admin/"}
    for viewset in viewsets.viewsets:
        if isinstance(viewset, ModelViewSet):
            label = wanted.get(viewset.model._meta.label_lower)
            if label and label not in staff:
                with contextlib.suppress(Exception):
                    staff[label] = reverse(viewset.get_url_name("index"))
    return {
        "pages": pages,
        "staff": staff,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    }


def first_link(server: Server, path: str, pattern: str) -> str | None:
    found = re.search(pattern.encode(), server.get(path).body)
    return found.group(1).decode() if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per figure [40]")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        log("set DATABASE_URL to a database holding the demo city (hromada demo)")
        return 2
    work = Path(tempfile.mkdtemp(prefix="hromada-render-cost-"))
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_ENV}
    env.update(
        DJANGO_SETTINGS_MODULE="hromada.config.settings",
        HROMADA_VAR_DIR=str(work),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        FETCH_VIDEO_EMBEDS="false",
    )
    subprocess.run(
        [venv_bin("hromada"), "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    found = discover(env)
    server = Server(env, work / "gunicorn.log")
    n = args.requests
    results: dict[str, Any] = {"load_1m_at_start": load(), "requests_per_figure": n}
    try:
        home = server.get("/").body
        sheet = re.search(rb'href="(/static/[^"]+\.css)"', home)
        assert sheet, "no stylesheet linked from the home page"
        static = measure(server, [sheet.group(1).decode()] * (n * 4))
        results["static_file"] = static
        static_ms = max(static["cpu_ms_per_request"], 0.01)

        targets: dict[str, str] = dict(found["pages"])
        for name, sitemap in (("act", "acts"), ("organization", "organizations")):
            loc = first_link(
                server, f"/sitemap-{sitemap}.xml", r"<loc>https?://[^/]+(/[^<]*)</loc>"
            )
            if loc:
                targets[name] = loc
        if "OpenDataPage" in targets:
            dataset = first_link(server, targets["OpenDataPage"], r'href="([^"]*/dataset/[^"/]+/)"')
            if dataset:
                targets["dataset"] = dataset
        targets["news_rss"] = "/news/rss.xml"
        targets["sitemap"] = "/sitemap.xml"

        pages: dict[str, Any] = {}
        for name, path in targets.items():
            server.get(path)  # warm the process (imports, templates) for this page type
            uncached = measure(server, unique(path, n))
            cached = measure(server, [path] * n)
            uncached["ratio_to_static"] = round(uncached["cpu_ms_per_request"] / static_ms, 1)
            cached["ratio_to_static"] = round(cached["cpu_ms_per_request"] / static_ms, 1)
            pages[name] = {
                "path": path,
                "uncached": uncached,
                "cached": cached,
                "target_uncached_ms": TARGET_PAGE_MS,
                "met": uncached["cpu_ms_per_request"] <= TARGET_PAGE_MS
                and uncached["statuses"] == [200],
            }
            log(
                f"{name:28} uncached {uncached['cpu_ms_per_request']:7.2f} ms  "
                f"cached {cached['cpu_ms_per_request']:5.2f} ms  load {uncached['load_1m']}"
            )
        results["pages"] = pages

        server.get(f"/search/?q={SEARCH_WORD}")
        search = measure(server, unique(f"/search/?q={SEARCH_WORD}", n))
        search.update(
            target_ms=TARGET_SEARCH_MS, met=search["cpu_ms_per_request"] <= TARGET_SEARCH_MS
        )
        results["site_search"] = search
        package_path = "/api/3/action/package_search?rows=10"
        server.get(package_path)
        package = measure(server, unique(package_path, n))
        package.update(
            target_ms=TARGET_PACKAGE_SEARCH_MS,
            met=package["cpu_ms_per_request"] <= TARGET_PACKAGE_SEARCH_MS,
        )
        results["package_search"] = package
        log(
            f"site search {search['cpu_ms_per_request']} ms, package_search "
            f"{package['cpu_ms_per_request']} ms"
        )

        staff: dict[str, Any] = {}
        for name, path in found["staff"].items():
            server.get(path, found["cookie"])
            figure = measure(server, [path] * max(n // 2, 5), found["cookie"])
            figure["path"] = path
            staff[name] = figure
            log(
                f"staff {name:20} {figure['cpu_ms_per_request']:7.2f} ms  "
                f"p95 {figure['wall_p95_ms']} ms"
            )
        results["staff_lists"] = staff
        results["all_targets_met"] = (
            all(page["met"] for page in pages.values()) and search["met"] and package["met"]
        )
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"benchmark": BENCHMARK, "results": results}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
