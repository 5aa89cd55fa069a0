"""The admin sidebar is built once per user and language and reused; any change of who may do
what shows on the next page, and no user ever gets another's menu."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from hromada.core import admin_sidebar, roles

pytestmark = pytest.mark.django_db

JOURNAL = "/admin/correspondence_journal/"


def sidebar(client: Client) -> str:
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    found = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    assert found, "no sidebar on the admin page"
    return json.dumps(json.loads(found.group(1)), ensure_ascii=False)


@pytest.fixture
def staff(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user(
        "sidebar-user", email="sidebar@example.org", password="x", first_name="Оксана"
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_sidebar_is_reused_and_is_wagtails_own(staff: Any) -> None:
    client = logged_in(staff)
    first = sidebar(client)
    assert "Оксана" in first
    cached = cache.get(admin_sidebar.cache_key(staff))
    assert cached is not None and "wagtail-sidebar-props" in cached
    assert sidebar(client) == first


def test_a_new_role_shows_on_the_next_page(staff: Any) -> None:
    client = logged_in(staff)
    assert JOURNAL not in sidebar(client)
    staff.groups.add(Group.objects.get(name=roles.SPECIALIST))
    assert JOURNAL in sidebar(client)
    staff.groups.clear()
    assert JOURNAL not in sidebar(client)
    group = Group.objects.create(name="Журнал")
    staff.groups.add(group)
    assert JOURNAL not in sidebar(client)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="correspondence", codename="view_document")
    )
    assert JOURNAL in sidebar(client)


def test_users_never_share_a_sidebar(staff: Any, admin_user: Any) -> None:
    admins = sidebar(logged_in(admin_user))
    assert JOURNAL in admins
    assert JOURNAL not in sidebar(logged_in(staff))


def test_the_language_and_the_profile_count(staff: Any) -> None:
    client = logged_in(staff)
    ukrainian = sidebar(client)
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    english = sidebar(client)
    assert english != ukrainian
    assert "Log out" in english


def test_it_can_be_turned_off(staff: Any, settings: Any) -> None:
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 0
    client = logged_in(staff)
    sidebar(client)
    assert cache.get(admin_sidebar.cache_key(staff)) is None
