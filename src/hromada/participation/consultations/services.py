"""Every write of consultations: residents' comments, moderation, summaries."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.acts.models import Act
from hromada.core import audit
from hromada.core.types import Actor
from hromada.participation.consultations.models import (
    CommentStatus,
    ConsultationSummary,
    DraftComment,
)
from hromada.participation.residents.models import Resident
from hromada.participation.shared import services as shared
from hromada.participation.verification import require


def draft_open_for_comments(act: Act, *, today: dt.date | None = None) -> bool:
    """A draft is open while it is published and its consideration date has not come."""
    today = today or shared.today()
    return bool(
        act.status == "draft"
        and act.published_on
        and act.published_on <= today
        and (act.consideration_date is None or today < act.consideration_date)
    )


@transaction.atomic
def comment_on_draft(*, act: Act, resident: Resident, text: str) -> DraftComment:
    require(resident, "draft.comment")
    if not draft_open_for_comments(act):
        raise ValidationError(_("This draft is not open for comments."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = DraftComment.objects.create(
        act=act, resident=resident, author_name=resident.full_name, text=text.strip()
    )
    audit.record(comment, "wagtail.create", user=resident.user)
    return comment


@transaction.atomic
def moderate_comment(
    *, comment: DraftComment, publish: bool, reason: str, user: Actor | None
) -> DraftComment:
    if not publish and not reason.strip():
        raise ValidationError(_("Give the reason for this decision."))
    before = audit.snapshot(comment)
    comment.status = CommentStatus.PUBLISHED if publish else CommentStatus.REJECTED
    comment.moderation_reason = reason.strip()
    comment.save()
    audit.record(comment, "participation.moderated", user=user, before=before)
    return comment


@transaction.atomic
def publish_summary(*, act: Act, text: str, user: Actor | None) -> ConsultationSummary:
    summary, _created = ConsultationSummary.objects.update_or_create(
        act=act, defaults={"text": text.strip()}
    )
    audit.record(summary, "wagtail.publish", user=user)
    return summary


# --- Participatory budget ----------------------------------------------------------------
