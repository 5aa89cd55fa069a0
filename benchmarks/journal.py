"""Filtered journal list speed (issue 7): with `--entries` (100,000) journal entries, the admin
journal filtered by kind, status, assignee and period, and the same selector query alone.

Runs against the database of DATABASE_URL (PostgreSQL for the target; SQLite under ./var
otherwise): migrates it, adds the entries in bulk (source "import", year `--year`, deleted again
at the end unless `--keep`), then times, `--rounds` times each:

(a) reference: `SELECT count(*)` over the whole journal table, in the same run;
(b) `selectors.journal(kind=, status=, assignee_id=, start=, end=)`: count + first page of 50;
(c) the admin journal page (`/admin/correspondence_journal/?kind=…&status=…&assignee=…&
    registered_on_after=…&registered_on_before=…`) rendered through Django's test client.

Targets: p95 under 100 ms for (b), the filtered list's queries, and for (c), the whole admin
page (Wagtail renders each of the 50 rows' cells through templates: most of (c) is
rendering). The last line on stdout is one JSON object {"benchmark": "journal", "results": …}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(percentile(values, 0.95) * 1000, 2),
        "max_ms": round(max(values) * 1000, 2),
    }


def timed(function: object, rounds: int) -> list[float]:
    results = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        results.append(time.perf_counter() - started)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--year", type=int, default=2099, help="year of the generated entries")
    parser.add_argument("--keep", action="store_true", help="leave the generated entries")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    os.environ.setdefault("TASK_BACKEND", "immediate")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from hromada.correspondence import selectors
    from hromada.correspondence.models import Document, Source
    from hromada.correspondence.workflow import Direction, Kind, Status

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The admin page is rendered without collectstatic having run.
    from django.test.utils import override_settings

    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    call_command("migrate", verbosity=0)
    remove(args.year)  # what an interrupted earlier run left
    user_model = get_user_model()
    staff = []
    for number in range(5):
        user, _ = user_model.objects.get_or_create(
            username=f"journal-bench-{number}", defaults={"is_superuser": True, "is_staff": True}
        )
        staff.append(user)
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
                assignee=staff[number % len(staff)],
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

    period = (start + dt.timedelta(days=60), start + dt.timedelta(days=150))
    filters = {
        "kind": Kind.PUBLIC_INFO_REQUEST.value,
        "status": Status.IN_PROGRESS.value,
        "assignee_id": staff[1].pk,
        "start": period[0],
        "end": period[1],
    }

    def reference() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM correspondence_document")
            cursor.fetchone()

    def selector() -> None:
        queryset = selectors.journal(**filters)  # type: ignore[arg-type]
        queryset.count()
        list(queryset[:50])

    client = Client()
    client.force_login(staff[0])
    url = "/admin/correspondence_journal/"
    query = {
        "kind": filters["kind"],
        "status": filters["status"],
        "assignee": str(staff[1].pk),
        "registered_on_after": period[0].isoformat(),
        "registered_on_before": period[1].isoformat(),
    }
    first = client.get(url, query)
    assert first.status_code == 200, first.status_code
    matched = selectors.journal(**filters).count()  # type: ignore[arg-type]

    def admin_page() -> None:
        response = client.get(url, query)
        assert response.status_code == 200

    results = {
        "database": connection.vendor,
        "entries": args.entries,
        "matched": matched,
        "reference_count_all": summary(timed(reference, args.rounds)),
        "selector_filtered_page": summary(timed(selector, args.rounds)),
        "admin_filtered_page": summary(timed(admin_page, args.rounds)),
    }
    results["targets_met"] = {
        "list_query_p95_under_100_ms": results["selector_filtered_page"]["p95_ms"] < 100,  # type: ignore[index]
        "admin_page_p95_under_100_ms": results["admin_filtered_page"]["p95_ms"] < 100,  # type: ignore[index]
    }
    for name, value in results.items():
        print(f"{name}: {value}")
    if not args.keep:
        remove(args.year)
    print(json.dumps({"benchmark": "journal", "results": results}))


def remove(year: int) -> None:
    """Drop the generated entries with one DELETE (they have no requesters or attachments)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM correspondence_document WHERE reg_year = %s AND source = %s",
            [year, "import"],
        )
    get_user_model().objects.filter(username__startswith="journal-bench-").delete()


if __name__ == "__main__":
    main()
