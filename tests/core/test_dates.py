"""Admin date input (core/dates.py): both typed forms kept, other text refused naming the
field, dates of things already done refused in the future, in forms, services and imports."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.panels import get_edit_handler

from hromada.acts.models import Act
from hromada.core.dates import DateField
from hromada.correspondence import services
from hromada.correspondence.models import Document

pytestmark = pytest.mark.django_db


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def registration(**values: str) -> dict[str, str]:
    return {
        "direction": "incoming",
        "kind": "authority_request",
        "registered_on": "2024-05-02",
        "subject": "Про дати",
        "urgency": "normal",
        **values,
    }


@pytest.mark.parametrize("typed", ["24.12.2025", "2025-12-24"])
def test_both_typed_forms_are_read(typed: str) -> None:
    field = DateField(label="Дата реєстрації")
    assert field.clean(typed) == dt.date(2025, 12, 24)


def test_other_text_is_refused_naming_the_field_and_the_forms() -> None:
    with translation.override("uk"), pytest.raises(ValidationError) as refused:
        DateField(label="Дата реєстрації").clean("24/12/2025")
    message = refused.value.messages[0]
    assert "«Дата реєстрації»" in message and "24/12/2025" in message
    assert "дд.мм.рррр" in message and "рррр-мм-дд" in message


def test_every_wagtail_model_form_builds_its_dates_with_ours() -> None:
    ActForm = get_edit_handler(Act).get_form_class()  # the form the acts admin shows
    form = ActForm()
    assert isinstance(form.fields["date"], DateField)
    with translation.override("uk"):
        form = ActForm({"date": "31.02.2024"})
        assert not form.is_valid()
    assert "«Дата»" in form.errors["date"][0]


def test_the_admin_keeps_an_iso_registration_date(admin_user: Any) -> None:
    response = logged_in(admin_user).post(
        reverse("correspondence_journal:add"), registration(registered_on="2024-05-02")
    )
    assert response.status_code == 302
    assert Document.objects.get(subject="Про дати").registered_on == dt.date(2024, 5, 2)


def test_the_admin_refuses_a_future_registration_with_the_reason(admin_user: Any) -> None:
    with translation.override("uk"):
        response = logged_in(admin_user).post(
            reverse("correspondence_journal:add"),
            registration(registered_on=tomorrow().isoformat()),
            HTTP_ACCEPT_LANGUAGE="uk",
        )
    assert response.status_code == 200
    assert "дата реєстрації не може бути пізнішою за сьогодні" in response.content.decode()
    assert not Document.objects.filter(subject="Про дати").exists()


def test_services_refuse_future_registration_and_answer() -> None:
    with pytest.raises(ValidationError) as refused:
        services.register_incoming(kind="letter", subject="Лист", registered_on=tomorrow())
    assert "registered_on" in refused.value.message_dict
    document = services.register_incoming(kind="letter", subject="Лист")
    with pytest.raises(ValidationError) as refused:
        services.answer(document=document, answered_on=tomorrow())
    assert "answered_on" in refused.value.message_dict
    document.refresh_from_db()
    assert document.answered_on is None


def test_an_act_published_tomorrow_is_refused() -> None:
    act = Act(kind="order", number="1", date=timezone.localdate(), title="Про дати")
    act.published_on = tomorrow()
    with pytest.raises(ValidationError) as refused:
        act.full_clean()
    assert "published_on" in refused.value.message_dict


def test_the_journal_import_refuses_future_dates(tmp_path: Path) -> None:
    path = tmp_path / "journal.csv"
    path.write_text(
        "direction,reg_number,reg_date,kind,correspondent,subject,due_date,answered_on,control\n"
        f"incoming,15,{tomorrow():%d.%m.%Y},letter,,Лист,,,\n"
        f"incoming,16,2024-05-02,letter,,Лист,,{tomorrow().isoformat()},\n",
        encoding="utf-8",
    )
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_journal", str(path), stdout=out)
    assert "line 2, reg_date" in out.getvalue() and "in the future" in out.getvalue()
    assert "line 3, answered_on" in out.getvalue()
    assert not Document.objects.filter(source="import").exists()
