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
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

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
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    os.environ.setdefault("TASK_BACKEND", "immediate")
    import django

    django.setup()
    import httpx
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cleanup(args.year)
    cycle, cookies, page_url = setup(args.year, args.voters)
    project_ids = list(cycle.projects.order_by("pk").values_list("pk", flat=True))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "DEBUG": "false"}
    log = open(os.devnull, "wb")  # noqa: SIM115
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
                if httpx.get(f"{base}/robots.txt", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)

        limits = httpx.Limits(max_connections=args.voters * 2 + 10)
        clients = []
        url = f"{base}{page_url}?year={args.year}"
        for number, key in enumerate(cookies):
            client = httpx.Client(cookies={"sessionid": key}, timeout=60, limits=limits)
            client.cookies.set("csrftoken", f"benchcsrf{number:023d}"[:32].ljust(32, "x"))
            clients.append(client)
            if number == 0:
                client.get(url)  # warm the page once
        barrier = threading.Barrier(len(clients) * 2)
        reference_barrier = threading.Barrier(len(clients))
        vote_times: list[float] = []
        reference_times: list[float] = []
        statuses: list[int] = []
        lock = threading.Lock()

        def reference(client: httpx.Client) -> None:
            reference_barrier.wait()
            started = time.perf_counter()
            client.get(f"{base}/robots.txt")
            with lock:
                reference_times.append(time.perf_counter() - started)

        def vote(index: int, client: httpx.Client) -> None:
            choice = [project_ids[index % 6], project_ids[(index + 1) % 6]]
            token = client.cookies.get("csrftoken") or ""
            barrier.wait()
            started = time.perf_counter()
            response = client.post(
                url,
                data={"project": [str(pk) for pk in choice], "csrfmiddlewaretoken": token},
            )
            with lock:
                vote_times.append(time.perf_counter() - started)
                statuses.append(response.status_code)

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
        for client in clients:
            client.close()
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
