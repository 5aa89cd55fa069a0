"""core.staff_accounts: a role grants only what it has itself (issue 23, finding 1).

Before these rules the Адміністратор role, which may change users, could tick "superuser" on
any account, set a superuser's password and sign in as them, or put itself in a role with
rights it lacks (the specialist's access to requesters' personal data)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client

from hromada.core import roles, staff_accounts

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "x-Long-pass-2020"
ADD_URL = "/admin/users/new/"


def make_user(username: str, *groups: str, superuser: bool = False) -> object:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        first_name="Ім'я",
        last_name="Прізвище",
        is_superuser=superuser,
        is_staff=superuser,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_data(user: object, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": user.username,  # type: ignore[attr-defined]
        "email": user.email,  # type: ignore[attr-defined]
        "first_name": user.first_name,  # type: ignore[attr-defined]
        "last_name": user.last_name,  # type: ignore[attr-defined]
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],  # type: ignore[attr-defined]
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def administrator() -> object:
    return make_user("office-admin", roles.ADMINISTRATOR)


@pytest.fixture
def group_editors() -> Group:
    """A group a superuser might add: it may change groups' permissions, which the
    Адміністратор role may not (granting it would let the role rewrite its own rights)."""
    group = Group.objects.create(name="Служба ІТ")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="auth", codename="change_group"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    return group


def test_administrator_cannot_make_a_colleague_superuser(administrator: object) -> None:
    editor = make_user("editor", roles.SITE_EDITOR)
    client = signed_in(administrator)
    form = client.get(f"/admin/users/edit/{editor.pk}/")  # type: ignore[attr-defined]
    assert form.status_code == 200
    assert 'name="is_superuser"' not in form.content.decode()

    client.post(
        f"/admin/users/edit/{editor.pk}/",  # type: ignore[attr-defined]
        edit_data(editor, is_superuser="on"),
    )
    editor.refresh_from_db()  # type: ignore[attr-defined]
    assert not editor.is_superuser  # type: ignore[attr-defined]


def test_administrator_cannot_touch_a_superuser_account(administrator: object) -> None:
    boss = make_user("boss", superuser=True)
    client = signed_in(administrator)
    url = f"/admin/users/edit/{boss.pk}/"  # type: ignore[attr-defined]

    assert client.get(url).status_code == 403
    response = client.post(
        url,
        edit_data(boss, password1="Taken-over-2026", password2="Taken-over-2026", email="x@x.org"),
    )
    assert response.status_code == 403
    boss.refresh_from_db()  # type: ignore[attr-defined]
    assert boss.check_password(PASSWORD)  # type: ignore[attr-defined]
    assert boss.email == "boss@example.org"  # type: ignore[attr-defined]
    # ... and so cannot sign in as the superuser with a password of their choosing.
    assert not boss.check_password("Taken-over-2026")  # type: ignore[attr-defined]


def test_administrator_sets_no_passwords(administrator: object) -> None:
    editor = make_user("editor", roles.SITE_EDITOR)
    client = signed_in(administrator)
    url = f"/admin/users/edit/{editor.pk}/"  # type: ignore[attr-defined]
    assert 'name="password1"' not in client.get(url).content.decode()

    client.post(
        url, edit_data(editor, password1="Chosen-by-admin-1", password2="Chosen-by-admin-1")
    )
    editor.refresh_from_db()  # type: ignore[attr-defined]
    assert editor.check_password(PASSWORD)  # type: ignore[attr-defined]


def test_administrator_cannot_grant_a_role_with_rights_it_lacks(
    administrator: object, group_editors: Group
) -> None:
    specialist = group_editors
    editor_role = Group.objects.get(name=roles.SITE_EDITOR)
    assert not staff_accounts.powers_of_account(administrator).covers(
        staff_accounts.powers_of_group(specialist)
    )

    editor = make_user("editor", roles.SITE_EDITOR)
    client = signed_in(administrator)
    url = f"/admin/users/edit/{editor.pk}/"  # type: ignore[attr-defined]
    page = client.get(url).content.decode()
    assert f'value="{editor_role.pk}"' in page
    assert f'value="{specialist.pk}"' not in page

    client.post(url, edit_data(editor, groups=[editor_role.pk, specialist.pk]))
    assert not editor.groups.filter(pk=specialist.pk).exists()  # type: ignore[attr-defined]

    # Not on themselves either.
    own = f"/admin/users/edit/{administrator.pk}/"  # type: ignore[attr-defined]
    client.post(own, edit_data(administrator, groups=[specialist.pk]))
    assert not administrator.groups.filter(pk=specialist.pk).exists()  # type: ignore[attr-defined]


def test_administrator_cannot_edit_a_colleague_with_more_rights(
    administrator: object, group_editors: Group
) -> None:
    specialist = make_user("specialist", roles.SPECIALIST, group_editors.name)
    client = signed_in(administrator)
    url = f"/admin/users/edit/{specialist.pk}/"  # type: ignore[attr-defined]
    assert client.get(url).status_code == 403
    client.post(url, edit_data(specialist, email="attacker@example.org"))
    specialist.refresh_from_db()  # type: ignore[attr-defined]
    # The e-mail stays: changing it would let the manager reset the password to themselves.
    assert specialist.email == "specialist@example.org"  # type: ignore[attr-defined]


def test_administrator_still_manages_colleagues_within_its_rights(administrator: object) -> None:
    editor = make_user("editor", roles.SITE_EDITOR)
    moderator_role = Group.objects.get(name=roles.MODERATOR)
    client = signed_in(administrator)
    url = f"/admin/users/edit/{editor.pk}/"  # type: ignore[attr-defined]
    response = client.post(
        url, edit_data(editor, last_name="Нове", groups=[moderator_role.pk], is_active=None)
    )
    assert response.status_code == 302
    editor.refresh_from_db()  # type: ignore[attr-defined]
    assert editor.last_name == "Нове"  # type: ignore[attr-defined]
    assert not editor.is_active  # type: ignore[attr-defined]
    assert list(editor.groups.values_list("name", flat=True)) == [roles.MODERATOR]  # type: ignore[attr-defined]


def test_a_new_colleague_sets_their_own_password_from_the_invitation(
    administrator: object, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(administrator)
    response = client.get(ADD_URL)
    assert response.status_code == 200
    form = response.content.decode()
    assert 'name="password1"' not in form
    assert 'name="is_superuser"' not in form
    editor_role = Group.objects.get(name=roles.SITE_EDITOR)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD_URL,
            {
                "username": "newcomer",
                "email": "newcomer@example.org",
                "first_name": "Олена",
                "last_name": "Ґудзь",
                "groups": [editor_role.pk],
                "is_superuser": "on",
                "password1": "Chosen-by-admin-1",
                "password2": "Chosen-by-admin-1",
            },
        )
    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    assert not newcomer.is_superuser
    assert not newcomer.check_password("Chosen-by-admin-1")

    [invitation] = [m for m in mail.outbox if "newcomer@example.org" in m.to]
    link = re.search(r"https?://\S+", invitation.body)
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]
    anonymous = Client()
    step = anonymous.get(path)
    assert step.status_code == 302  # Django swaps the token for a session marker
    set_form = anonymous.get(step["Location"])
    assert set_form.status_code == 200
    done = anonymous.post(
        step["Location"],
        {"new_password1": "Own-choice-2026!", "new_password2": "Own-choice-2026!"},
    )
    assert done.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password("Own-choice-2026!")


def test_an_invited_colleague_can_also_use_forgot_password(administrator: object) -> None:
    """If the invitation has expired, the sign-in page's reset e-mail reaches them too."""
    client = signed_in(administrator)
    client.post(
        ADD_URL,
        {
            "username": "late",
            "email": "late@example.org",
            "first_name": "Іван",
            "last_name": "Їжак",
            "groups": [Group.objects.get(name=roles.SITE_EDITOR).pk],
        },
    )
    assert User.objects.filter(username="late").exists()
    mail.outbox.clear()
    Client().post("/admin/password_reset/", {"email": "late@example.org"})
    assert [m.to for m in mail.outbox] == [["late@example.org"]]


