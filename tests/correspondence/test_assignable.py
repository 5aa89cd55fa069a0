"""Issue 23, finding 3: only people with the journal's permissions can be given a case; an
editor, moderator or data steward is neither offered by the forms nor accepted by the
services (they could otherwise download the case's attachments)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hromada.core import roles
from hromada.correspondence import privacy, services
from hromada.correspondence.services import RequesterData
from hromada.correspondence.workflow import Kind

pytestmark = pytest.mark.django_db


def outsiders(django_user_model: Any) -> list[Any]:
    users = []
    for role in (roles.SITE_EDITOR, roles.MODERATOR, roles.DATA_STEWARD):
        user = django_user_model.objects.create_user(f"outsider-{len(users)}", password="x")
        user.groups.add(Group.objects.get(name=role))
        users.append(user)
    return users


def test_only_journal_staff_can_be_given_a_case(
    admin_user: Any, head: Any, specialist: Any, django_user_model: Any
) -> None:
    document = services.register_incoming(
        kind=Kind.CITIZEN_APPEAL, subject="Звернення", requester=RequesterData(name="Бондар Ольга")
    )
    client = Client()
    client.force_login(admin_user)
    assign_form = client.get(
        reverse("correspondence_journal:action", args=[document.pk, "assign"])
    ).content.decode()
    add_form = client.get(reverse("correspondence_journal:add")).content.decode()
    assert f'value="{specialist.pk}"' in assign_form and f'value="{specialist.pk}"' in add_form
    for outsider in outsiders(django_user_model):
        assert f'value="{outsider.pk}"' not in assign_form
        assert f'value="{outsider.pk}"' not in add_form
        with pytest.raises(ValidationError):
            services.assign(document=document, assignee=outsider, user=head)
        with pytest.raises(ValidationError):
            services.register_incoming(
                kind=Kind.LETTER, subject="Лист", assignee=outsider, user=head
            )
        response = client.post(
            reverse("correspondence_journal:action", args=[document.pk, "assign"]),
            {"assignee": outsider.pk},
        )
        assert response.status_code == 200  # the form refuses the choice
        document.refresh_from_db()
        assert document.assignee is None
        assert not privacy.can_view_personal_data(outsider, document)
