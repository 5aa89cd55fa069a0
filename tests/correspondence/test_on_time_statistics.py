"""The public on-time statistics per department: the page, the open dataset and the report
count the same cases, and their counts equal an independent count over the journal."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from typing import Any

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.correspondence import selectors, services
from hromada.correspondence.models import Document

pytestmark = pytest.mark.django_db

URL = "/statistics/on-time/"
DEPARTMENT = "Управління тестового господарства"
OFFICE = "Відділ (підрозділ не вказано)"  # the office's own cases, as the Ukrainian site names them


def _case(kind: str, registered_on: dt.date, department: str = DEPARTMENT) -> Document:
    return services.register_incoming(
        kind=kind,
        subject="Тестова справа",
        registered_on=registered_on,
        requester=services.RequesterData(name="Петренко Петро Петрович"),
        department=department,
    )


@pytest.fixture
def cases_2019() -> dict[str, Document]:
    on_time = _case("citizen_appeal", dt.date(2019, 3, 4))
    services.answer(document=on_time, answered_on=dt.date(2019, 3, 14), letter="Відповідь")
    late = _case("citizen_appeal", dt.date(2019, 3, 5))
    assert late.due_date is not None
    services.answer(document=late, answered_on=late.due_date + dt.timedelta(days=3), letter="x")
    overdue = _case("public_info_request", dt.date(2019, 4, 1))
    other = _case("citizen_appeal", dt.date(2019, 3, 6), department="")
    return {"on_time": on_time, "late": late, "overdue": overdue, "other": other}


def _dataset(client: Client) -> list[dict[str, Any]]:
    response = client.get(URL, {"format": "json"})
    assert response.status_code == 200
    return list(json.loads(response.content)["data"])


def test_the_page_and_the_dataset_show_each_departments_record(
    client: Client, cases_2019: dict[str, Document]
) -> None:
    rows = {
        (row["year"], row["month"], row["department"], row["kind"]): row for row in _dataset(client)
    }
    year = rows[(2019, "", DEPARTMENT, "citizen_appeal")]
    assert (year["received"], year["answered_on_time"], year["answered_late"]) == (2, 1, 1)
    late_days = (cases_2019["late"].answered_on - dt.date(2019, 3, 5)).days  # type: ignore[operator]
    assert year["median_days_to_answer"] == statistics.median([10, late_days])
    march = rows[(2019, 3, DEPARTMENT, "citizen_appeal")]
    assert march["received"] == 2
    request = rows[(2019, "", DEPARTMENT, "public_info_request")]
    assert (request["received"], request["overdue_now"], request["answered_on_time"]) == (1, 1, 0)
    assert request["median_days_to_answer"] == ""
    assert rows[(2019, "", OFFICE, "citizen_appeal")]["received"] >= 1

    page = client.get(URL, {"year": "2019"}).content.decode()
    assert DEPARTMENT in page and "Як рахуємо" in page
    assert 'href="?year=2019"' in page  # years never localized ("2 019")
    csv = client.get(URL, {"format": "csv"})
    body = b"".join(csv.streaming_content).decode()
    assert body.startswith("\ufeffyear,month,department,kind,received,answered_on_time")
    assert "Петренко" not in body and "Петренко" not in page  # counts only


def test_the_counts_equal_an_independent_count_over_the_journal(
    client: Client, cases_2019: dict[str, Document]
) -> None:
    """Every year row of the dataset (the demo's 2020 journal and the cases above), counted
    again with one query per figure, straight from the journal's fields."""
    office = OFFICE
    data = [row for row in _dataset(client) if row["month"] == ""]
    assert data
    today = timezone.localdate()
    for row in data:
        department = "" if row["department"] == office else row["department"]
        cases = Document.objects.filter(
            direction="incoming",
            initial_due_date__isnull=False,
            registered_on__year=row["year"],
            department=department,
            kind=row["kind"],
        )
        decided = cases.filter(decided_on__isnull=False)
        assert row["received"] == cases.count(), row
        assert row["answered_on_time"] == decided.filter(decided_on__lte=F("due_date")).count()
        assert row["answered_late"] == decided.filter(decided_on__gt=F("due_date")).count()
        assert (
            row["overdue_now"]
            == cases.filter(
                status__in=["registered", "in_progress", "extended"], due_date__lt=today
            ).count()
        )
    total = sum(row["received"] for row in data)
    assert (
        total
        == Document.objects.filter(direction="incoming").exclude(initial_due_date=None).count()
    )


def test_the_report_uses_the_same_numbers(client: Client, cases_2019: dict[str, Document]) -> None:
    period = Period.year(2019)
    data = [row for row in _dataset(client) if row["month"] == "" and row["year"] == 2019]
    for field in ("received", "answered_on_time", "answered_late"):
        assert metrics.get(f"correspondence.cases.{field}").compute(period) == sum(
            row[field] for row in data
        )
    # The overdue figure of a past period is as of its end: the request was still open then.
    assert metrics.get("correspondence.cases.overdue_now").compute(period) >= 1
    assert selectors.on_time_statistics(start=period.start, end=period.end)
