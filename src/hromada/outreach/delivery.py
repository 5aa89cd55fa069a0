"""Sending an urgent notice out: a post in the Telegram channel and an e-mail to each resident
who asked for notices (one message each, with RFC 8058 one-click unsubscribe headers)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hromada.outreach import facebook, selectors, services, telegram
from hromada.outreach.models import Channel, ChannelPost, PostStatus, UrgentNotice

logger = logging.getLogger(__name__)
# Messages handed to the mail backend per connection.
EMAIL_BATCH = 200


def absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def notice_url(notice: UrgentNotice) -> str:
    return absolute(reverse("outreach_notice", args=[notice.pk]))


def _until(notice: UrgentNotice) -> str:
    local = timezone.localtime(notice.ends_at)
    return f"{date_format(local, 'd.m.Y')} {date_format(local, 'H:i')}"


def telegram_text(notice: UrgentNotice) -> str:
    """The channel post, in Ukrainian, parse_mode HTML with every value escaped."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            f"<b>⚠️ {telegram.escape(notice.get_category_display())}: "
            f"{telegram.escape(notice.title)}</b>",
            "",
            telegram.escape(notice.text),
        ]
        if notice.area:
            lines += ["", f"{telegram.escape(_('Area'))}: {telegram.escape(notice.area)}"]
        lines += [f"{telegram.escape(_('Until'))} {_until(notice)}", notice_url(notice)]
    return "\n".join(lines)


def post_to_telegram(notice_id: int, *, sleep: Callable[[float], None] | None = None) -> str:
    """Post the notice to the channel (with retries); the message id, or "" when Telegram is
    not configured or the post failed (the failure is stored on the notice)."""
    notice = UrgentNotice.objects.filter(pk=notice_id).first()
    if notice is None or not telegram.configured() or notice.telegram_message_id:
        return ""
    text = telegram_text(notice)
    try:
        message = retrying(lambda: telegram.send_message(text), sleep=sleep)
    except telegram.BotApiError as error:
        logger.warning("urgent notice %s: Telegram refused: %s", notice_id, error.description)
        services.record_telegram_result(notice_id=notice_id, error=error.description)
        return ""
    message_id = str(message.get("message_id", ""))
    services.record_telegram_result(notice_id=notice_id, message_id=message_id)
    return message_id


