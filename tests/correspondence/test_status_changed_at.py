"""`Document.status_changed_at`: stamped by the case engine, set from the journal's own dates for
records entered with their outcome (import, demo), and back-filled from the history by
migration 0002 for entries made before the field existed."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from wagtail.models import ModelLogEntry

from hromada.correspondence import journal_csv, services
from hromada.correspondence.models import Document, start_of_day
from hromada.correspondence.services import RequesterData
from hromada.correspondence.workflow import Kind

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "hromada.correspondence.migrations.0002_document_status_changed_at"
)

CSV = (
    "direction,reg_number,reg_date,kind,correspondent,subject,due_date,answered_on,control\n"
    "incoming,501,2021-03-02,authority_request,Луганська ОДА,Про інформацію,,2021-03-15,\n"
    "incoming,502,2021-03-03,letter,ТОВ «Світло»,Про освітлення,,,\n"
    "outgoing,77/01-21,2021-03-16,internal,Міський голова,Службова записка,,,\n"
)


def imported(tmp_path: Path) -> dict[str, Document]:
    path = tmp_path / "journal.csv"
    path.write_text(CSV, encoding="utf-8")
    summary = journal_csv.import_file(path)
    assert summary.created == 3, summary.errors
    return {d.reg_number: d for d in Document.objects.filter(source="import", reg_year=2021)}


def test_an_import_dates_the_status_by_the_journal_not_by_the_import(tmp_path: Path) -> None:
    documents = imported(tmp_path)
    assert documents["501"].status == "answered"
    assert documents["501"].status_changed_at == start_of_day(dt.date(2021, 3, 15))
    assert documents["502"].status_changed_at == start_of_day(dt.date(2021, 3, 3))
    assert documents["77/01-21"].status_changed_at == start_of_day(dt.date(2021, 3, 16))
    assert timezone.localtime(documents["501"].status_changed_at).hour == 0


def demo_dated_by_outcomes() -> bool:
    demo = list(Document.objects.filter(source="demo").order_by("pk")[:300])
    return bool(demo) and all(
        document.status_changed_at == start_of_day(document.status_reached_on())
        for document in demo
    )


def test_the_demo_journal_is_dated_by_its_outcomes() -> None:
    assert demo_dated_by_outcomes()


def test_the_migration_backfills_from_the_history(tmp_path: Path) -> None:
    handled = services.register_incoming(
        kind=Kind.PUBLIC_INFO_REQUEST,
        subject="Кошторис на ремонт доріг",
        registered_on=dt.date(2024, 5, 2),
        requester=RequesterData(name="Петренко Ольга", email="olha@example.org"),
    )
    services.answer(document=handled, answered_on=dt.date(2024, 5, 6))
    services.set_long_term_control(document=handled, on=True)  # logged, but no status change
    answered_at = ModelLogEntry.objects.for_instance(handled).get(action="correspondence.answer")
    untouched = services.register_incoming(
        kind=Kind.LETTER, subject="Лист", registered_on=dt.date(2024, 5, 2)
    )
    documents = imported(tmp_path)
    # As before the field existed: the column holds the moment the migration added it.
    Document.objects.update(status_changed_at=timezone.now())

    migration.backfill(apps, None)

    handled.refresh_from_db()
    untouched.refresh_from_db()
    assert handled.status_changed_at == answered_at.timestamp
    assert untouched.status_changed_at == untouched.created_at
    for number, day in [("501", 15), ("502", 3), ("77/01-21", 16)]:
        documents[number].refresh_from_db()
        assert documents[number].status_changed_at == start_of_day(dt.date(2021, 3, day))
    assert demo_dated_by_outcomes()
