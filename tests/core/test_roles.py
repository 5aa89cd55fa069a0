"""core.roles: the five groups, exactly their permissions, and what they let people do."""

from __future__ import annotations

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
)
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from hromada.core import roles
from hromada.portal.models import StandardPage

pytestmark = pytest.mark.django_db


def model_permissions(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def page_permissions(group: Group) -> set[tuple[int, str]]:
    return {
        (gp.page.depth, gp.permission.codename)
        for gp in GroupPagePermission.objects.filter(group=group).select_related(
            "page", "permission"
        )
    }


def collection_permissions(group: Group) -> set[tuple[int, str]]:
    return {
        (gp.collection.depth, f"{gp.permission.content_type.app_label}.{gp.permission.codename}")
        for gp in GroupCollectionPermission.objects.filter(group=group).select_related(
            "collection", "permission__content_type"
        )
    }


def everything() -> dict[str, tuple[set, set, set]]:
    return {
        group.name: (
            model_permissions(group),
            page_permissions(group),
            collection_permissions(group),
        )
        for group in Group.objects.filter(name__in=roles.ROLES)
    }


def test_the_five_groups_exist_and_wagtails_english_samples_are_gone() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)
    assert roles.ROLES == [
        "Адміністратор",
        "Редактор сайту",
        "Фахівець відділу",
        "Відповідальний за набори даних",
        "Модератор",
    ]
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_group_has_exactly_its_documented_permissions(role: str) -> None:
    group = Group.objects.get(name=role)
    assert model_permissions(group) == roles.MODEL_PERMISSIONS[role]
    assert page_permissions(group) == {(1, codename) for codename in roles.PAGE_PERMISSIONS[role]}
    assert collection_permissions(group) == {(1, q) for q in roles.COLLECTION_PERMISSIONS[role]}


def test_documented_permissions_of_the_roles() -> None:
    """The table's key facts, so that a change to them is a deliberate one."""
    assert roles.PAGE_PERMISSIONS[roles.SITE_EDITOR] >= {"add_page", "change_page", "publish_page"}
    assert roles.PAGE_PERMISSIONS[roles.SPECIALIST] == {"add_page", "change_page"}
    assert roles.PAGE_PERMISSIONS[roles.MODERATOR] == {"change_page", "publish_page"}
    assert roles.PAGE_PERMISSIONS[roles.DATA_STEWARD] == set()
    assert "core.change_cityprofile" in roles.MODEL_PERMISSIONS[roles.ADMINISTRATOR]
    assert all(
        "cityprofile" not in p
        for role in roles.ROLES
        if role != roles.ADMINISTRATOR
        for p in roles.MODEL_PERMISSIONS[role]
    )
    assert "portal.change_newscategory" in roles.MODEL_PERMISSIONS[roles.SITE_EDITOR]
    assert all("wagtailadmin.access_admin" in roles.MODEL_PERMISSIONS[role] for role in roles.ROLES)


def test_every_permission_named_in_the_tables_exists() -> None:
    assert roles.sync_roles(django_apps) == []


def test_no_group_can_delete_anything() -> None:
    for name, (model, page, collection) in everything().items():
        assert [p for p in model if ".delete_" in p] == [], name
        assert [c for _, c in page if "delete" in c] == [], name
        assert [c for _, c in collection if ".delete_" in c] == [], name
    for role in roles.ROLES:
        assert not any(
            "delete" in p
            for p in roles.MODEL_PERMISSIONS[role] | roles.COLLECTION_PERMISSIONS[role]
        )
        assert not any("delete" in p for p in roles.PAGE_PERMISSIONS[role])


def test_sync_is_idempotent_and_puts_back_exactly_the_table() -> None:
    before = everything()
    counts = (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())

    roles.sync_roles(django_apps)
    roles.sync_roles(django_apps)
    assert everything() == before
    assert (
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
    ) == counts

    # Somebody granted a delete by hand: the next migrate takes it away again.
    editor = Group.objects.get(name=roles.SITE_EDITOR)
    editor.permissions.add(Permission.objects.get(codename="delete_historicalfigure"))
    GroupPagePermission.objects.create(
        group=editor,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="delete_page"
        ),
    )
    roles.sync_roles(django_apps)
    assert everything() == before