def _messages(notice: UrgentNotice) -> Iterator[EmailMessage]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"{notice.get_category_display()}: {notice.title}"
        lines = [notice.title, "", notice.text]
        if notice.area:
            lines += ["", f"{_('Area')}: {notice.area}"]
        lines += [f"{_('Until')} {_until(notice)}", "", notice_url(notice)]
        footer = _("You get urgent notices because you asked for them. Unsubscribe: %(url)s")
    for subscription in selectors.notice_subscribers().iterator(chunk_size=EMAIL_BATCH):
        unsubscribe = absolute(reverse("outreach_unsubscribe", args=[subscription.token]))
        body = "\n".join([*lines, "", "--", footer % {"url": unsubscribe}])
        yield EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[subscription.user.email],
            headers={
                # RFC 2369 and RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )


def email_subscribers(notice_id: int) -> int:
    """E-mail the notice to every subscriber, in batches over one connection each."""
    notice = UrgentNotice.objects.filter(pk=notice_id).first()
    if notice is None or notice.emailed_count:
        return 0
    sent = 0
    batch: list[EmailMessage] = []
    for message in _messages(notice):
        batch.append(message)
        if len(batch) >= EMAIL_BATCH:
            sent += _send(batch)
            batch = []
    if batch:
        sent += _send(batch)
    services.record_emailed(notice_id=notice_id, count=sent)
    return sent


def _send(batch: list[EmailMessage]) -> int:
    with get_connection() as connection:
        return int(connection.send_messages(batch) or 0)


# --- Pages posted to the channels ----------------------------------------------------------

ChannelError = (telegram.BotApiError, facebook.GraphApiError)


def retrying(action: Callable[[], Any], *, sleep: Callable[[float], None] | None = None) -> Any:
    """Run `action`, again after a temporary failure: after the `retry_after` the API asked
    for (Telegram's 429), else after 1, 2, 4 seconds (5xx, rate limits, the network)."""
    wait = sleep or time.sleep
    for attempt in range(telegram.ATTEMPTS):
        try:
            return action()
        except ChannelError as error:
            if not error.temporary or attempt == telegram.ATTEMPTS - 1:
                raise
            retry_after = error.retry_after
            if retry_after is not None and retry_after > telegram.MAX_RETRY_AFTER_SECONDS:
                raise
            wait(float(retry_after if retry_after is not None else 2**attempt))
    raise AssertionError("unreachable")


def page_summary(page: Any) -> str:
    from hromada.core.share import plain

    text = getattr(page, "search_description", "") or getattr(page, "lead", "") or ""
    return plain(text or getattr(page, "description", "") or "", 600)


def page_photo(page: Any) -> str:
    """The absolute address of the page's lead image as a share card (1200 × 630), or ""."""
    image = getattr(page, "lead_image", None) or getattr(page, "image", None)
    if image is None:
        return ""
    try:
        return absolute(image.get_rendition("fill-1200x630|format-jpeg").url)
    except OSError:
        return ""


def telegram_post(page: Any) -> str:
    parts = [f"<b>{telegram.escape(page.title)}</b>"]
    summary = page_summary(page)
    if summary:
        parts += ["", telegram.escape(summary)]
    parts += ["", telegram.escape(page.full_url or absolute(page.url))]
    return "\n".join(parts)


def facebook_post(page: Any) -> str:
    summary = page_summary(page)
    return f"{page.title}\n\n{summary}" if summary else page.title


def _publish(post: ChannelPost, page: Any) -> None:
    photo = page_photo(page)
    link = page.full_url or absolute(page.url)
    if post.channel == Channel.TELEGRAM:
        text = telegram_post(page)
        if post.post_id:
            edit = telegram.edit_message_caption if post.with_photo else telegram.edit_message_text
            try:
                edit(int(post.post_id), text)
            except telegram.BotApiError as error:
                if "not modified" not in error.description:
                    raise
            return
        message = telegram.send_photo(photo, text) if photo else telegram.send_message(text)
        post.post_id = str(message["message_id"])
        post.with_photo = bool(photo)
        post.link = telegram.message_link(post.post_id)
    else:
        message_text = facebook_post(page)
        if post.post_id:
            facebook.update_post(post.post_id, message_text)
            return
        if photo:
            post.post_id = facebook.post_photo(f"{message_text}\n\n{link}", photo)
            post.with_photo = True
        else:
            post.post_id = facebook.post_link(message_text, link)
        post.link = facebook.post_link_url(post.post_id)


def _remove(post: ChannelPost) -> None:
    if not post.post_id:
        return
    if post.channel == Channel.TELEGRAM:
        telegram.delete_message(int(post.post_id))
    else:
        facebook.delete_post(post.post_id)


def sync_channel_post(post_pk: int, *, sleep: Callable[[float], None] | None = None) -> str:
    """Bring one channel's post in line with its page: post it, update it, or remove it (the
    page unpublished or the box unticked). Returns the post's status; a failure is stored on
    the post and never touches the page."""
    post = ChannelPost.objects.select_related("page").filter(pk=post_pk).first()
    if post is None:
        return ""
    configured = (
        telegram.configured() if post.channel == Channel.TELEGRAM else facebook.configured()
    )
    if not configured:
        return str(post.status)
    page = post.page.specific
    wanted = page.live and bool(getattr(page, f"post_to_{post.channel}", False))
    try:
        if wanted:
            retrying(lambda: _publish(post, page), sleep=sleep)
            status = PostStatus.POSTED
        else:
            retrying(lambda: _remove(post), sleep=sleep)
            status = PostStatus.DELETED if post.post_id else PostStatus.PENDING
        error = ""
    except ChannelError as failure:
        logger.warning("channel post %s (%s) failed: %s", post.pk, post.channel, failure)
        status, error = PostStatus.FAILED, str(failure)[:500]
    services.record_channel_post(
        post_pk=post.pk,
        status=status,
        post_id=post.post_id if status != PostStatus.DELETED else "",
        link=post.link if status != PostStatus.DELETED else "",
        with_photo=post.with_photo,
        error=error,
    )
    return str(status)


def fetch_follower_counts() -> dict[str, int]:
    """Today's followers of the Page and members of the channel (where configured)."""
    counts: dict[str, int] = {}
    readers = {
        Channel.TELEGRAM: (telegram.configured, telegram.member_count),
        Channel.FACEBOOK: (facebook.configured, facebook.follower_count),
    }
    for channel, (configured, read) in readers.items():
        if not configured():
            continue
        try:
            counts[channel] = int(retrying(read))
        except ChannelError as failure:
            logger.warning("follower count of %s failed: %s", channel, failure)
            continue
        services.record_follower_count(
            channel=channel, day=timezone.localdate(), count=counts[channel]
        )
    return counts


# --- Residents' digests ----------------------------------------------------------------------


def _digest_message(settings_row: Any, changes: list[tuple[Any, Any]]) -> EmailMessage:
    unsubscribe = absolute(reverse("outreach_follows_unsubscribe", args=[settings_row.token]))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("What changed in what you follow")
        lines = [subject, ""]
        for _follow, target in changes:
            lines += [f"• {target.title}", f"  {_('Status')}: {target.state_label}"]
            if target.url:
                lines.append(f"  {absolute(target.url)}")
        lines += [
            "",
            _("What you follow: %(url)s") % {"url": absolute(reverse("outreach_follows"))},
            _("Stop these e-mails: %(url)s") % {"url": unsubscribe},
        ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings_row.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def send_digests(frequency: str) -> int:
    """E-mail each resident on this frequency the status changes of what they follow since
    their last digest: the follows read in bulk (one query per kind), the e-mails sent in
    batches over one connection each; returns how many were sent."""
    from hromada.outreach.follows import KINDS, targets
    from hromada.outreach.models import Follow, FollowSettings

    residents = {
        row.user_id: row
        for row in FollowSettings.objects.filter(
            frequency=frequency, paused=False, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
    }
    follows = list(
        Follow.objects.filter(user_id__in=list(residents)).only(
            "pk", "user_id", "kind", "target_id", "seen_state"
        )
    )
    now: dict[str, dict[int, Any]] = {}
    for kind in KINDS:
        ids = [item.target_id for item in follows if item.kind == kind]
        now[kind] = targets(kind, ids) if ids else {}
    changed: dict[int, list[tuple[Any, Any]]] = {}
    for item in follows:
        target = now[item.kind].get(item.target_id)
        if target is not None and target.state != item.seen_state:
            changed.setdefault(item.user_id, []).append((item, target))
    sent = 0
    batch: list[EmailMessage] = []
    told: list[tuple[int, str]] = []
    for user_id, changes in changed.items():
        batch.append(_digest_message(residents[user_id], changes))
        told += [(item.pk, target.state) for item, target in changes]
        if len(batch) >= EMAIL_BATCH:
            sent += _send(batch)
            services.mark_seen(changes=told)
            batch, told = [], []
    if batch:
        sent += _send(batch)
        services.mark_seen(changes=told)
    return sent
