"""The correspondence journal: incoming and outgoing documents, requesters, attachments and the
portal pages where residents submit requests and appeals and follow them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from hromada.core.private_files import private_storage
from hromada.correspondence.workflow import (
    DECIDED_STATUSES,
    OPEN_STATUSES,
    Direction,
    ForwardGround,
    Kind,
    RefusalGround,
    Status,
    Urgency,
)


class Source(models.TextChoices):
    MANUAL = "manual", _("Registered by staff")
    PORTAL = "portal", _("Online form")
    IMPORT = "import", _("CSV import")
    DEMO = "demo", _("Demo data")
    # Appeals residents made through participation (one register of appeals): the journal
    # entry links back to its report or petition through `selectors.origins`.
    PROBLEM = "problem", _("Problem report on the portal")
    PETITION = "petition", _("E-petition, registered as an appeal")


@register_setting(icon="mail")
class JournalSettings(BaseSiteSetting):
    """How this city numbers its journal and when it reminds staff."""

    incoming_format = models.CharField(
        _("incoming number format"),
        max_length=50,
        default="{seq}",
        help_text=_("Placeholders: {seq} (sequence in the year), {year}, {yy}. Example: Вх-{seq}"),
    )
    outgoing_format = models.CharField(
        _("outgoing number format"),
        max_length=50,
        default="{seq}/01-{yy}",
        help_text=_("Placeholders: {seq} (sequence in the year), {year}, {yy}."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind days before the due date"),
        default=2,
        help_text=_("E-mail the assignee and the head of office this many days before."),
    )
    specialists_take_cases = models.BooleanField(
        _("specialists may take unassigned cases"),
        default=True,
        help_text=_(
            "On: a member of staff with journal rights may assign an unassigned case to "
            "themselves. Off: only the head of office assigns. Nobody takes a case assigned to "
            "someone else."
        ),
    )

    panels = [
        FieldPanel("incoming_format"),
        FieldPanel("outgoing_format"),
        FieldPanel("remind_days_before"),
        FieldPanel("specialists_take_cases"),
    ]

    class Meta:
        verbose_name = _("journal settings")

    def clean(self) -> None:
        super().clean()
        from hromada.correspondence.numbering import check_format

        errors = {}
        for name in ("incoming_format", "outgoing_format"):
            try:
                check_format(getattr(self, name))
            except ValueError as error:
                errors[name] = str(error)
        if errors:
            raise ValidationError(errors)


class RegistrationCounter(models.Model):
    """The last number given in a direction and year. Incremented with one UPDATE inside the
    registration's transaction, which locks the row (PostgreSQL) or the database (SQLite), so
    two registrations never get the same number."""

    direction = models.CharField(max_length=10, choices=Direction.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "year"], name="correspondence_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.year}: {self.last}"


def start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class DocumentQuerySet(models.QuerySet["Document"]):
    def incoming(self) -> DocumentQuerySet:
        return self.filter(direction=Direction.INCOMING)

    def outgoing(self) -> DocumentQuerySet:
        return self.filter(direction=Direction.OUTGOING)

    def open(self) -> DocumentQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None) -> DocumentQuerySet:
        today = today or timezone.localdate()
        return self.incoming().open().filter(due_date__lt=today)


class Document(models.Model):
    """One entry of the registration journal."""

    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    reg_number = models.CharField(_("registration number"), max_length=50)
    reg_year = models.PositiveSmallIntegerField(_("registration year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True, editable=False)
    registered_on = models.DateField(_("registration date"))
    correspondent = models.CharField(
        _("correspondent"),
        max_length=500,
        blank=True,
        help_text=_(
            "The sender or addressee body. A private person's details go to the requester."
        ),
    )
    subject = models.CharField(_("subject"), max_length=1000)
    text = models.TextField(_("text"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="correspondence_assigned",
    )
    urgency = models.CharField(
        _("term"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    initial_due_date = models.DateField(_("initial due date"), null=True, blank=True)
    # Who answers it, for the public on-time statistics: a problem report's responsible
    # department; empty for the office's own cases (counted as the office).
    department = models.CharField(_("responsible department"), max_length=255, blank=True)
    extension_notice_due = models.DateField(_("extension notice due"), null=True, blank=True)
    extension_reason = models.TextField(_("extension reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    status_changed_at = models.DateTimeField(
        _("status changed at"), default=timezone.now, editable=False
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.ForeignKey(
        "self",
        verbose_name=_("answer (outgoing document)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers_to",
        limit_choices_to={"direction": Direction.OUTGOING},
    )
    refusal_ground = models.CharField(
        _("refusal ground"), max_length=20, choices=RefusalGround.choices, blank=True
    )
    forward_ground = models.CharField(
        _("forwarding ground"), max_length=20, choices=ForwardGround.choices, blank=True
    )
    forwarded_to = models.CharField(_("forwarded to"), max_length=500, blank=True)
    decision_text = models.TextField(_("decision letter"), blank=True)
    decided_on = models.DateField(
        _("decision date"),
        null=True,
        blank=True,
        help_text=_("When the requester was answered, refused or told of the forwarding."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    long_term_control = models.BooleanField(_("on long-term control"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    tracking_code = models.CharField(
        _("tracking code"), max_length=20, null=True, blank=True, unique=True, editable=False
    )
    last_reminder_on = models.DateField(_("last reminder"), null=True, blank=True, editable=False)
    anonymized_on = models.DateField(_("anonymized on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal")
        ordering = ["-registered_on", "-id"]
        permissions = [
            ("view_personal_data", _("Can see every requester's personal data")),
            (
                "head_of_office",
                _("Head of office: sees personal data, receives deadline reminders"),
            ),
            ("assign_cases", _("Can assign and reassign any case")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "reg_year", "reg_number"],
                name="correspondence_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True)
                | Q(answered_on__gte=models.F("registered_on")),
                name="correspondence_answered_after_registered",
            ),
        ]
        indexes = [
            models.Index(fields=["direction", "kind", "registered_on"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["answered_on"]),
            # The journal's order: its first page is read from the index, not sorted.
            models.Index(fields=["registered_on", "id"], name="corr_doc_registered_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reg_number} {self.registered_on:%d.%m.%Y}: {self.subject[:80]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.registered_on:
            self.reg_year = self.registered_on.year
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def status_reached_on(self) -> dt.date:
        """The day the journal gives for the event behind the current status: closed, decided
        (answered, forwarded, refused) or else registered."""
        decided = self.decided_on or self.answered_on
        if self.status == Status.CLOSED and self.closed_on:
            return self.closed_on
        if self.status in DECIDED_STATUSES and decided:
            return decided
        return self.registered_on

    def backdate_status(self) -> None:
        """For a record entered with its outcome but without its history (an import, the
        demo): the status changed at the start of the day the journal gives for it."""
        self.status_changed_at = start_of_day(self.status_reached_on())

    def days_left(self, today: dt.date | None = None) -> int | None:
        if self.due_date is None or not self.is_open:
            return None
        return (self.due_date - (today or timezone.localdate())).days


class Requester(models.Model):
    """A private person's details: seen only by the assignee, the head of office and
    administrators, every view logged, anonymized some years after the case is closed."""

    document = models.OneToOneField(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="requester"
    )
    name = models.CharField(_("full name"), max_length=255)
    postal_address = models.CharField(_("postal address"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    consent_at = models.DateTimeField(
        _("consent to personal data processing"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("requester")
        verbose_name_plural = _("requesters")

    def __str__(self) -> str:
        return str(_("Requester of %(number)s") % {"number": self.document.reg_number})


def attachment_path(instance: Attachment, filename: str) -> str:
    """A path nobody can guess: attachments may hold personal data, so besides being private
    (no URL; see `hromada.core.private_files`) their folder is a random token, not the id."""
    import secrets

    return f"correspondence/{instance.document.reg_year}/{secrets.token_urlsafe(18)}/{filename}"


class Attachment(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, max_length=255, storage=private_storage
    )
    name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


# The public page types live in pages.py (above the records: their routes hand requests to
# views.py); importing them here registers them with Django, which loads models.py only.
from hromada.correspondence.pages import SubmissionFormPage, TrackingPage  # noqa: E402, F401
