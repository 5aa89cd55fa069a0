"""Who may see a requester's personal data and the case's attachments, and why.

Those who may: the case's assignee, the head of office, holders of
`correspondence.view_personal_data` (the Адміністратор role) and superusers. Seeing the data
also needs a purpose the law accepts (Law of Ukraine "On Personal Data Protection", Art. 6 and
10: data are processed only for a defined purpose), chosen from `Purpose`; the purposes open to
a user depend on their part in the case (`purposes_for`). Every view and every download is
written to the audit log with its purpose, and so is every refused download."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core import audit
from hromada.core.roles import ADMINISTRATOR
from hromada.correspondence.models import Attachment, Document, Requester

VIEW_ACTION = "correspondence.view_personal_data"
ATTACHMENT_ACTION = "correspondence.download_attachment"
ATTACHMENT_REFUSED_ACTION = "correspondence.attachment_refused"

# How long a chosen purpose opens a case's personal data in one session.
ACCESS_SECONDS = 30 * 60


class Purpose(models.TextChoices):
    HANDLING = "handling", _("Handling the case")
    SUPERVISION = "supervision", _("Supervising the case's handling")
    AUTHORITY_REQUEST = (
        "authority_request",
        _("A request from a court, the Ombudsman or a law-enforcement body"),
    )
    SUBJECT_REQUEST = "subject_request", _("The requester's own request for their data")


class PurposeRequired(PermissionDenied):
    """The user may see the data, but has not said why (or gave a purpose not theirs)."""


def is_head_of_office(user: Any) -> bool:
    return bool(user and user.is_active and user.has_perm("correspondence.head_of_office"))


def _supervises(user: Any) -> bool:
    return bool(
        user.is_superuser
        or user.has_perm("correspondence.view_personal_data")
        or is_head_of_office(user)
        or user.groups.filter(name=ADMINISTRATOR).exists()
    )


def purposes_for(user: Any, document: Document) -> list[Purpose]:
    """The purposes for which ``user`` may see ``document``'s personal data (none: never)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    purposes = []
    if document.assignee_id is not None and document.assignee_id == user.pk:
        purposes.append(Purpose.HANDLING)
    if _supervises(user):
        purposes += [Purpose.SUPERVISION, Purpose.AUTHORITY_REQUEST, Purpose.SUBJECT_REQUEST]
    return purposes


def can_view_personal_data(user: Any, document: Document) -> bool:
    return bool(purposes_for(user, document))


def _check_purpose(user: Any, document: Document, purpose: str | None) -> None:
    allowed = purposes_for(user, document)
    if not allowed:
        raise PermissionDenied("personal data of this case is not available to you")
    if purpose not in allowed:
        raise PurposeRequired("choose the purpose for which you need the personal data")


def personal_data(*, document: Document, user: Any, purpose: str | None) -> Requester | None:
    """The requester of ``document`` for ``user`` and ``purpose``, logged with the purpose;
    PermissionDenied for anyone else, PurposeRequired without a purpose open to them."""
    _check_purpose(user, document, purpose)
    requester = Requester.objects.filter(document=document).first()
    if requester is not None:
        audit.record(document, VIEW_ACTION, user=user, data={"purpose": purpose})
    return requester


def attachment_for(*, attachment_id: int, user: Any, purpose: str | None) -> Attachment:
    """The attachment for ``user`` to download, the download logged with its purpose;
    PermissionDenied for anyone else, the refusal logged too (who tried to open whose file is
    traceable); PurposeRequired without a purpose; Attachment.DoesNotExist when there is none
    (or its file was erased)."""
    attachment = Attachment.objects.select_related("document").get(pk=attachment_id)
    if not can_view_personal_data(user, attachment.document):
        audit.record(
            attachment.document,
            ATTACHMENT_REFUSED_ACTION,
            user=user if user is not None and user.is_authenticated else None,
            # Not the file's name: it may itself be personal data this user may not see.
            data={"attachment": attachment.pk},
        )
        raise PermissionDenied("attachments of this case are not available to you")
    _check_purpose(user, attachment.document, purpose)
    name = attachment.file.name if attachment.file else None
    if not name or not attachment.file.storage.exists(name):
        raise Attachment.DoesNotExist("the file was erased")
    audit.record(
        attachment.document,
        ATTACHMENT_ACTION,
        user=user,
        data={"attachment": attachment.pk, "name": attachment.name, "purpose": purpose},
    )
    return attachment
