"""Issue 23, finding 2: assignment follows the office's rules (the head of office or the
current assignee assigns; a specialist takes only unassigned cases, if the settings allow), and
a requester's personal data opens only for a purpose the law accepts, enforced and logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from hromada.correspondence import numbering, privacy, services
from hromada.correspondence.models import Document
from hromada.correspondence.services import RequesterData
from hromada.correspondence.workflow import Kind

pytestmark = pytest.mark.django_db


def appeal(**fields: Any) -> Document:
    return services.register_incoming(
        kind=Kind.CITIZEN_APPEAL,
        subject="Звернення",
        requester=RequesterData(name="Лисенко Тетяна", email="tetiana@example.org"),
        **fields,
    )


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_specialist_cannot_take_a_colleagues_case(specialist: Any, colleague: Any) -> None:
    document = appeal(assignee=colleague)
    with pytest.raises(PermissionDenied):
        services.assign(document=document, assignee=specialist, user=specialist)
    # Through the admin's action form too: the error is shown, nothing changes.
    response = logged_in(specialist).post(
        reverse("correspondence_journal:action", args=[document.pk, "assign"]),
        {"assignee": specialist.pk},
    )
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.assignee == colleague
    assert not privacy.can_view_personal_data(specialist, document)


def test_a_specialist_gives_cases_to_nobody_else(specialist: Any, colleague: Any) -> None:
    document = appeal()
    with pytest.raises(PermissionDenied):
        services.assign(document=document, assignee=colleague, user=specialist)
    with pytest.raises(PermissionDenied):
        appeal(assignee=colleague, user=specialist)


def test_a_specialist_takes_an_unassigned_case_only_if_the_settings_allow(
    specialist: Any,
) -> None:
    document = appeal()
    settings = numbering.journal_settings()
    settings.specialists_take_cases = False
    settings.save()
    with pytest.raises(PermissionDenied):
        services.assign(document=document, assignee=specialist, user=specialist)
    settings.specialists_take_cases = True
    settings.save()
    services.assign(document=document, assignee=specialist, user=specialist)
    assert document.assignee == specialist


def test_the_head_and_the_assignee_reassign(
    specialist: Any, colleague: Any, head: Any, django_user_model: Any
) -> None:
    document = appeal(assignee=colleague)
    services.assign(document=document, assignee=specialist, user=head)
    assert document.assignee == specialist
    services.assign(document=document, assignee=colleague, user=specialist)  # hands it over
    assert document.assignee == colleague
    # The assign form offers a specialist only themselves on a case that is not theirs.
    html = (
        logged_in(specialist)
        .get(reverse("correspondence_journal:action", args=[document.pk, "assign"]))
        .content.decode()
    )
    assert f'value="{colleague.pk}"' not in html


def views_logged(document: Document) -> list[ModelLogEntry]:
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Document),
            object_id=str(document.pk),
            action=privacy.VIEW_ACTION,
        ).order_by("pk")
    )


def test_personal_data_opens_only_for_a_purpose_the_law_accepts(specialist: Any, head: Any) -> None:
    document = appeal(assignee=specialist)
    with pytest.raises(privacy.PurposeRequired):
        privacy.personal_data(document=document, user=specialist, purpose=None)
    with pytest.raises(privacy.PurposeRequired):
        privacy.personal_data(document=document, user=specialist, purpose="curiosity")
    # The assignee handles the case; supervising it is the head's purpose, not theirs.
    with pytest.raises(privacy.PurposeRequired):
        privacy.personal_data(document=document, user=specialist, purpose="supervision")
    assert privacy.personal_data(document=document, user=head, purpose="supervision")

    client = logged_in(specialist)
    inspect = reverse("correspondence_journal:inspect", args=[document.pk])
    html = client.get(inspect).content.decode()
    assert "tetiana@example.org" not in html and "Лисенко" not in html
    assert "Розгляд справи" in html and "Контроль за розглядом справи" not in html
    access = reverse("correspondence_journal:access", args=[document.pk])
    client.post(access, {"purpose": "supervision"})  # not theirs: refused
    assert "tetiana@example.org" not in client.get(inspect).content.decode()
    client.post(access, {"purpose": "handling"})
    assert "tetiana@example.org" in client.get(inspect).content.decode()
    assert [(entry.user_id, entry.data) for entry in views_logged(document)] == [
        (head.pk, {"purpose": "supervision"}),
        (specialist.pk, {"purpose": "handling"}),
    ]
