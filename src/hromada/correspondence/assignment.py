"""Who may give a case to whom: the office's rules, checked by `services.assign` and at
registration, so a specialist cannot reach a requester's personal data by taking a colleague's
case.

- The head of office (`correspondence.head_of_office`), holders of
  `correspondence.assign_cases` (the Адміністратор role) and superusers assign any open case.
- The case's current assignee hands it over.
- Anyone else may only take an unassigned case for themselves, and only while the journal's
  settings allow it ("Specialists may take unassigned cases"). The office has no departments
  in Hromada's data, so the whole office counts as one department.

Calls without a user (imports, the demo, background jobs) are not checked: they act for the
office, not for a member of staff.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from hromada.correspondence.models import Document

ASSIGN_PERMISSION = "correspondence.assign_cases"
# Who may hold a case: whoever may work on the journal (an editor, moderator or data steward
# given a case could otherwise download its attachments without any journal access).
JOURNAL_PERMISSION = ("correspondence", "change_document")


def assignable_users() -> Any:
    """Active users with the journal's permissions (through a role or their own), and
    superusers: the only ones a case may be given to."""
    app_label, codename = JOURNAL_PERMISSION
    has_permission = Q(
        groups__permissions__content_type__app_label=app_label,
        groups__permissions__codename=codename,
    ) | Q(
        user_permissions__content_type__app_label=app_label,
        user_permissions__codename=codename,
    )
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | has_permission, is_active=True)
        .distinct()
        .order_by("username")
    )


def check_assignable(assignee: Any) -> None:
    if assignee is not None and not assignable_users().filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": _("Only staff with access to the journal can be given a case.")}
        )


def leads_the_office(user: Any) -> bool:
    """The head of office and those who may assign like them."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(
        user.is_superuser
        or user.has_perm(ASSIGN_PERMISSION)
        or user.has_perm("correspondence.head_of_office")
    )


def self_assignment_allowed() -> bool:
    from hromada.correspondence.numbering import journal_settings

    return bool(journal_settings().specialists_take_cases)


def refusal(user: Any, document: Document | None, assignee: Any) -> str | None:
    """Why ``user`` may not give ``document`` (None: a new one) to ``assignee``, or None."""
    if user is None or leads_the_office(user):
        return None
    current = document.assignee_id if document is not None else None
    if current is not None and current == user.pk:
        return None
    if assignee is None or assignee.pk != user.pk:
        return _("Only the head of office or the case's assignee may assign it to someone.")
    if current is not None:
        return _("This case is assigned to someone else; ask the head of office to reassign it.")
    if not self_assignment_allowed():
        return _("Only the head of office assigns cases (the journal's settings).")
    return None


def check(user: Any, document: Document | None, assignee: Any) -> None:
    """PermissionDenied when ``user`` may not assign; ValidationError for an assignee who may
    not hold a case."""
    check_assignable(assignee)
    reason = refusal(user, document, assignee)
    if reason is not None:
        raise PermissionDenied(reason)
