"""Reads of urgent notices: the banner, the archive, the live dataset."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from hromada.core.types import Actor
from hromada.outreach.models import NoticeSubscription, UrgentNotice


def active_notices(now: dt.datetime | None = None) -> QuerySet[UrgentNotice]:
    """The notices the banner shows now: started, not ended, not withdrawn."""
    moment = now or timezone.now()
    return UrgentNotice.objects.filter(
        withdrawn_at__isnull=True, starts_at__lte=moment, ends_at__gt=moment
    ).order_by("-starts_at", "-pk")


def notice_archive() -> QuerySet[UrgentNotice]:
    """Every notice that has been shown (withdrawn ones included: they were public)."""
    return UrgentNotice.objects.filter(starts_at__lte=timezone.now()).order_by("-starts_at", "-pk")


def public_notice(pk: int) -> UrgentNotice | None:
    return notice_archive().filter(pk=pk).first()


def notice_subscribers() -> QuerySet[NoticeSubscription]:
    return NoticeSubscription.objects.filter(
        active=True, user__is_active=True, user__email__gt=""
    ).select_related("user")


def subscription_of(user: Actor) -> NoticeSubscription | None:
    return NoticeSubscription.objects.filter(user=user).first()


def subscription_by_token(token: str) -> NoticeSubscription | None:
    return NoticeSubscription.objects.filter(token=token).first() if token else None
