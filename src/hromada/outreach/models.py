"""Urgent notices (water, heating, power, roads, shelters) and who gets them by e-mail."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeCategory(models.TextChoices):
    WATER = "water", _("Water supply")
    HEATING = "heating", _("Heating")
    POWER = "power", _("Power outage")
    ROADS = "roads", _("Road closure")
    SHELTERS = "shelters", _("Shelters")
    OTHER = "other", _("Other")


class UrgentNotice(models.Model):
    """A notice shown as a banner on every page of the site until it ends or is withdrawn."""

    category = models.CharField(_("category"), max_length=20, choices=NoticeCategory.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=2000)
    area = models.CharField(
        _("area"), max_length=500, blank=True, help_text=_("Streets or districts affected.")
    )
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    ends_at = models.DateTimeField(_("shown until"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)
    # What the channels answered (kept by the jobs; shown in the admin).
    telegram_message_id = models.CharField(
        _("Telegram message"), max_length=40, blank=True, editable=False
    )
    telegram_error = models.CharField(
        _("Telegram error"), max_length=500, blank=True, editable=False
    )
    emailed_count = models.PositiveIntegerField(_("e-mailed to"), default=0, editable=False)

    class Meta:
        verbose_name = _("urgent notice")
        verbose_name_plural = _("urgent notices")
        ordering = ["-starts_at", "-pk"]
        permissions = [("publish_urgentnotice", "Can publish urgent notices")]
        indexes = [models.Index(fields=["ends_at", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="outreach_notice_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_active(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.withdrawn_at is None and self.starts_at <= moment < self.ends_at  # type: ignore[operator]


def new_token() -> str:
    return secrets.token_urlsafe(24)


class NoticeSubscription(models.Model):
    """A resident who asked for urgent notices by e-mail (one-click unsubscribe by token)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="notice_subscription",
    )
    active = models.BooleanField(_("active"), default=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("urgent notice subscription")
        verbose_name_plural = _("urgent notice subscriptions")

    def __str__(self) -> str:
        return str(self.user)


class Channel(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    TELEGRAM = "telegram", "Telegram"


class PostStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    POSTED = "posted", _("Posted")
    FAILED = "failed", _("Failed")
    DELETED = "deleted", _("Removed")


class ChannelPost(models.Model):
    """A page (news item, announcement) as posted to one of the city's channels."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.PENDING
    )
    post_id = models.CharField(_("post id"), max_length=100, blank=True)
    link = models.URLField(_("link"), blank=True)
    # Telegram edits a photo post's caption, a text post's text.
    with_photo = models.BooleanField(default=False)
    error = models.CharField(_("error"), max_length=500, blank=True)
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("channel post")
        verbose_name_plural = _("channel posts")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["page", "channel"], name="outreach_post_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.page_id}"


class FollowerCount(models.Model):
    """A channel's followers on a day, read by the scheduled job (history for the report)."""

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("followers"))

    class Meta:
        verbose_name = _("follower count")
        verbose_name_plural = _("follower counts")
        ordering = ["-day", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "day"], name="outreach_followers_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.day}: {self.count}"


class FollowKind(models.TextChoices):
    PETITION = "petition", _("petition")
    BUDGET_PROJECT = "budget_project", _("budget project")
    PROBLEM = "problem", _("problem report")


class DigestFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("at once")
    DAILY = "daily", _("once a day")
    WEEKLY = "weekly", _("once a week")


class Follow(models.Model):
    """A resident follows a petition, a budget project or a problem report: the digest tells
    them when its status changes (`seen_state` is the status last told)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("what"), max_length=20, choices=FollowKind.choices)
    target_id = models.PositiveBigIntegerField()
    seen_state = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "target_id"], name="outreach_follow_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "target_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id}"


class FollowSettings(models.Model):
    """How often a resident hears about what they follow; the token of their unsubscribe link."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_settings"
    )
    frequency = models.CharField(
        _("how often"),
        max_length=20,
        choices=DigestFrequency.choices,
        default=DigestFrequency.DAILY,
    )
    paused = models.BooleanField(_("no e-mails"), default=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    def __str__(self) -> str:
        return str(self.user)