def test_bulk_actions_follow_the_same_rules(administrator: object, group_editors: Group) -> None:
    boss = make_user("boss", superuser=True)
    editor = make_user("editor", roles.SITE_EDITOR)
    specialist = group_editors
    client = signed_in(administrator)

    deactivate = client.post(
        f"/admin/bulk/{User._meta.app_label}/{User._meta.model_name}/set_active_state/"
        f"?id={boss.pk}",  # type: ignore[attr-defined]
        {"mark_as_active": "False"},
    )
    assert deactivate.status_code == 403
    boss.refresh_from_db()  # type: ignore[attr-defined]
    assert boss.is_active  # type: ignore[attr-defined]

    assign = client.post(
        f"/admin/bulk/{User._meta.app_label}/{User._meta.model_name}/assign_role/"
        f"?id={editor.pk}&id={administrator.pk}",  # type: ignore[attr-defined]
        {"role": specialist.pk},
    )
    assert assign.status_code == 403
    assert not specialist.user_set.filter(pk__in=[editor.pk, administrator.pk]).exists()  # type: ignore[attr-defined]


def test_every_role_of_the_office_is_within_the_administrators_rights() -> None:
    """The Адміністратор role leads the office: it may give any of the five roles."""
    administrator = make_user("office-admin", roles.ADMINISTRATOR)
    names = {group.name for group in staff_accounts.grantable_groups(administrator)}
    assert set(roles.ROLES) <= names


def test_a_superuser_keeps_wagtails_full_form() -> None:
    boss = make_user("boss", superuser=True)
    editor = make_user("editor", roles.SITE_EDITOR)
    page = signed_in(boss).get(f"/admin/users/edit/{editor.pk}/").content.decode()  # type: ignore[attr-defined]
    assert 'name="is_superuser"' in page
    assert 'name="password1"' in page
    assert f'value="{Group.objects.get(name=roles.SPECIALIST).pk}"' in page