def test_sync_after_migrate_is_wired_to_post_migrate() -> None:
    from django.db.models.signals import post_migrate

    receivers = [entry[1]() for entry in post_migrate.receivers]
    assert roles.sync_roles_after_migrate in receivers


# --- what the roles let people do ---------------------------------------------------------


@pytest.fixture
def make_user(django_user_model):  # type: ignore[no-untyped-def]
    def make(username: str, role: str | None) -> object:
        user = django_user_model.objects.create_user(username=username, password="x-Long-pass-2020")
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_post_data(page: StandardPage, title: str, action: str) -> dict[str, object]:
    return nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "intro": rich_text(page.intro or "<p></p>"),
            "body": streamfield([]),
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            action: action.removeprefix("action-"),
        }
    )


@pytest.fixture
def page() -> StandardPage:
    return StandardPage.objects.get(slug="yak-podaty-zapyt-na-informatsiiu")


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_role_reaches_the_admin(make_user, role: str) -> None:  # type: ignore[no-untyped-def]
    response = client_for(make_user("staff", role)).get("/admin/")
    assert response.status_code == 200


def test_a_user_without_a_role_is_kept_out_of_the_admin(make_user) -> None:  # type: ignore[no-untyped-def]
    response = client_for(make_user("resident", None)).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_site_editor_publishes(make_user, page) -> None:  # type: ignore[no-untyped-def]
    editor = make_user("editor", roles.SITE_EDITOR)
    assert page.permissions_for_user(editor).can_publish()

    response = client_for(editor).post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_post_data(page, "Як подати запит (оновлено)", "action-publish"),
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Як подати запит (оновлено)"
    assert page.live and not page.has_unpublished_changes
    anonymous = Client().get(page.url)
    assert "Як подати запит (оновлено)" in anonymous.content.decode()


def test_specialist_edits_but_cannot_publish(make_user, page) -> None:  # type: ignore[no-untyped-def]
    specialist = make_user("specialist", roles.SPECIALIST)
    permissions = page.permissions_for_user(specialist)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not permissions.can_delete()

    response = client_for(specialist).post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_post_data(page, "Чернетка фахівця", "action-publish"),
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Як подати запит на інформацію"  # the live page is unchanged
    assert page.draft_title == "Чернетка фахівця"  # the edit is kept as a draft
    assert page.has_unpublished_changes
    assert page.get_latest_revision().user == specialist


def test_data_steward_and_moderator_cannot_add_pages(make_user, page) -> None:  # type: ignore[no-untyped-def]
    steward = make_user("steward", roles.DATA_STEWARD)
    moderator = make_user("moderator", roles.MODERATOR)
    assert not page.permissions_for_user(steward).can_edit()
    assert not page.get_parent().permissions_for_user(moderator).can_add_subpage()
    assert page.permissions_for_user(moderator).can_publish()


def test_specialists_draft_is_approved_and_published_by_an_editor(make_user, page) -> None:  # type: ignore[no-untyped-def]
    specialist = make_user("specialist", roles.SPECIALIST)
    editor = make_user("editor", roles.SITE_EDITOR)

    response = client_for(specialist).post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_post_data(page, "Подано на перевірку", "action-submit"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    task = state.current_task_state.task.specific
    assert isinstance(task, GroupApprovalTask)
    assert set(task.groups.values_list("name", flat=True)) >= {roles.SITE_EDITOR, roles.MODERATOR}

    # The editor may act on the task: it is not locked for them and "approve" is offered.
    assert not task.locked_for_user(page, editor)
    assert "approve" in [name for name, *_ in task.get_actions(page, editor)]
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk]
    )
    response = client_for(editor).post(approve_url, {"comment": "Погоджено"})
    assert response.status_code in {200, 302}

    page.refresh_from_db()
    assert page.title == "Подано на перевірку"
    assert page.live and not page.has_unpublished_changes


def test_no_approval_task_is_left_without_approvers() -> None:
    workflow = Workflow.objects.get(name="Moderators approval")
    for task in GroupApprovalTask.objects.all():
        assert task.groups.exists(), task
    assert workflow.active
