"""Reminders before the due date and when overdue, through the scheduled task; once each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hromada.core import scheduler
from hromada.opendata import services, tasks
from hromada.opendata.models import Reminder
from tests.opendata.helpers import dataset, upload

pytestmark = pytest.mark.django_db


def test_upcoming_then_overdue_reminder_each_sent_once() -> None:
    made = dataset(title="Щомісячний набір", maintainer_email="keeper@example.org")
    services.add_resource(dataset=made, name="Дані", file=upload(), filename="d.csv")
    made.refresh_from_db()
    due = made.next_update_due
    assert due is not None
    Reminder.objects.exclude(dataset=made).delete()
    mail.outbox.clear()

    early = services.send_reminders(today=due - dt.timedelta(days=10))
    assert not [r for r in early if r.dataset == made]
    soon = services.send_reminders(today=due - dt.timedelta(days=2))
    assert [r.kind for r in soon if r.dataset == made] == ["upcoming"]
    message = next(m for m in mail.outbox if m.to == ["keeper@example.org"])
    assert "Щомісячний набір" in message.subject and due.strftime("%d.%m.%Y") in message.body
    assert not [r for r in services.send_reminders(today=due) if r.dataset == made]

    late = services.send_reminders(today=due + dt.timedelta(days=1))
    assert [r.kind for r in late if r.dataset == made] == ["overdue"]
    overdue_message = next(m for m in reversed(mail.outbox) if m.to == ["keeper@example.org"])
    assert "не оновлено вчасно" in overdue_message.body
    assert not [
        r for r in services.send_reminders(today=due + dt.timedelta(days=5)) if r.dataset == made
    ]
    assert Reminder.objects.filter(dataset=made).count() == 2


def test_live_and_on_change_datasets_get_no_reminders() -> None:
    services.sync_live_datasets()
    far = timezone.localdate() + dt.timedelta(days=3650)
    sent = services.send_reminders(today=far)
    assert sent
    assert all(not r.dataset.live_slug for r in sent)
    assert all(r.dataset.update_frequency not in {"Відразу після внесення змін"} for r in sent)


def test_scheduled_task_and_command_send_reminders() -> None:
    assert "opendata_reminders" in {job.name for job in scheduler.jobs()}
    mail.outbox.clear()
    result = tasks.send_reminders.enqueue()
    assert result.return_value == len(mail.outbox) > 0  # the demo has overdue datasets
    call_command("send_opendata_reminders", "--date", "2099-01-01", stdout=None)
    assert len(mail.outbox) > result.return_value
