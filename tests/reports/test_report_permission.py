"""Issue 23, finding 9: the activity report and its dashboard have their own permission,
`reports.view_activity_report`, held by Адміністратор and Фахівець відділу; editors,
moderators and data stewards are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from hromada.core import roles

pytestmark = pytest.mark.django_db

URLS = [
    ("activity_report:index", {"year": "2020", "output_format": "json"}),
    ("activity_report:dashboard", {}),
    ("activity_report:records", {"from": "2020-01-01", "to": "2020-12-31"}),
]


def member(django_user_model: Any, role: str) -> Client:
    user = django_user_model.objects.create_user(f"user-{len(role)}-{role[:3]}", password="x")
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def get(client: Client, name: str, query: dict[str, str]) -> Any:
    args = ["portal.news_published"] if name.endswith("records") else []
    return client.get(reverse(name, args=args), query)


@pytest.mark.parametrize("role", [roles.SITE_EDITOR, roles.MODERATOR, roles.DATA_STEWARD])
def test_roles_without_the_permission_are_refused(django_user_model: Any, role: str) -> None:
    client = member(django_user_model, role)
    for name, query in URLS:
        response = get(client, name, query)
        # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
        assert response.status_code in (302, 403), (name, response.status_code)
        assert "Content-Disposition" not in response
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("activity_report:index") not in home


@pytest.mark.parametrize("role", [roles.ADMINISTRATOR, roles.SPECIALIST])
def test_the_office_builds_the_report(django_user_model: Any, role: str) -> None:
    client = member(django_user_model, role)
    download = get(client, *URLS[0])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    assert get(client, *URLS[1]).status_code == 200
