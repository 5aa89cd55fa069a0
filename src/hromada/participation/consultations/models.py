"""Residents' comments on draft decisions of the acts register, and staff's summaries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.participation.residents.models import (
    Resident,
)


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class DraftComment(models.Model):
    act = models.ForeignKey(
        "acts.Act", verbose_name=_("draft"), on_delete=models.CASCADE, related_name="+"
    )
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author_name = models.CharField(_("author's name"), max_length=255)
    text = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderation_reason = models.TextField(_("moderation decision reason"), blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:50]}"


class ConsultationSummary(models.Model):
    act = models.OneToOneField(
        "acts.Act",
        verbose_name=_("draft"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"status__in": ["draft", "rejected"], "published_on__isnull": False},
    )
    text = models.TextField(_("summary of comments and what was taken into account"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation summary")
        verbose_name_plural = _("consultation summaries")

    def __str__(self) -> str:
        return str(self.act_id)
