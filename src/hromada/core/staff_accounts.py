"""Staff accounts in the admin: a role grants only what it has itself.

Wagtail's user views let anyone who may change users tick "superuser", set the password of any
account and put anyone in any group. The Адміністратор role may change users, so without these
rules it could make itself superuser, or set a superuser's password and sign in as them.

The rules, for everyone who is not a superuser:
- an account is managed only if its powers are all among the manager's own (so never a
  superuser's, and never a colleague's with rights the manager lacks);
- a group is granted only if its powers are all among the manager's own;
- passwords are not set here: a new colleague sets theirs from the e-mail invitation, others
  reset theirs through the admin's "forgot password" e-mail;
- the superuser checkbox is not offered.

Superusers keep Wagtail's full forms. The same rules guard the users list's bulk actions.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from hromada.core import audit, mail, refusals


@dataclass(frozen=True)
class Powers:
    """What an account or a group may do: model permissions ("app.codename"), page-tree
    permissions (page path, codename) and collection permissions (collection path,
    "app.codename"). A tree permission covers the node it is given on and everything below."""

    model: frozenset[str]
    pages: frozenset[tuple[str, str]]
    collections: frozenset[tuple[str, str]]

    def covers(self, other: Powers) -> bool:
        return (
            other.model <= self.model
            and all(_tree_covers(self.pages, item) for item in other.pages)
            and all(_tree_covers(self.collections, item) for item in other.collections)
        )


def _tree_covers(granted: frozenset[tuple[str, str]], wanted: tuple[str, str]) -> bool:
    path, permission = wanted
    return any(permission == held and path.startswith(held_path) for held_path, held in granted)


def _group_powers(groups: Any) -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
    pages = frozenset(
        (gp.page.path, gp.permission.codename)
        for gp in GroupPagePermission.objects.filter(group__in=groups).select_related(
            "page", "permission"
        )
    )
    collections = frozenset(
        (gp.collection.path, f"{gp.permission.content_type.app_label}.{gp.permission.codename}")
        for gp in GroupCollectionPermission.objects.filter(group__in=groups).select_related(
            "collection", "permission__content_type"
        )
    )
    return pages, collections


def powers_of_group(group: Group) -> Powers:
    model = frozenset(
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    )
    pages, collections = _group_powers([group])
    return Powers(model=model, pages=pages, collections=collections)


def powers_of_account(user: Any) -> Powers:
    """The powers an account holds through its groups and its own permissions (an inactive
    account's included: reactivating it gives them back)."""
    groups = list(user.groups.all())
    model: set[str] = set()
    for group in groups:
        model |= powers_of_group(group).model
    model |= {
        f"{p.content_type.app_label}.{p.codename}"
        for p in user.user_permissions.select_related("content_type")
    }
    pages, collections = _group_powers(groups)
    return Powers(model=frozenset(model), pages=pages, collections=collections)


def can_manage_account(actor: Any, account: Any) -> bool:
    """Whether `actor` may edit `account` (its name, e-mail, groups, active state)."""
    if actor.is_superuser:
        return True
    if account.is_superuser:
        return False
    return powers_of_account(actor).covers(powers_of_account(account))


def grantable_groups(actor: Any) -> list[Group]:
    """The groups `actor` may put an account in: all for a superuser, else those whose
    powers are all the actor's own."""
    groups = list(Group.objects.order_by("name"))
    if actor.is_superuser:
        return groups
    own = powers_of_account(actor)
    return [group for group in groups if own.covers(powers_of_group(group))]


class _LimitedAccountForm:
    """Mixin for Wagtail's user forms, given the signed-in manager as `for_user`."""

    _manager: Any = None

    def _limit_to_manager(self: Any) -> None:
        if self._manager is None or self._manager.is_superuser:
            return
        self.fields.pop("is_superuser", None)
        allowed = [group.pk for group in grantable_groups(self._manager)]
        self.fields["groups"].queryset = Group.objects.filter(pk__in=allowed).order_by("name")
        self.fields["groups"].help_text = _(
            "Only the roles whose rights you hold yourself are offered."
        )

    @property
    def password_enabled(self) -> bool:
        if self._manager is not None and not self._manager.is_superuser:
            return False
        return bool(super().password_enabled)  # type: ignore[misc]


class StaffAccountEditForm(_LimitedAccountForm, UserEditForm):
    def __init__(self, *args: Any, for_user: Any = None, **kwargs: Any) -> None:
        self._manager = for_user
        super().__init__(*args, **kwargs)
        self._limit_to_manager()


class StaffAccountCreationForm(_LimitedAccountForm, UserCreationForm):
    def __init__(self, *args: Any, for_user: Any = None, **kwargs: Any) -> None:
        self._manager = for_user
        super().__init__(*args, **kwargs)
        self._limit_to_manager()

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=False)
        self.invitation_needed = not self.password_enabled
        if self.invitation_needed:
            # Nobody but the new colleague will know the password: they set it from the
            # invitation link. A random one rather than an unusable one, so the sign-in
            # page's "forgot password" also works for them if the link expires.
            user.set_password(secrets.token_urlsafe(32))
        if commit:
            user.save()
            self.save_m2m()
        return user


def invite(*, account: Any, invited_by: Any) -> None:
    """E-mail a new colleague a link to set their password (the admin's reset-confirm page),
    after the commit."""
    from django.conf import settings

    link = settings.BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    body = _(
        "An account has been created for you in the back-office (user name: %(username)s).\n"
        "Set your password here: %(link)s\n"
        "The link works once; ask for a new one on the sign-in page if it has expired."
    ) % {"username": account.get_username(), "link": link}
    mail.queue_email(subject=_("Your back-office account"), body=body, to=[account.email])
    audit.record(account, "hromada.account_invited", user=invited_by)


def _refuse(request: HttpRequest) -> HttpResponse:
    return refusals.forbidden(
        request,
        title=_("Account not available"),
        message=_(
            "This account has rights that you do not hold yourself, so only a superuser may "
            "change it."
        ),
    )


class StaffAccountEditView(wagtail_users.EditView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not can_manage_account(request.user, self.object):
            return _refuse(request)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs


class StaffAccountCreateView(wagtail_users.CreateView):
    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs

    def save_instance(self) -> Any:
        with transaction.atomic():
            instance = super().save_instance()
            if getattr(self.form, "invitation_needed", False):
                invite(account=instance, invited_by=self.request.user)
        return instance


class StaffAccountViewSet(wagtail_users.UserViewSet):
    add_view_class = StaffAccountCreateView
    edit_view_class = StaffAccountEditView

    def get_form_class(self, for_update: bool = False) -> type:
        return StaffAccountEditForm if for_update else StaffAccountCreationForm


def refuse_bulk_action_beyond_own_rights(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> HttpResponse | None:
    """`before_bulk_action` hook: the users list's bulk actions follow the same rules."""
    if getattr(action, "model", None) is not get_user_model() or request.user.is_superuser:
        return None
    if not all(can_manage_account(request.user, account) for account in objects):
        return _refuse(request)
    if action_type == "assign_role":
        role = action.cleaned_form.cleaned_data.get("role")
        if role is not None and role not in grantable_groups(request.user):
            return refusals.forbidden(
                request,
                title=_("Role not available"),
                message=_("You may give only the roles whose rights you hold yourself."),
            )
    return None
