"""Journal speed (issue 7): with `--entries` (100,000) journal entries, the admin journal page
filtered by kind, status, assignee and period, as a logged-in member of the office's staff
role, and the same filtered list's queries alone.

Runs against the database of DATABASE_URL (PostgreSQL for the target; SQLite under ./var
otherwise): migrates it, adds the entries in bulk (source "import", year `--year`, deleted again
at the end unless `--keep`) and a staff user in the "Фахівець відділу" role, then times, in
`--rounds` interleaved rounds (one request of each kind per round, so that a burst of other
work on the machine falls on all of them alike):

(a) reference: `SELECT count(*)` over the whole journal table;
(b) reference: the same admin page filtered to a period with no entries: Wagtail's admin page
    (menu, header, filters, pagination) without rows, the floor the journal page stands on;
(c) `selectors.journal(kind=, status=, assignee_id=, start=, end=)`: count + first page of 50;
(d) the whole admin journal page (`/admin/correspondence_journal/?kind=…&status=…&assignee=…&
    registered_on_from=…&registered_on_to=…`, the fields the filter drawer sends), rendered
    through Django's test client as that staff user: 50 rows;
(e) the unfiltered journal, the page staff land on (the count stops at its cap).

For each: p50, p95, max of the wall time, and the median CPU time of this process per
request (`cpu_ms_p50`: Django and the test client; PostgreSQL's own work is not in it), the
figure least disturbed by other work on a shared machine. Also the queries per page and the
load average before and after the rounds.

Targets: p95 under 100 ms for (c), the filtered list's queries, and for (d), the whole admin
page. The last line on stdout is one JSON object {"benchmark": "journal", "results": …}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BENCH_USER_PREFIX = "journal-bench-"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(wall: list[float], cpu: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(wall) * 1000, 2),
        "p95_ms": round(percentile(wall, 0.95) * 1000, 2),
        "max_ms": round(max(wall) * 1000, 2),
        "cpu_ms_p50": round(statistics.median(cpu) * 1000, 2),
    }


def uptime() -> str:
    try:
        return subprocess.run(
            ["uptime"], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def loadavg() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--year", type=int, default=2099, help="year of the generated entries")
    parser.add_argument("--keep", action="store_true", help="leave the generated entries")
    args = parser.parse_args()
    print(f"uptime at start: {uptime()}", flush=True)
    load_at_start = loadavg()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    os.environ.setdefault("TASK_BACKEND", "immediate")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from hromada.core import roles
    from hromada.correspondence import selectors
    from hromada.correspondence.models import Document, Source
    from hromada.correspondence.workflow import Direction, Kind, Status

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The admin page is rendered without collectstatic having run.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    call_command("migrate", verbosity=0)
    remove(args.year)  # what an interrupted earlier run left
    user_model = get_user_model()
    assignees = []
    for number in range(5):
        user, _ = user_model.objects.get_or_create(
            username=f"{BENCH_USER_PREFIX}{number}",
            defaults={"is_superuser": True, "is_staff": True},
        )
        assignees.append(user)
    viewer, _ = user_model.objects.get_or_create(
        username=f"{BENCH_USER_PREFIX}specialist", defaults={"is_staff": True}
    )
    viewer.groups.add(Group.objects.get(name=roles.SPECIALIST))
    kinds = [kind.value for kind in Kind]
    statuses = [status.value for status in Status]
    start = dt.date(args.year, 1, 1)
    print(f"adding {args.entries} journal entries for {args.year} …", flush=True)
    created = time.perf_counter()
    batch: list[Document] = []
    for number in range(1, args.entries + 1):
        batch.append(
            Document(
                direction=Direction.INCOMING if number % 5 else Direction.OUTGOING,
                kind=kinds[number % len(kinds)],
                reg_number=str(number),
                reg_year=args.year,
                sequence=number,
                registered_on=start + dt.timedelta(days=number % 365),
                correspondent=f"Кореспондент {number % 300}",
                subject=f"Документ {number} про питання {number % 97}",
                status=statuses[number % len(statuses)],
                assignee=assignees[number % len(assignees)],
                due_date=start + dt.timedelta(days=number % 365 + 7),
                source=Source.IMPORT,
            )
        )
        if len(batch) == 5000:
            Document.objects.bulk_create(batch)
            batch.clear()
    Document.objects.bulk_create(batch)
    print(f"added in {time.perf_counter() - created:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE correspondence_document")

    # Requests in progress of one assignee in six months: a few hundred matches (every 210th
    # entry has this kind, status and assignee), so the page shows 50 and pages on.
    period = (start + dt.timedelta(days=30), start + dt.timedelta(days=210))
    filters: dict[str, Any] = {
        "kind": Kind.PUBLIC_INFO_REQUEST.value,
        "status": Status.IN_PROGRESS.value,
        "assignee_id": assignees[1].pk,
        "start": period[0],
        "end": period[1],
    }
    url = "/admin/correspondence_journal/"
    query = {
        "kind": filters["kind"],
        "status": filters["status"],
        "assignee": str(assignees[1].pk),
        "registered_on_from": period[0].isoformat(),
        "registered_on_to": period[1].isoformat(),
    }
    empty_year = args.year + 1
    no_rows = {
        **query,
        "registered_on_from": f"{empty_year}-01-01",
        "registered_on_to": f"{empty_year}-12-31",
    }
    client = Client()
    client.force_login(viewer)

    matched = selectors.journal(**filters).count()
    pages: dict[str, str] = {}
    for name, params in (("filtered", query), ("no_rows", no_rows), ("unfiltered", {})):
        response = client.get(url, params)
        assert response.status_code == 200, (name, response.status_code)
        pages[name] = response.content.decode()
    # The page counts what the selector counts, and shows its first 50 rows.
    counted = re.search(r'<h2 role="alert">(\d+)', pages["filtered"])
    assert counted and int(counted.group(1)) == matched, (counted, matched)
    assert pages["filtered"].count('<td class="title">') == min(50, matched)
    assert pages["no_rows"].count('<td class="title">') == 0
    assert pages["unfiltered"].count('<td class="title">') == 50
    queries = {}
    for name, params in (("filtered", query), ("no_rows", no_rows), ("unfiltered", {})):
        with CaptureQueriesContext(connection) as captured:
            client.get(url, params)
        queries[name] = len(captured.captured_queries)

    def reference_count() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM correspondence_document")
            cursor.fetchone()

    def selector() -> None:
        queryset = selectors.journal(**filters)
        queryset.count()
        list(queryset[:50])

    def page(params: dict[str, str]) -> Callable[[], None]:
        def get() -> None:
            response = client.get(url, params)
            assert response.status_code == 200
            response.content  # noqa: B018  (rendered in full)

        return get

    measured: dict[str, Callable[[], None]] = {
        "reference_count_all": reference_count,
        "reference_admin_page_no_rows": page(no_rows),
        "selector_filtered_page": selector,
        "admin_filtered_page": page(query),
        "admin_unfiltered_page": page({}),
    }
    samples: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in measured}
    load_before = loadavg()
    for _ in range(args.rounds):
        for name, function in measured.items():
            started, cpu = time.perf_counter(), time.process_time()
            function()
            samples[name][0].append(time.perf_counter() - started)
            samples[name][1].append(time.process_time() - cpu)
    load_after = loadavg()

    results: dict[str, Any] = {
        "database": connection.vendor,
        "entries": args.entries,
        "matched": matched,
        "rounds": args.rounds,
        "viewer": f"staff user in the role {roles.SPECIALIST}",
        **{name: summary(*samples[name]) for name in measured},
        "queries_per_page": queries,
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_at_start": load_at_start,
            "loadavg_before_rounds": load_before,
            "loadavg_after_rounds": load_after,
            "uptime_at_end": uptime(),
        },
    }
    results["targets_met"] = {
        "list_query_p95_under_100_ms": results["selector_filtered_page"]["p95_ms"] < 100,
        "admin_page_p95_under_100_ms": results["admin_filtered_page"]["p95_ms"] < 100,
    }
    for name, value in results.items():
        print(f"{name}: {value}")
    if not args.keep:
        remove(args.year)
    print(json.dumps({"benchmark": "journal", "results": results}, ensure_ascii=False))


def remove(year: int) -> None:
    """Drop the generated entries with one DELETE (they have no requesters or attachments)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM correspondence_document WHERE reg_year = %s AND source = %s",
            [year, "import"],
        )
    get_user_model().objects.filter(username__startswith=BENCH_USER_PREFIX).delete()


if __name__ == "__main__":
    main()
