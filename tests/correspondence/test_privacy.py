"""Personal data through `privacy`: the rule, and the log of every view."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied

from hromada.core import roles
from hromada.correspondence import privacy, services
from hromada.correspondence.services import RequesterData
from hromada.correspondence.workflow import Kind

pytestmark = pytest.mark.django_db


def appeal(**fields: Any) -> Any:
    return services.register_incoming(
        kind=Kind.CITIZEN_APPEAL,
        subject="Звернення",
        requester=RequesterData(name="Лисенко Тетяна", phone="+380501112233"),
        **fields,
    )


def test_who_may_see_personal_data(
    specialist: Any, colleague: Any, head: Any, django_user_model: Any
) -> None:
    document = appeal(assignee=specialist)
    administrator = django_user_model.objects.create_user("role-admin", password="x")
    administrator.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    assert privacy.can_view_personal_data(specialist, document)
    assert privacy.can_view_personal_data(head, document)
    assert privacy.can_view_personal_data(administrator, document)
    assert not privacy.can_view_personal_data(colleague, document)
    assert not privacy.can_view_personal_data(editor, document)
    assert not privacy.can_view_personal_data(AnonymousUser(), document)
    specialist.is_active = False
    assert not privacy.can_view_personal_data(specialist, document)


def test_reading_is_refused_or_logged(specialist: Any, colleague: Any) -> None:
    document = appeal(assignee=specialist)
    with pytest.raises(PermissionDenied):
        privacy.personal_data(document=document, user=colleague, purpose="handling")
    requester = privacy.personal_data(document=document, user=specialist, purpose="handling")
    assert requester is not None and requester.phone == "+380501112233"
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(type(document)),
        object_id=str(document.pk),
        action=privacy.VIEW_ACTION,
    )
    assert entry.user_id == specialist.pk and entry.data == {"purpose": "handling"}
