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
from wagtail.models import Page
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


# --- The page tree, the commit, the code and Wagtail's tag ------------------------------


def explorer_start(client: Client) -> int | None:
    """The page the sidebar's page explorer opens at (None: no explorer)."""
    found: list[int] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("_type", "")).endswith("PageExplorerMenuItem"):
                found.append(node["_args"][-1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(sidebar(client)))
    return found[0] if found else None


@pytest.fixture
def page_editor(staff: Any) -> tuple[Any, Any, Any]:
    """`staff` may edit two sibling pages: the explorer opens at their parent."""
    from wagtail.models import GroupPagePermission

    home = Page.objects.get(depth=2)
    first = home.add_child(instance=Page(title="Перша", slug="sidebar-first"))
    second = home.add_child(instance=Page(title="Друга", slug="sidebar-second"))
    group = Group.objects.create(name="Редактори розділів")
    for page in (first, second):
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename="change_page")
        )
    staff.groups.add(group)
    return home, first, second


def test_a_page_move_moves_the_explorers_start(staff: Any, page_editor: Any) -> None:
    home, first, second = page_editor
    client = logged_in(staff)
    assert explorer_start(client) == home.pk
    second.move(first, pos="last-child")
    assert explorer_start(client) == first.pk


def test_a_page_deleted_or_published_forgets_the_sidebars(staff: Any, page_editor: Any) -> None:
    home, first, second = page_editor
    client = logged_in(staff)
    assert explorer_start(client) == home.pk
    second.delete()
    assert explorer_start(client) == first.pk
    before = admin_sidebar.generation()
    first.save_revision().publish()
    assert admin_sidebar.generation() != before
    before = admin_sidebar.generation()
    first.unpublish()
    assert admin_sidebar.generation() != before
    before = admin_sidebar.generation()
    home.add_child(instance=Page(title="Третя", slug="sidebar-third")).delete()
    assert admin_sidebar.generation() != before


def test_a_change_forgets_the_sidebars_again_when_it_commits(
    staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A page built between the change and its commit saw the old rows: the generation it
    was stored under must not be the one used afterwards."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        staff.groups.add(Group.objects.get(name=roles.SPECIALIST))
        during = admin_sidebar.generation()
    assert callbacks
    assert admin_sidebar.generation() != during


def test_the_key_follows_the_menus_code(staff: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from wagtail import hooks

    client = logged_in(staff)
    before = admin_sidebar.cache_key(staff)
    sidebar(client)

    def one_more_item(request: Any, items: list[Any]) -> None:
        return None

    monkeypatch.setattr(admin_sidebar, "_code_fingerprint", None)
    with hooks.register_temporarily("construct_main_menu", one_more_item):
        after = admin_sidebar.cache_key(staff)
    assert after != before
    assert cache.get(after) is None  # a deploy that changes the menu builds it afresh


def test_wagtails_tag_is_checked_before_it_is_replaced() -> None:
    from django.core.exceptions import ImproperlyConfigured
    from django.template import Library
    from wagtail.admin.templatetags import wagtailadmin_tags

    # As installed: Wagtail's own function behind our cached tag.
    assert admin_sidebar._original.__module__ == wagtailadmin_tags.__name__
    admin_sidebar.check_wagtail_tag(_library_with(admin_sidebar._original), admin_sidebar._original)

    def with_more(context: Any, extra: Any) -> str:
        return ""

    def sidebar_props(context: Any) -> str:
        return ""

    for library, tag in [
        (_library_with(with_more), with_more),  # the signature changed
        (Library(), sidebar_props),  # no such tag
        (_library_with(sidebar_props, takes_context=False), sidebar_props),
        (_library_with(sidebar_props), None),  # the function is gone
    ]:
        with pytest.raises(ImproperlyConfigured):
            admin_sidebar.check_wagtail_tag(library, tag)


def _library_with(function: Any, *, takes_context: bool = True) -> Any:
    from django.template import Library

    library = Library()
    library.simple_tag(function, takes_context=takes_context, name="sidebar_props")
    return library
