"""Participatory-budget voting under load (issue 10): `--voters` (200) residents vote at once
through the public budget page served by gunicorn, each sending its ballot twice at the same
instant (a double click), against the database of DATABASE_URL (PostgreSQL for the target).

Setup (removed again at the end unless `--keep`): a cycle of year `--year` in its voting phase
with 6 accepted projects in 2 categories, and `--voters` verified residents, each logged in by
a session made directly (no password hashing). The demo city is loaded first when the database
has no budget page.

Measured in the same run:
(a) reference: GET /robots.txt, one request per voter, all at once;
(b) POST of a vote (2 projects) to the budget page, both copies of every ballot at once.

Checks: every valid vote counted exactly once (votes rows == 2 × voters; each project's
counter equals its rows; no resident has a duplicate), and p95 of (b) under 200 ms.
The last line on stdout is one JSON object {"benchmark": "voting", "results": …}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
BIN = Path(sys.executable).parent
SESSIONS: list[str] = []  # the sessions this run created, deleted by cleanup()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(percentile(values, 0.95) * 1000, 2),
        "max_ms": round(max(values) * 1000, 2),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(port: int, method: str, path: str, headers: dict[str, str], body: str = "") -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response
    finally:
        connection.close()


@dataclass
class Voter:
    session: str
    csrf: str

    def headers(self) -> dict[str, str]:
        return {
            "Cookie": f"sessionid={self.session}; csrftoken={self.csrf}",
            "Host": "127.0.0.1",
        }

    def get(self, port: int, path: str) -> int:
        return int(request(port, "GET", path, self.headers())[0])

    def post(self, port: int, path: str, body: str) -> int:
        headers = {**self.headers(), "Content-Type": "application/x-www-form-urlencoded"}
        return int(request(port, "POST", path, headers, body)[0])


def setup(year: int, voters: int) -> tuple[Any, list[str], str]:
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from hromada.participation.models import (
        BudgetCategory,
        BudgetCycle,
        BudgetPage,
        BudgetProject,
        ProjectStatus,
        Resident,
    )

    page = BudgetPage.objects.live().first()
    if page is None:
        from django.core.management import call_command

        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        page = BudgetPage.objects.live().get()
    today = timezone.localdate()
    cycle = BudgetCycle.objects.create(
        year=year,
        budget=Decimal("1000000"),
        project_cost_limit=Decimal("500000"),
        votes_per_resident=2,
        submission_start=today - dt.timedelta(days=90),
        submission_end=today - dt.timedelta(days=60),
        review_end=today - dt.timedelta(days=30),
        voting_start=today - dt.timedelta(days=1),
        voting_end=today + dt.timedelta(days=10),
        results_on=today + dt.timedelta(days=20),
    )
    categories = [
        BudgetCategory.objects.create(cycle=cycle, name=f"Категорія {n}", votes_limit=1)
        for n in (1, 2)
    ]
    for number in range(6):
        BudgetProject.objects.create(
            cycle=cycle,
            category=categories[number % 2],
            author_name="Бенчмарк",
            title=f"Проєкт {number}",
            description="—",
            cost=Decimal("100000"),
            status=ProjectStatus.ACCEPTED,
        )
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [
            user_model(username=f"bench-voter-{year}-{n}", email="", password="!")
            for n in range(voters)
        ]
    )
    now = timezone.now()
    Resident.objects.bulk_create(
        [
            Resident(
                user=user,
                full_name=f"Виборець {n}",
                consent_at=now,
                email_confirmed_at=now,
                verified_at=now,
                verified_document="passport",
            )
            for n, user in enumerate(users)
        ]
    )
    cookies = []
    for user in user_model.objects.filter(username__startswith=f"bench-voter-{year}-"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(session.session_key or "")
    SESSIONS.extend(cookies)
    return cycle, cookies, page.url


def cleanup(year: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    from hromada.participation.models import BudgetCycle, BudgetProject, BudgetVote, Resident

    cycle = BudgetCycle.objects.filter(year=year).first()
    if cycle is not None:
        BudgetVote.objects.filter(cycle=cycle).delete()
        BudgetProject.objects.filter(cycle=cycle).delete()
        cycle.categories.all().delete()
        cycle.delete()
    users = get_user_model().objects.filter(username__startswith=f"bench-voter-{year}-")
    Resident.objects.filter(user__in=users).delete()
    users.delete()
    Session.objects.filter(session_key__in=SESSIONS).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--year", type=int, default=2097, help="year of the generated cycle")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--log", default="", help="write gunicorn's log (and errors) here")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    os.environ.setdefault("TASK_BACKEND", "immediate")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # pages need the manifest
    cleanup(args.year)
    cycle, cookies, page_url = setup(args.year, args.voters)
    project_ids = list(cycle.projects.order_by("pk").values_list("pk", flat=True))

    port = free_port()
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    log = open(args.log or os.devnull, "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "hromada.config.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--threads",
            "8",
            "--no-control-socket",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(port, "GET", "/robots.txt", {})[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)

        path = f"{page_url}?year={args.year}"
        clients = [
            Voter(session=key, csrf=f"benchcsrf{number:023d}") for number, key in enumerate(cookies)
        ]
        clients[0].get(port, path)  # warm the page once
        barrier = threading.Barrier(len(clients) * 2)
        reference_barrier = threading.Barrier(len(clients))
        vote_times: list[float] = []
        reference_times: list[float] = []
        statuses: list[int] = []
        lock = threading.Lock()

        def reference(client: Voter) -> None:
            reference_barrier.wait()
            started = time.perf_counter()
            client.get(port, "/robots.txt")
            with lock:
                reference_times.append(time.perf_counter() - started)

        def vote(index: int, client: Voter) -> None:
            choice = [project_ids[index % 6], project_ids[(index + 1) % 6]]
            body = urlencode(
                [("project", str(pk)) for pk in choice] + [("csrfmiddlewaretoken", client.csrf)]
            )
            barrier.wait()
            started = time.perf_counter()
            status = client.post(port, path, body)
            with lock:
                vote_times.append(time.perf_counter() - started)
                statuses.append(status)

        with ThreadPoolExecutor(max_workers=len(clients) * 2) as pool:
            list(pool.map(reference, clients))
        with ThreadPoolExecutor(max_workers=len(clients) * 2) as pool:
            futures = [
                pool.submit(vote, index, client)
                for index, client in enumerate(clients)
                for _ in range(2)
            ]
            for future in futures:
                future.result()
    finally:
        server.terminate()
        server.wait(timeout=15)

    from django.db.models import Count

    from hromada.participation.models import BudgetProject, BudgetVote

    votes = BudgetVote.objects.filter(cycle=cycle)
    duplicates = votes.values("resident", "project").annotate(n=Count("pk")).filter(n__gt=1).count()
    counters_match = all(
        project.votes == votes.filter(project=project).count()
        for project in BudgetProject.objects.filter(cycle=cycle)
    )
    accepted = statuses.count(302)
    results = {
        "voters": args.voters,
        "requests": len(statuses),
        "accepted": accepted,
        "refused": len(statuses) - accepted,
        "status_codes": {str(code): statuses.count(code) for code in sorted(set(statuses))},
        "votes_counted": votes.count(),
        "votes_expected": 2 * args.voters,
        "duplicates": duplicates,
        "counters_match": counters_match,
        "every_vote_once": votes.count() == 2 * args.voters and duplicates == 0,
        "vote_post": summary(vote_times),
        "reference_robots_txt": summary(reference_times),
        "target_p95_ms": 200,
        "p95_met": percentile(vote_times, 0.95) < 0.2,
        "database": django.db.connection.vendor,
    }
    if not args.keep:
        cleanup(args.year)
    print(json.dumps({"benchmark": "voting", "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
