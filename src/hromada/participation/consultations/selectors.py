"""Reads of consultations: drafts open for comments, published comments and summaries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from hromada.acts.models import Act
from hromada.participation.consultations.models import (
    CommentStatus,
    ConsultationSummary,
    DraftComment,
)


def drafts_open_for_comments(today: dt.date | None = None) -> QuerySet[Act]:

    today = today or timezone.localdate()
    return (
        Act.objects.filter(status="draft", published_on__isnull=False, published_on__lte=today)
        .filter(Q(consideration_date__isnull=True) | Q(consideration_date__gt=today))
        .order_by("consideration_date", "pk")
    )


def consultation_draft(pk: int) -> Act | None:
    """A draft that is or was open for comments (published), or None."""

    return Act.objects.filter(
        pk=pk, status__in=["draft", "rejected"], published_on__isnull=False
    ).first()


def published_comments(act: Act) -> QuerySet[DraftComment]:

    return DraftComment.objects.filter(act=act, status=CommentStatus.PUBLISHED)


def summary_of(act: Act) -> ConsultationSummary | None:

    return ConsultationSummary.objects.filter(act=act).first()


def published_summaries() -> QuerySet[ConsultationSummary]:

    return ConsultationSummary.objects.select_related("act").order_by("-published_at")
