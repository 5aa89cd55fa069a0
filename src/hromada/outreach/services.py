"""Every write of the outreach module: urgent notices and residents' e-mail subscriptions."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.types import Actor
from hromada.outreach.models import (
    Channel,
    ChannelPost,
    NoticeCategory,
    NoticeSubscription,
    UrgentNotice,
)

PUBLISH_PERMISSION = "outreach.publish_urgentnotice"


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A notice must end after it starts.")})
    if ends_at <= timezone.now():
        raise ValidationError({"ends_at": _("The end time has already passed.")})


@transaction.atomic
def publish_notice(
    *,
    user: Actor | None,
    category: str,
    title: str,
    text: str,
    ends_at: dt.datetime,
    area: str = "",
    starts_at: dt.datetime | None = None,
) -> UrgentNotice:
    """Publish an urgent notice: the banner shows it at once; after the commit it is posted
    to the Telegram channel and e-mailed to the residents who asked for notices."""
    if user is not None and not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied
    if category not in NoticeCategory.values:
        raise ValidationError({"category": _("Choose a category from the list.")})
    if not title.strip() or not text.strip():
        raise ValidationError(_("A notice needs a title and a text."))
    starts = starts_at or timezone.now()
    _check_times(starts, ends_at)
    notice = UrgentNotice(
        category=category,
        title=title.strip(),
        text=text.strip(),
        area=area.strip(),
        starts_at=starts,
        ends_at=ends_at,
        created_by=user,
    )
    notice.full_clean()
    notice.save()
    audit.record(notice, "outreach.notice.publish", user=user)
    _after_commit(notice.pk)
    return notice


def _after_commit(notice_id: int) -> None:
    from hromada.outreach import tasks

    transaction.on_commit(lambda: tasks.post_notice_to_telegram.enqueue(notice_id=notice_id))
    transaction.on_commit(lambda: tasks.email_notice.enqueue(notice_id=notice_id))


@transaction.atomic
def withdraw_notice(*, user: Actor | None, notice: UrgentNotice) -> UrgentNotice:
    """Take a notice off the banner before its end (it stays in the archive)."""
    if user is not None and not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied
    locked = UrgentNotice.objects.select_for_update().get(pk=notice.pk)
    if locked.withdrawn_at is None:
        before = audit.snapshot(locked)
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        audit.record(locked, "outreach.notice.withdraw", user=user, before=before)
    return locked


def record_telegram_result(*, notice_id: int, message_id: str = "", error: str = "") -> None:
    """What the channel answered (the job's only write)."""
    UrgentNotice.objects.filter(pk=notice_id).update(
        telegram_message_id=message_id, telegram_error=error[:500]
    )


def record_emailed(*, notice_id: int, count: int) -> None:
    UrgentNotice.objects.filter(pk=notice_id).update(emailed_count=count)


@transaction.atomic
def subscribe_to_notices(*, user: Actor) -> NoticeSubscription:
    """A signed-in resident asks for urgent notices by e-mail."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    subscription, _created = NoticeSubscription.objects.get_or_create(user=user)
    if not subscription.active:
        subscription.active = True
        subscription.save(update_fields=["active"])
    return subscription


@transaction.atomic
def unsubscribe_from_notices(*, subscription: NoticeSubscription) -> None:
    """One click in the e-mail (RFC 8058) or the form: no more notices by e-mail."""
    NoticeSubscription.objects.filter(pk=subscription.pk).update(active=False)


# --- Pages posted to the city's channels ---------------------------------------------------


def _configured(channel: str) -> bool:
    from django.conf import settings

    if channel == Channel.TELEGRAM:
        return bool(settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_CHANNEL)
    return bool(settings.FACEBOOK_PAGE_ID and settings.FACEBOOK_PAGE_TOKEN)


def queue_channel_posts(*, page: Any) -> list[ChannelPost]:
    """After a page is published (or unpublished): post, update or remove it on each channel
    its boxes name, in background jobs after the commit; the page never waits for them."""
    from hromada.outreach import tasks

    queued = []
    for channel in Channel.values:
        if not _configured(channel):
            continue
        wanted = page.live and bool(getattr(page, f"post_to_{channel}", False))
        post = ChannelPost.objects.filter(page_id=page.pk, channel=channel).first()
        if post is None and not wanted:
            continue
        if post is None:
            post = ChannelPost.objects.create(page_id=page.pk, channel=channel)
        elif not wanted and not post.post_id:
            continue
        queued.append(post)
        transaction.on_commit(partial(tasks.sync_channel_post.enqueue, post_pk=post.pk))
    return queued


def record_channel_post(
    *, post_pk: int, status: str, post_id: str, link: str, with_photo: bool, error: str
) -> None:
    """What a channel answered (the job's only write)."""
    posts = ChannelPost.objects.filter(pk=post_pk)
    posts.update(
        status=status, post_id=post_id, link=link, with_photo=with_photo, error=error[:500]
    )
    if status == "posted":
        # The first time it went out: what the report counts.
        posts.filter(posted_at__isnull=True).update(posted_at=timezone.now())


def record_follower_count(*, channel: str, day: dt.date, count: int) -> None:
    from hromada.outreach.models import FollowerCount

    FollowerCount.objects.update_or_create(channel=channel, day=day, defaults={"count": count})


# --- Residents' follows and digests --------------------------------------------------------


def follow(*, user: Actor, kind: str, target_id: int) -> None:
    """A signed-in resident follows a petition, a budget project or a problem report; the
    status they see now is what later changes are told against."""
    from hromada.outreach.follows import KINDS, targets
    from hromada.outreach.models import Follow, FollowSettings

    if user is None or not user.is_authenticated:
        raise PermissionDenied
    if kind not in KINDS:
        raise ValidationError(_("Choose a category from the list."))
    found = targets(kind, [target_id]).get(target_id)
    if found is None:
        raise ValidationError(_("There is nothing to follow at this address."))
    with transaction.atomic():
        FollowSettings.objects.get_or_create(user=user)
        Follow.objects.get_or_create(
            user=user, kind=kind, target_id=target_id, defaults={"seen_state": found.state}
        )


def unfollow(*, user: Actor, follow_id: int) -> None:
    from hromada.outreach.models import Follow

    Follow.objects.filter(user=user, pk=follow_id).delete()


def set_digest_frequency(*, user: Actor, frequency: str, paused: bool = False) -> None:
    from hromada.outreach.models import DigestFrequency, FollowSettings

    if frequency not in DigestFrequency.values:
        raise ValidationError({"frequency": _("Choose a category from the list.")})
    FollowSettings.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "paused": paused}
    )


def pause_digests(*, token: str) -> bool:
    """One click in a digest (RFC 8058): no more digests for this resident."""
    from hromada.outreach.models import FollowSettings

    return bool(FollowSettings.objects.filter(token=token).update(paused=True))


def mark_seen(*, changes: list[tuple[int, str]]) -> None:
    """The statuses a digest told, so they are not told again."""
    from hromada.outreach.models import Follow

    for follow_id, state in changes:
        Follow.objects.filter(pk=follow_id).update(seen_state=state)
