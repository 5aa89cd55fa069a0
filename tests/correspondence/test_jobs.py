"""Scheduled jobs: deadline reminders (Django's mail outbox) and anonymization of closed cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from hromada.core import scheduler
from hromada.correspondence import services, tasks
from hromada.correspondence.models import Document, Requester
from hromada.correspondence.services import RequesterData
from hromada.correspondence.workflow import Kind

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2024, 5, 2)  # due Thursday 9 May 2024 (5 working days)


def request(**fields: Any) -> Document:
    return services.register_incoming(
        kind=Kind.PUBLIC_INFO_REQUEST,
        subject="Запит про бюджет",
        registered_on=RECEIVED,
        requester=RequesterData(name="Бойко Олег", email="oleh@example.org"),
        **fields,
    )


def test_jobs_are_scheduled() -> None:
    names = {job.name for job in scheduler.jobs()}
    assert {"correspondence_reminders", "correspondence_anonymize"} <= names


def test_reminders_before_the_due_date_and_when_overdue(
    specialist: Any, head: Any, django_capture_on_commit_callbacks: Any
) -> None:
    document = request(assignee=specialist)
    assert document.due_date == dt.date(2024, 5, 9)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(today=dt.date(2024, 5, 6)) == 0  # 3 days left
        assert services.send_reminders(today=dt.date(2024, 5, 7)) == 1  # 2 days left
        assert services.send_reminders(today=dt.date(2024, 5, 7)) == 0  # once a day
        assert services.send_reminders(today=dt.date(2024, 5, 8)) == 0
        assert services.send_reminders(today=dt.date(2024, 5, 10)) == 1  # overdue
    soon, late = mail.outbox
    assert sorted(soon.to) == ["head@example.org", "specialist@example.org"]
    assert document.reg_number in soon.subject and "09.05.2024" in soon.subject
    assert sorted(late.to) == ["head@example.org", "specialist@example.org"]
    assert late.subject != soon.subject


def test_no_reminder_for_decided_cases(head: Any, django_capture_on_commit_callbacks: Any) -> None:
    document = request()
    services.answer(document=document, answered_on=dt.date(2024, 5, 3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=dt.date(2024, 5, 20))
    assert all(document.reg_number not in m.subject for m in mail.outbox)


def test_the_reminder_task_runs_the_service(
    head: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request()
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_deadline_reminders.enqueue()
    assert result.return_value >= 1


def test_closed_cases_are_anonymized_after_the_period(settings: Any) -> None:
    settings.CORRESPONDENCE_ANONYMIZE_AFTER_YEARS = 5
    old = request()
    services.answer(document=old, answered_on=dt.date(2024, 5, 6))
    services.close(document=old, closed_on=dt.date(2024, 5, 7))
    recent = request()
    services.answer(document=recent, answered_on=dt.date(2024, 5, 6))
    services.close(document=recent, closed_on=dt.date(2024, 6, 1))
    open_case = request()

    done = services.anonymize_closed(today=dt.date(2029, 5, 20))
    assert done >= 1
    old_person = Requester.objects.get(document=old)
    assert old_person.name == services.ANONYMIZED and old_person.email == ""
    old.refresh_from_db()
    assert old.anonymized_on == dt.date(2029, 5, 20)
    assert Requester.objects.get(document=recent).email == "oleh@example.org"
    assert Requester.objects.get(document=open_case).email == "oleh@example.org"
    # Running again changes nothing more.
    assert services.anonymize_closed(today=dt.date(2029, 5, 20)) == 0


def test_the_period_is_a_setting(settings: Any) -> None:
    settings.CORRESPONDENCE_ANONYMIZE_AFTER_YEARS = 1
    document = request()
    services.close(document=document, closed_on=dt.date(2024, 5, 3))
    services.anonymize_closed(today=dt.date(2025, 6, 1))
    assert Requester.objects.get(document=document).name == services.ANONYMIZED


def test_the_anonymization_log_keeps_nothing_it_erased(settings: Any) -> None:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    settings.CORRESPONDENCE_ANONYMIZE_AFTER_YEARS = 1
    document = services.register_incoming(
        kind=Kind.CITIZEN_APPEAL,
        subject="Звернення",
        correspondent="Бойко Олег Петрович",
        registered_on=RECEIVED,
        requester=RequesterData(name="Бойко Олег", email="oleh@example.org"),
    )
    services.close(document=document, closed_on=dt.date(2024, 5, 3))
    services.anonymize_closed(today=dt.date(2025, 6, 1))
    document.refresh_from_db()
    assert document.correspondent == ""
    entry = ModelLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Document),
        object_id=str(document.pk),
        action="correspondence.anonymize",
    )
    assert "Бойко" not in str(entry.data)
