"""Reminders N days ahead of holidays and memorable dates: e-mailed to staff, once each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from hromada.activities import services, tasks
from hromada.activities.models import Observance, ObservanceReminder
from hromada.core import scheduler

pytestmark = pytest.mark.django_db
D = dt.date


def test_reminder_goes_out_once_the_configured_days_ahead(settings) -> None:  # type: ignore[no-untyped-def]
    settings.BASE_URL = "https://portal.example"
    observance = Observance.objects.get(key="holodomor-remembrance")  # 4th Saturday of November
    observance.remind_days_before = 10
    observance.save()
    occurs = observance.date_in(2030)
    assert occurs == D(2030, 11, 23)
    assert services.send_observance_reminders(today=D(2030, 11, 12)) == 0
    sent = services.send_observance_reminders(today=D(2030, 11, 13))
    assert sent >= 1
    message = next(m for m in mail.outbox if observance.name in m.subject)
    assert "admin@lysychansk.example" in message.to
    assert "23.11.2030" in message.subject
    assert f"https://portal.example/admin/activities/plan/{observance.pk}/2030/" in message.body
    assert ObservanceReminder.objects.filter(observance=observance, occurs_on=occurs).exists()
    count = len(mail.outbox)
    assert services.send_observance_reminders(today=D(2030, 11, 13)) == 0
    assert len(mail.outbox) == count


def test_easter_linked_reminder() -> None:
    trinity = Observance.objects.get(key="trinity")
    trinity.remind_days_before = 7
    trinity.save()
    services.send_observance_reminders(today=D(2031, 5, 25))  # Trinity 2031: 1 June
    assert any(trinity.name in m.subject for m in mail.outbox)


def test_a_switched_off_reminder_is_not_sent() -> None:
    observance = Observance.objects.get(key="flag-day")
    observance.remind_days_before = 0
    observance.save()
    services.send_observance_reminders(today=D(2030, 8, 23))
    assert not any(observance.name in m.subject for m in mail.outbox)


def test_the_scheduled_job_runs_the_service() -> None:
    from django.utils import timezone

    assert "activities_observance_reminders" in {job.name for job in scheduler.jobs()}
    soon = timezone.localdate() + dt.timedelta(days=5)
    if (soon.month, soon.day) == (2, 29):
        soon += dt.timedelta(days=1)
    Observance.objects.create(
        key="city-test-day",
        name="День міста (тест)",
        kind="city_day",
        rule="fixed",
        month=soon.month,
        day=soon.day,
        remind_days_before=(soon - timezone.localdate()).days,
    )
    result = tasks.send_observance_reminders.enqueue()
    assert result.return_value >= 1
    assert any("День міста (тест)" in m.subject for m in mail.outbox)
