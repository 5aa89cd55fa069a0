"""Who may see a requester's personal data and the case's attachments: the case's assignee,
the head of office and administrators. Every view and every download is written to the audit
log, and so is every refused download."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from hromada.core import audit
from hromada.core.roles import ADMINISTRATOR
from hromada.correspondence.models import Attachment, Document, Requester

VIEW_ACTION = "correspondence.view_personal_data"
ATTACHMENT_ACTION = "correspondence.download_attachment"
ATTACHMENT_REFUSED_ACTION = "correspondence.attachment_refused"


def is_head_of_office(user: Any) -> bool:
    return bool(user and user.is_active and user.has_perm("correspondence.head_of_office"))


def can_view_personal_data(user: Any, document: Document) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("correspondence.view_personal_data"):
        return True
    if is_head_of_office(user):
        return True
    if user.groups.filter(name=ADMINISTRATOR).exists():
        return True
    return document.assignee_id is not None and document.assignee_id == user.pk


def personal_data(*, document: Document, user: Any, purpose: str = "view") -> Requester | None:
    """The requester of ``document`` for ``user``, logged; PermissionDenied for anyone else."""
    if not can_view_personal_data(user, document):
        raise PermissionDenied("personal data of this case is not available to you")
    requester = Requester.objects.filter(document=document).first()
    if requester is not None:
        audit.record(document, VIEW_ACTION, user=user, data={"purpose": purpose})
    return requester


def attachment_for(*, attachment_id: int, user: Any) -> Attachment:
    """The attachment for ``user`` to download, the download logged; PermissionDenied for
    anyone else, the refusal logged too (who tried to open whose file is traceable);
    Attachment.DoesNotExist when there is none (or its file was erased)."""
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
    name = attachment.file.name if attachment.file else None
    if not name or not attachment.file.storage.exists(name):
        raise Attachment.DoesNotExist("the file was erased")
    audit.record(
        attachment.document,
        ATTACHMENT_ACTION,
        user=user,
        data={"attachment": attachment.pk, "name": attachment.name},
    )
    return attachment
