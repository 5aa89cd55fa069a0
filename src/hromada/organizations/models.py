"""The register of civic organizations and its public pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from hromada.core.validators import validate_edrpou
from hromada.organizations.records import Kind, Source

PER_PAGE = 25
EDITOR_FEATURES: list[str] = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class KindChoices(models.TextChoices):
    PARTY_UNIT = Kind.PARTY_UNIT.value, _("Political party unit")
    NGO = Kind.NGO.value, _("Public organization")
    RELIGIOUS = Kind.RELIGIOUS.value, _("Religious organization")
    TRADE_UNION = Kind.TRADE_UNION.value, _("Trade union")
    CHARITY = Kind.CHARITY.value, _("Charitable organization")
    OTHER = Kind.OTHER.value, _("Other")


class SourceChoices(models.TextChoices):
    MANUAL = Source.MANUAL.value, _("Entered by hand")
    CSV = Source.CSV.value, _("CSV import")
    EDR = Source.EDR.value, _("State register (EDR)")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    TERMINATED = "terminated", _("Terminated")


# Fields an importer may set; staff corrections to any of them are kept on re-import.
IMPORTED_FIELDS = (
    "kind",
    "name",
    "short_name",
    "edrpou",
    "legal_form",
    "registered_on",
    "terminated_on",
    "status",
    "address",
    "head",
    "parent_name",
)


class Organization(index.Indexed, models.Model):
    """A party unit, public organization, religious organization or other civic body."""

    kind = models.CharField(_("kind"), max_length=20, choices=KindChoices.choices)
    name = models.CharField(_("name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=255, blank=True)
    edrpou = models.CharField(
        _("EDRPOU code"), max_length=8, blank=True, validators=[validate_edrpou]
    )
    legal_form = models.CharField(
        _("organizational and legal form"),
        max_length=255,
        blank=True,
        help_text=_("As written in the state register, e.g. “громадська організація”."),
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=255,
        blank=True,
        help_text=_("The state register's status text (зареєстровано, припинено, …)."),
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    head = models.CharField(_("head"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    parent_name = models.CharField(_("parent party (name)"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=SourceChoices.choices, default=SourceChoices.MANUAL
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("The office's own notes."))
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Archived records are hidden everywhere.")
    )
    manually_edited_fields = models.JSONField(
        _("manually edited fields"),
        default=list,
        blank=True,
        help_text=_("Fields corrected by hand, which imports leave alone."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.SearchField("edrpou"),
        index.SearchField("head"),
        index.SearchField("address"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("archived"),
    ]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edrpou"],
                condition=~Q(edrpou=""),
                name="organizations_unique_edrpou",
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True)
                | Q(registered_on__isnull=True)
                | Q(terminated_on__gte=models.F("registered_on")),
                name="organizations_terminated_after_registered",
            ),
        ]
        indexes = [models.Index(fields=["kind", "registered_on", "terminated_on"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.registered_on and self.terminated_on and self.terminated_on < self.registered_on:
            raise ValidationError(
                {"terminated_on": _("An organization cannot be terminated before it registered.")}
            )

    @property
    def is_terminated(self) -> bool:
        return self.terminated_on is not None

    @property
    def status_label(self) -> Any:
        return Status.TERMINATED.label if self.is_terminated else Status.ACTIVE.label


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted into the register")
    REJECTED = "rejected", _("Rejected")


class OrganizationCandidate(models.Model):
    """A civic organization from an ЄДР export without addresses (2023 on) whose name names
    the city. Staff accept it into the register or reject it; a later import leaves decided
    candidates alone."""

    edrpou = models.CharField(_("EDRPOU code"), max_length=8, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=KindChoices.choices)
    name = models.CharField(_("name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=255, blank=True)
    legal_form = models.CharField(_("organizational and legal form"), max_length=255, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=255, blank=True)
    head = models.CharField(_("head"), max_length=255, blank=True)
    parent_name = models.CharField(_("parent party (name)"), max_length=500, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("found"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("candidate organization")
        verbose_name_plural = _("candidate organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The public register's page type lives in pages.py (above the records: it reads through
# selectors); importing it here registers it with Django, which loads models.py only.
from hromada.organizations.pages import OrganizationRegisterPage  # noqa: E402, F401
