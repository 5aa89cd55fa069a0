"""Local e-petitions (Law 393/96-ВР, Art. 23-1) and their signatures, on core's case engine."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core import cases
from hromada.participation.residents.models import (
    Resident,
)


class PetitionStatus(models.TextChoices):
    MODERATION = "moderation", _("Awaiting moderation")
    REJECTED = "rejected", _("Rejected by moderation")
    COLLECTING = "collecting", _("Collecting signatures")
    CONSIDERATION = "consideration", _("Under consideration")
    ANSWERED = "answered", _("Answered")
    ARCHIVED = "archived", _("Archived: not enough signatures")


PETITION_WORKFLOW = cases.Workflow(
    name="petition",
    audit_prefix="participation",
    labels=dict(PetitionStatus.choices),
    transitions={
        PetitionStatus.MODERATION: frozenset({PetitionStatus.COLLECTING, PetitionStatus.REJECTED}),
        PetitionStatus.COLLECTING: frozenset(
            {PetitionStatus.CONSIDERATION, PetitionStatus.ARCHIVED}
        ),
        PetitionStatus.CONSIDERATION: frozenset({PetitionStatus.ANSWERED}),
        PetitionStatus.REJECTED: frozenset(),
        PetitionStatus.ANSWERED: frozenset(),
        PetitionStatus.ARCHIVED: frozenset(),
    },
    open_statuses=frozenset({PetitionStatus.CONSIDERATION}),
    clocks={PetitionStatus.CONSIDERATION: "e_petition_consideration"},
    needs_reason=frozenset({PetitionStatus.REJECTED}),
)
PUBLIC_PETITION_STATUSES = (
    PetitionStatus.COLLECTING,
    PetitionStatus.CONSIDERATION,
    PetitionStatus.ANSWERED,
    PetitionStatus.ARCHIVED,
)


class Petition(models.Model):
    author = models.ForeignKey(
        Resident,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    author_name = models.CharField(_("author's name"), max_length=255)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PetitionStatus.choices,
        default=PetitionStatus.MODERATION,
        db_index=True,
    )
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    moderation_reason = models.TextField(_("moderation decision reason"), blank=True)
    published_on = models.DateField(_("collection starts on"), null=True, blank=True)
    collection_ends_on = models.DateField(_("collection ends on"), null=True, blank=True)
    threshold = models.PositiveIntegerField(_("signatures needed"), default=0)
    reached_on = models.DateField(_("threshold reached on"), null=True, blank=True)
    due_date = models.DateField(_("consideration due"), null=True, blank=True)
    # A petition that did not gather its signatures may, at its author's choice, be considered
    # as their electronic appeal: registered once in the correspondence journal.
    appeal = models.ForeignKey(
        "correspondence.Document",
        verbose_name=_("journal entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # No signature counter: it would be one row every signer updates. The count is read from
    # the signatures (selectors.SIGNATURES), set by `selectors.with_signatures` and on the
    # public querysets.
    signature_count: int

    class Meta:
        verbose_name = _("e-petition")
        verbose_name_plural = _("e-petitions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def status_label(self) -> str:
        return str(PetitionStatus(self.status).label)


class Signature(models.Model):
    """One signature. The name is shown publicly (Law 393/96-ВР, Art. 23-1). When a signer
    deletes the account, the signature stays counted with the name erased."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="signatures"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    # The signer's identity key: one signature per person, whichever account signs; kept when
    # the account is deleted so the person cannot sign again.
    identity_key = models.CharField(  # noqa: DJ001 (NULL: no key; NULLs never collide)
        max_length=64, null=True, blank=True, editable=False
    )
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "resident"], name="participation_one_signature_per_person"
            ),
            models.UniqueConstraint(
                fields=["petition", "identity_key"],
                name="participation_one_signature_per_identity",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("Deleted account"))
