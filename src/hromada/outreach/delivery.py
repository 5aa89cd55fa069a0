"""Sending an urgent notice out: a post in the Telegram channel and an e-mail to each resident
who asked for notices (one message each, with RFC 8058 one-click unsubscribe headers)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hromada.outreach import selectors, services, telegram
from hromada.outreach.models import UrgentNotice

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
        kwargs = {"sleep": sleep} if sleep else {}
        message = telegram.with_retries(lambda: telegram.send_message(text), **kwargs)
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
