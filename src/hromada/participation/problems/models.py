"""Problem reports ("Відкрите місто"), their categories and photos, on core's case engine."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core import cases
from hromada.core.private_files import private_storage
from hromada.participation.residents.models import (
    Resident,
)
from hromada.participation.shared.models import random_name


class ProblemCategory(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    responsible = models.CharField(_("responsible department or municipal company"), max_length=255)
    responsible_email = models.EmailField(_("its e-mail"), blank=True)

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProblemStatus(models.TextChoices):
    # A context of their own: other modules word the same English statuses for other genders
    # ("Новий" лист, "Нове" повідомлення), and app catalogues share one msgid space.
    NEW = "new", pgettext_lazy("problem report status", "New")
    ACCEPTED = "accepted", pgettext_lazy("problem report status", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("problem report status", "In progress")
    # The stored value stays "solved" (the open dataset and the report count it); it means
    # the problem was fixed on the ground.
    SOLVED = "solved", pgettext_lazy("problem report status", "Fixed")
    PLANNED = "planned", pgettext_lazy("problem report status", "Planned")
    FORWARDED = (
        "forwarded",
        pgettext_lazy("problem report status", "Not the council's responsibility"),
    )
    CLOSED = "closed", pgettext_lazy("problem report status", "Closed without a fix")
    DUPLICATE = "duplicate", pgettext_lazy("problem report status", "Duplicate")
    REOPENED = "reopened", pgettext_lazy("problem report status", "Reopened")


#: The honest ways a report ends (FixMyStreet's closing states): every one is shown to the
#: public with what it needs (a commitment and its date, the body it was forwarded to, a
#: reason, the original report), so "rejected" no longer hides what happened.
CLOSING_STATUSES = frozenset(
    {
        ProblemStatus.SOLVED,
        ProblemStatus.PLANNED,
        ProblemStatus.FORWARDED,
        ProblemStatus.CLOSED,
        ProblemStatus.DUPLICATE,
    }
)

_ANSWERS = frozenset(
    {ProblemStatus.PLANNED, ProblemStatus.FORWARDED, ProblemStatus.CLOSED, ProblemStatus.DUPLICATE}
)

PROBLEM_WORKFLOW = cases.Workflow(
    name="problem",
    audit_prefix="participation",
    labels=dict(ProblemStatus.choices),
    transitions={
        ProblemStatus.NEW: frozenset({ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS})
        | _ANSWERS,
        ProblemStatus.ACCEPTED: frozenset({ProblemStatus.IN_PROGRESS, ProblemStatus.SOLVED})
        | _ANSWERS,
        ProblemStatus.IN_PROGRESS: frozenset({ProblemStatus.SOLVED}) | _ANSWERS,
        # A plan is a commitment: it is kept (fixed) or, honestly, dropped (closed).
        ProblemStatus.PLANNED: frozenset(
            {
                ProblemStatus.IN_PROGRESS,
                ProblemStatus.SOLVED,
                ProblemStatus.CLOSED,
                ProblemStatus.REOPENED,
            }
        ),
        ProblemStatus.SOLVED: frozenset({ProblemStatus.REOPENED}),
        ProblemStatus.FORWARDED: frozenset({ProblemStatus.REOPENED}),
        ProblemStatus.CLOSED: frozenset({ProblemStatus.REOPENED}),
        ProblemStatus.DUPLICATE: frozenset({ProblemStatus.REOPENED}),
        ProblemStatus.REOPENED: frozenset({ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS})
        | _ANSWERS,
    },
    open_statuses=frozenset(
        {
            ProblemStatus.NEW,
            ProblemStatus.ACCEPTED,
            ProblemStatus.IN_PROGRESS,
            ProblemStatus.REOPENED,
        }
    ),
    # A report names its resident (an account, never anonymous): it is an electronic appeal
    # (Law 393/96-ВР, Art. 5), answered within one month of receipt (Art. 20); a reopened
    # report is a new complaint about the same problem and starts the month again.
    clocks={
        ProblemStatus.NEW: "citizen_appeal",
        ProblemStatus.REOPENED: "citizen_appeal",
    },
    # A plan says what will be done (the commitment), a closing without a fix says why.
    needs_reason=frozenset({ProblemStatus.PLANNED, ProblemStatus.CLOSED, ProblemStatus.REOPENED}),
)


class Moderation(models.TextChoices):
    """Whether a report's text (description and address) is public: a moderator reads it first,
    as photos and comments are read, and staff can hide a published report with a reason."""

    PENDING = "pending", pgettext_lazy("problem report text", "Awaiting moderation")
    PUBLISHED = "published", pgettext_lazy("problem report text", "Published")
    REFUSED = "refused", pgettext_lazy("problem report text", "Not published")
    HIDDEN = "hidden", pgettext_lazy("problem report text", "Hidden")


#: A report's photos are shown only once staff have accepted it (and its text is published):
#: residents' photos may show faces, car plates or the inside of a home, so a new or reopened
#: report hides them until someone has looked (a reopened report is looked at again).
PHOTOS_PUBLIC_STATUSES = frozenset(
    {ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS} | CLOSING_STATUSES
)


class ProblemReport(models.Model):
    reporter = models.ForeignKey(
        Resident,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    category = models.ForeignKey(
        ProblemCategory, verbose_name=_("category"), on_delete=models.PROTECT
    )
    responsible = models.CharField(_("routed to"), max_length=255, blank=True)
    description = models.TextField(_("description"))
    address = models.CharField(_("address"), max_length=300)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProblemStatus.choices,
        default=ProblemStatus.NEW,
        db_index=True,
    )
    status_reason = models.TextField(_("reason of the last decision"), blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_on = models.DateField(_("last reminder sent on"), null=True, blank=True)
    # What a closing state needs, shown on the public page (cleared when the report moves on).
    planned_on = models.DateField(_("planned to be done by"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    moderation = models.CharField(
        _("text moderation"),
        max_length=20,
        choices=Moderation.choices,
        default=Moderation.PENDING,
        db_index=True,
    )
    moderation_reason = models.TextField(_("moderator's reason"), blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    # One register of appeals: the report is the resident's electronic appeal, registered in
    # the correspondence journal (its number, clock, reminders and answer letter); a reopened
    # report is a repeated appeal, registered again (this points to the latest entry).
    appeal = models.ForeignKey(
        "correspondence.Document",
        verbose_name=_("journal entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appeals = models.ManyToManyField(
        "correspondence.Document", verbose_name=_("journal entries"), related_name="+", blank=True
    )

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.category}: {self.address}"

    def status_label(self) -> str:
        return str(ProblemStatus(self.status).label)

    def moderation_label(self) -> str:
        return str(Moderation(self.moderation).label)

    @property
    def is_public(self) -> bool:
        return self.moderation == Moderation.PUBLISHED

    @property
    def photos_public(self) -> bool:
        return self.is_public and self.status in PHOTOS_PUBLIC_STATUSES

    def public_photos(self) -> list[ProblemPhoto]:
        """The photos the public page shows: none before staff accepted the report."""
        return list(self.photos.all()) if self.photos_public else []


def problem_photo_path(instance: ProblemPhoto, filename: str) -> str:
    return f"participation/problems/{random_name(filename)}"


class ProblemPhoto(models.Model):
    """A resident's photo of a problem. Kept in the private storage (no public URL): it goes
    out only through `views.problem_photo`, which checks the report's status on every request
    (a rejected report's photo stops being served at once), and the staff's admin view."""

    report = models.ForeignKey(ProblemReport, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=problem_photo_path, storage=private_storage)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return str(self.image.name)
