"""The office's activity journal: events, civic actions, texts, media relations, commissions,
social-media figures, observances (holidays, memorial and professional days) and the
generic activity records of the CLI contract's list (docs/architecture.md): legacy imports,
notes made by other modules.

Each figure of `activities.<kind>` has one source of truth: an organized event is counted
from `Event`, a speech from `Text`, a weekly note from `Activity`; nothing is stored twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from hromada.activities import observance_rules
from hromada.core.db import ukrainian
from hromada.core.metrics import sessions_text
from hromada.core.uploads import (
    IMAGE_TYPES,
    SNIFF_BYTES,
    UploadKind,
    detect_type,
    reencode_image,
    validate_upload,
)

EDITOR_FEATURES: list[str] = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
EARLIEST_YEAR = 1991  # nothing in the journal predates Ukraine's independence
YEARS_AHEAD = 2  # events may be planned this many years ahead, not further


# --- Kinds ---------------------------------------------------------------------------------


class ActivityKind(models.TextChoices):
    """the CLI contract's fixed list of activity kinds (CSV keys)."""

    COVERAGE_REQUEST = "coverage_request", _("Coverage request")
    WEEKLY_NOTE = "weekly_note", _("Weekly information note")
    DAILY_NOTE = "daily_note", _("Daily information note")
    SCENARIO_PLAN = "scenario_plan", _("Scenario plan")
    SPEECH = "speech", _("Speech")
    GREETING = "greeting", _("Greeting")
    GREETING_PUBLISHED = "greeting_published", _("Greeting published")
    EVENT_ATTENDED = "event_attended", _("Event attended")
    MEETING_ATTENDED = "meeting_attended", _("Meeting attended")
    TRAINING = "training", _("Training or seminar")
    EVENT_ORGANIZED = "event_organized", _("Event organized")
    CIVIC_ACTION = "civic_action", _("Civic action")


class EventKind(models.TextChoices):
    ORGANIZED = "organized", _("Organized by the office")
    ATTENDED = "attended", _("Attended")
    MEETING = "meeting", _("Meeting or session")
    TRAINING = "training", _("Training or seminar")


# The activity kind each event kind counts as.
EVENT_ACTIVITY_KIND = {
    EventKind.ORGANIZED: ActivityKind.EVENT_ORGANIZED,
    EventKind.ATTENDED: ActivityKind.EVENT_ATTENDED,
    EventKind.MEETING: ActivityKind.MEETING_ATTENDED,
    EventKind.TRAINING: ActivityKind.TRAINING,
}


class OfficeRole(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    CO_ORGANIZER = "co_organizer", _("Co-organizer")
    SPEAKER = "speaker", _("Speaker")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")


class TextKind(models.TextChoices):
    SCENARIO_PLAN = "scenario_plan", _("Scenario plan")
    SPEECH = "speech", _("Speech")
    GREETING = "greeting", _("Greeting")


class CivicActionKind(models.TextChoices):
    PROTEST = "protest", _("Protest")
    RALLY = "rally", _("Rally")
    PICKET = "picket", _("Picket")
    ASSEMBLY = "assembly", _("Citizens' assembly")
    OTHER = "other", _("Other")


class CommissionKind(models.TextChoices):
    COMMISSION = "commission", _("Commission")
    WORKING_GROUP = "working_group", _("Working group")
    COORDINATION_COUNCIL = "coordination_council", _("Coordination council")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY = "deputy", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class ObservanceKind(models.TextChoices):
    STATE_HOLIDAY = "state_holiday", _("State holiday")
    MEMORIAL_DAY = "memorial_day", _("Memorial day")
    PROFESSIONAL_DAY = "professional_day", _("Professional day")
    STATE_DAY = "state_day", _("State or national day")
    CITY_DAY = "city_day", _("City date")
    RELIGIOUS = "religious", _("Religious feast")


class DateRuleChoices(models.TextChoices):
    FIXED = observance_rules.FIXED, _("Fixed date")
    NTH_WEEKDAY = observance_rules.NTH_WEEKDAY, _("N-th weekday of a month")
    EASTER = observance_rules.EASTER, _("Days from Orthodox Easter")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class SocialPlatform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    TELEGRAM = "telegram", "Telegram"
    YOUTUBE = "youtube", "YouTube"
    X = "x", "X (Twitter)"
    TIKTOK = "tiktok", "TikTok"
    OTHER = "other", _("Other")


class FigureSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    FETCHED = "fetched", _("Fetched")


# --- Validators ----------------------------------------------------------------------------


def validate_attachment(file: Any) -> None:
    """A document or an image, judged by its content (core.uploads)."""
    if getattr(file, "_committed", False):
        return  # a file stored earlier, validated when it was uploaded
    try:
        validate_upload(file, kind=UploadKind.DOCUMENT)
    except ValidationError as document_error:
        if document_error.code != "type":
            raise
        validate_upload(file, kind=UploadKind.IMAGE)
        # An image is re-encoded when stored (`strip_image_metadata`): it must decode.
        reencode_image(file, name=str(getattr(file, "name", "") or "image"))


def strip_image_metadata(file: Any) -> None:
    """Re-encode a newly uploaded image before it is stored, as residents' photos are
    (core.uploads.reencode_image): EXIF with GPS and device serials, XMP, IPTC and comments
    are dropped, since these files may be published. Documents are stored as they came."""
    if not file or getattr(file, "_committed", True):
        return  # nothing new: a file stored earlier was cleaned when it was uploaded
    content = file.file
    content.seek(0)
    head = content.read(SNIFF_BYTES)
    content.seek(0)
    head = head if isinstance(head, bytes) else head.encode()
    detected = detect_type(head, "")
    if detected is None or detected.extension not in IMAGE_TYPES:
        return
    file.file = reencode_image(content, name=str(file.name or "image"))


def validate_event_date(value: dt.date) -> None:
    """Not before 1991 and not more than YEARS_AHEAD years ahead (a 2099 typo is refused)."""
    latest = timezone.localdate().year + YEARS_AHEAD
    if value.year < EARLIEST_YEAR or value.year > latest:
        raise ValidationError(
            _("%(date)s is outside the journal's years (%(first)s–%(last)s).")
            % {"date": f"{value:%d.%m.%Y}", "first": EARLIEST_YEAR, "last": latest},
            code="date_range",
        )


def validate_past_date(value: dt.date) -> None:
    """Work done: not in the future, not before 1991."""
    today = timezone.localdate()
    if value.year < EARLIEST_YEAR or value > today:
        raise ValidationError(
            _("%(date)s is not a date of work already done (%(first)s – today).")
            % {"date": f"{value:%d.%m.%Y}", "first": EARLIEST_YEAR},
            code="date_range",
        )


def _archived_field() -> models.BooleanField[bool, bool]:
    return models.BooleanField(
        _("archived"), default=False, help_text=_("Archived records are hidden and not counted.")
    )


# --- Observances ---------------------------------------------------------------------------


class Observance(models.Model):  # type: ignore[django-manager-missing]
    """A state holiday, memorial or professional day, with the rule giving its date each year
    and how many days ahead staff are reminded to prepare the ceremony, speech or greeting."""

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("A stable Latin identifier.")
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=ObservanceKind.choices)
    rule = models.CharField(
        _("date rule"), max_length=20, choices=DateRuleChoices.choices, default="fixed"
    )
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    nth = models.SmallIntegerField(
        _("which one in the month"),
        null=True,
        blank=True,
        help_text=_("1–5, or -1 for the last one in the month."),
    )
    easter_offset = models.SmallIntegerField(
        _("days from Easter"),
        null=True,
        blank=True,
        help_text=_("0 for Easter itself, 49 for Trinity, negative for days before Easter."),
    )
    valid_from = models.PositiveSmallIntegerField(
        _("first year"), null=True, blank=True, help_text=_("Empty: always.")
    )
    valid_to = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, help_text=_("Empty: still observed.")
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind days before"),
        default=14,
        help_text=_("Staff get an e-mail this many days ahead; 0 turns the reminder off."),
    )
    prepare_ceremony = models.BooleanField(_("ceremony"), default=False)
    prepare_speech = models.BooleanField(_("speech"), default=False)
    prepare_greeting = models.BooleanField(_("greeting"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    builtin = models.BooleanField(
        _("built in"), default=False, editable=False, help_text=_("From Hromada's own list.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("key"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldPanel("rule"),
                FieldRowPanel([FieldPanel("month"), FieldPanel("day")]),
                FieldRowPanel([FieldPanel("nth"), FieldPanel("weekday")]),
                FieldPanel("easter_offset"),
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
            ],
            heading=_("Date rule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("remind_days_before"),
                FieldRowPanel(
                    [
                        FieldPanel("prepare_ceremony"),
                        FieldPanel("prepare_speech"),
                        FieldPanel("prepare_greeting"),
                    ]
                ),
            ],
            heading=_("Preparation"),
        ),
        FieldPanel("legal_basis"),
        FieldPanel("notes"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("observance")
        verbose_name_plural = _("holidays and memorable dates")
        ordering = ["month", "day", "key"]

    def __str__(self) -> str:
        return self.name

    @property
    def date_rule(self) -> observance_rules.DateRule:
        return observance_rules.DateRule(
            rule=self.rule,
            month=self.month,
            day=self.day,
            weekday=self.weekday,
            nth=self.nth,
            easter_offset=self.easter_offset,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
        )

    def date_in(self, year: int) -> dt.date | None:
        return self.date_rule.date_in(year)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        needs_month = self.rule in (observance_rules.FIXED, observance_rules.NTH_WEEKDAY)
        if needs_month and (self.month is None or not 1 <= self.month <= 12):
            errors["month"] = _("A month from 1 to 12 is required.")
        if self.rule == observance_rules.FIXED:
            if self.day is None or (
                self.month
                and 1 <= self.month <= 12
                and observance_rules.fixed_date(2024, self.month, self.day) is None
            ):
                errors["day"] = _("This month has no such day.")
        elif self.rule == observance_rules.NTH_WEEKDAY:
            if self.weekday is None:
                errors["weekday"] = _("Choose the weekday.")
            if self.nth is None or self.nth == 0 or not -1 <= self.nth <= 5:
                errors["nth"] = _("1–5, or -1 for the last one in the month.")
        elif self.rule == observance_rules.EASTER and self.easter_offset is None:
            errors["easter_offset"] = _("Give the number of days from Easter.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The last year is before the first year.")
        if errors:
            raise ValidationError(errors)


class ObservanceReminder(models.Model):
    """One reminder sent for one occurrence: the scheduled job never sends it twice."""

    observance = models.ForeignKey(
        Observance, verbose_name=_("observance"), on_delete=models.CASCADE, related_name="+"
    )
    occurs_on = models.DateField(_("occurs on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["observance", "occurs_on"], name="activities_one_reminder_per_occurrence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.observance_id} {self.occurs_on:%d.%m.%Y}"


# --- Commissions ---------------------------------------------------------------------------


class Commission(ClusterableModel):
    """A commission, working group or coordination council staff belong to."""

    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=30, choices=CommissionKind.choices, default="commission"
    )
    act = models.ForeignKey(
        "acts.Act",
        verbose_name=_("establishing act in the register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The act that set it up, when it is in the acts register."),
    )
    establishing_act = models.CharField(
        _("establishing act"),
        max_length=500,
        blank=True,
        help_text=_("Kind, number and date of the act that set it up."),
    )
    establishing_act_url = models.URLField(_("link to the act"), max_length=500, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    archived = _archived_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("act"),
        FieldPanel("establishing_act"),
        FieldPanel("establishing_act_url"),
        FieldRowPanel([FieldPanel("established_on"), FieldPanel("dissolved_on")]),
        InlinePanel("memberships", heading=_("Members from the office"), label=_("Member")),
        FieldPanel("notes"),
        FieldPanel("archived"),
    ]

    class Meta:
        verbose_name = _("commission or working group")
        verbose_name_plural = _("commissions and working groups")
        ordering = [ukrainian("name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="activities_commission_dissolved_after_established",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def establishing_act_text(self) -> str:
        """The act that set it up: from the acts register when linked, else as written."""
        return str(self.act) if self.act_id else self.establishing_act

    def clean(self) -> None:
        super().clean()
        if self.established_on and self.dissolved_on and self.dissolved_on < self.established_on:
            raise ValidationError({"dissolved_on": _("The end date is before the start date.")})


class CommissionMembership(Orderable):
    commission = ParentalKey(Commission, related_name="memberships", on_delete=models.CASCADE)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member_name = models.CharField(
        _("member's name"), max_length=255, blank=True, help_text=_("When not a Hromada user.")
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices, default="member")
    start_date = models.DateField(_("member from"))
    end_date = models.DateField(_("member until"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.display_name} — {self.commission}"

    @property
    def display_name(self) -> str:
        if self.member_id and self.member is not None:
            return self.member.get_full_name() or self.member.get_username()
        return self.member_name

    def clean(self) -> None:
        super().clean()
        if not self.member_id and not self.member_name.strip():
            raise ValidationError({"member_name": _("Choose a staff member or type a name.")})
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


# --- Events --------------------------------------------------------------------------------


class Event(ClusterableModel, index.Indexed):
    """An event the office organized, an event or meeting it attended, or a training."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=500)
    start_date = models.DateField(_("date"), validators=[validate_event_date])
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        validators=[validate_event_date],
        help_text=_("For events lasting several days."),
    )
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=500, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    organizers = models.CharField(
        _("organizers"), max_length=1000, blank=True, help_text=_("Separate several with commas.")
    )
    partners = models.CharField(_("partners"), max_length=1000, blank=True)
    office_role = models.CharField(
        _("office's role"), max_length=20, choices=OfficeRole.choices, default="participant"
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    description = models.TextField(
        _("public description"), blank=True, help_text=_("Shown in the public calendar.")
    )
    notes = models.TextField(_("internal notes"), blank=True)
    observance = models.ForeignKey(
        Observance,
        verbose_name=_("occasion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ceremonies",
    )
    commission = models.ForeignKey(
        Commission,
        verbose_name=_("commission or working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    album = models.ForeignKey(
        "portal.AlbumPage",
        verbose_name=_("photo album"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    announcement = models.ForeignKey(
        "portal.EventPage",
        verbose_name=_("portal announcement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(
        _("in the public calendar"),
        default=False,
        help_text=_("Shown in the city's public calendar and its iCal feed."),
    )
    archived = _archived_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("organizers"),
        index.SearchField("place"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("start_date"),
        index.FilterField("archived"),
    ]
    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldPanel("place"),
                FieldRowPanel([FieldPanel("online"), FieldPanel("online_url")]),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organizers"),
                FieldPanel("partners"),
                FieldPanel("office_role"),
                FieldPanel("participants"),
                FieldPanel("observance"),
                FieldPanel("commission"),
            ],
            heading=_("Who"),
        ),
        FieldPanel("description"),
        FieldPanel("notes"),
        InlinePanel(
            "sessions",
            heading=_("Sessions"),
            label=_("Session"),
            help_text=_(
                "For an event held on separate days (22–23.07 and 27–28.07): one row per run "
                "of days, within the event's dates. Leave empty for a continuous event."
            ),
        ),
        InlinePanel("attachments", heading=_("Attachments"), label=_("Attachment")),
        MultiFieldPanel(
            [FieldPanel("album"), FieldPanel("is_public"), FieldPanel("archived")],
            heading=_("Portal"),
        ),
    ]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "title"]
        indexes = [models.Index(fields=["kind", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="activities_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.dates_display})"

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.start_date

    @property
    def session_dates(self) -> tuple[tuple[dt.date, dt.date | None], ...]:
        """The event's separate sessions (first day, last day), in order; empty when it ran
        continuously from start_date to end_date."""
        return tuple(sorted((s.start_date, s.end_date) for s in self.sessions.all()))

    @property
    def dates_display(self) -> str:
        sessions = self.session_dates
        if sessions:
            return sessions_text(sessions)
        if self.end_date and self.end_date != self.start_date:
            return f"{self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"
        return f"{self.start_date:%d.%m.%Y}"

    @property
    def place_display(self) -> str:
        if self.online and self.place:
            return f"{self.place} ({_('online')})"
        return str(_("online")) if self.online else self.place

    @property
    def activity_kind(self) -> str:
        return EVENT_ACTIVITY_KIND[EventKind(self.kind)].value

    def clean(self) -> None:
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("An event cannot end before it starts.")}, code="ends_before"
            )
        if (
            self.start_time
            and self.end_time
            and (self.end_date in (None, self.start_date))
            and self.end_time < self.start_time
        ):
            raise ValidationError({"end_time": _("An event cannot end before it starts.")})
        if not self.place.strip() and not self.online:
            raise ValidationError({"place": _("Give the place, or mark the event as online.")})


class EventSession(Orderable):
    """One run of days of an event held in parts (a training on 22–23.07 and 27–28.07)."""

    event = ParentalKey(Event, related_name="sessions", on_delete=models.CASCADE)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def clean(self) -> None:
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A session cannot end before it starts.")})


class EventAttachment(Orderable):
    event = ParentalKey(Event, related_name="attachments", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(
        _("file"),
        upload_to="activities/events/%Y/",
        validators=[validate_attachment],
        help_text=_("A document or a photo (PDF, DOCX, ODT, XLSX, JPEG, PNG …)."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title or str(self.file.name)


# --- Civic actions -------------------------------------------------------------------------


class CivicAction(models.Model):
    """A protest, rally, picket or assembly held in the city, monitored by the office."""

    kind = models.CharField(_("kind"), max_length=20, choices=CivicActionKind.choices)
    date = models.DateField(_("date"), validators=[validate_event_date])
    place = models.CharField(_("place"), max_length=500)
    organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("registered organizers"),
        blank=True,
        related_name="civic_actions",
    )
    organizers = models.CharField(
        _("organizers (as named)"),
        max_length=1000,
        blank=True,
        help_text=_("Organizers not in the register, or as the organizers call themselves."),
    )
    subject = models.CharField(_("subject"), max_length=1000)
    participants = models.PositiveIntegerField(_("estimated participants"), null=True, blank=True)
    demands = models.TextField(_("demands"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    archived = _archived_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("civic action")
        verbose_name_plural = _("civic actions")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} — {self.subject[:80]}"

    @property
    def organizers_display(self) -> str:
        names = [o.name for o in self.organizations.all()] if self.pk else []
        if self.organizers:
            names.append(self.organizers)
        return "; ".join(names)


# --- Texts ---------------------------------------------------------------------------------


class Text(ClusterableModel, index.Indexed):
    """A scenario plan, speech or greeting; a template is a reusable text, not counted."""

    kind = models.CharField(_("kind"), max_length=20, choices=TextKind.choices)
    title = models.CharField(_("title"), max_length=500)
    occasion = models.CharField(_("occasion"), max_length=500, blank=True)
    date = models.DateField(_("date"), null=True, blank=True, validators=[validate_event_date])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    speaker = models.CharField(
        _("for whom"), max_length=255, blank=True, help_text=_("Who delivers or signs it.")
    )
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to="activities/texts/%Y/",
        blank=True,
        validators=[validate_attachment],
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="texts",
    )
    observance = models.ForeignKey(
        Observance,
        verbose_name=_("holiday or memorable date"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occasion_texts",
    )
    is_template = models.BooleanField(
        _("template"), default=False, help_text=_("A reusable text; templates are not counted.")
    )
    template = models.ForeignKey(
        "self",
        verbose_name=_("based on template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        limit_choices_to={"is_template": True},
    )
    archived = _archived_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("occasion"),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("is_template"),
    ]
    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("occasion"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("is_template")]),
        FieldRowPanel([FieldPanel("author"), FieldPanel("speaker")]),
        FieldPanel("body"),
        FieldPanel("file"),
        FieldRowPanel([FieldPanel("event"), FieldPanel("observance")]),
        FieldPanel("template"),
        InlinePanel("publications", heading=_("Published in"), label=_("Publication")),
        FieldPanel("archived"),
    ]

    class Meta:
        verbose_name = _("text")
        verbose_name_plural = _("speeches and greetings")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not self.is_template and self.date is None:
            raise ValidationError({"date": _("A text other than a template needs its date.")})


class TextPublication(Orderable):
    text = ParentalKey(Text, related_name="publications", on_delete=models.CASCADE)
    outlet = models.ForeignKey(
        "monitoring.Outlet", verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("published on"), validators=[validate_event_date])
    reference = models.CharField(
        _("issue or link"), max_length=500, blank=True, help_text=_("Issue number, page or URL.")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"{self.outlet} {self.date:%d.%m.%Y}"


# --- Media relations -----------------------------------------------------------------------


class CoverageContract(models.Model):
    """A contract with an outlet to cover the council's work."""

    number = models.CharField(_("number"), max_length=100)
    date = models.DateField(_("date"), validators=[validate_event_date])
    outlet = models.ForeignKey(
        "monitoring.Outlet", verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=1000)
    period_start = models.DateField(_("valid from"))
    period_end = models.DateField(_("valid until"))
    amount = models.DecimalField(
        _("amount, UAH"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    file = models.FileField(
        _("file"),
        upload_to="activities/contracts/%Y/",
        blank=True,
        validators=[validate_attachment],
    )
    notes = models.TextField(_("notes"), blank=True)
    archived = _archived_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("coverage contract")
        verbose_name_plural = _("coverage contracts")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "number", "date"], name="activities_unique_contract"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="activities_contract_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} {self.date:%d.%m.%Y} — {self.outlet}"

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end date is before the start date.")})


class CoverageRequest(models.Model):
    """A letter asking an outlet to cover an event or the council's work."""

    number = models.CharField(_("number"), max_length=100, blank=True)
    date = models.DateField(_("date"), validators=[validate_event_date])
    outlet = models.ForeignKey(
        "monitoring.Outlet", verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="+"
    )
    contract = models.ForeignKey(
        CoverageContract,
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coverage_requests",
    )
    subject = models.CharField(_("subject"), max_length=1000)
    notes = models.TextField(_("notes"), blank=True)
    archived = _archived_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("coverage request")
        verbose_name_plural = _("coverage requests")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} — {self.outlet}: {self.subject[:60]}"

    def clean(self) -> None:
        super().clean()
        contract = self.contract if self.contract_id else None
        if contract is not None and self.outlet_id and contract.outlet_id != self.outlet_id:
            raise ValidationError({"contract": _("The contract is with another outlet.")})


class PeriodicalSubscription(models.Model):
    """A subscription to a newspaper or magazine for the council's departments."""

    periodical = models.CharField(_("periodical"), max_length=500)
    outlet = models.ForeignKey(
        "monitoring.Outlet",
        verbose_name=_("outlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    copies = models.PositiveIntegerField(_("copies"), default=1)
    recipients = models.CharField(_("for"), max_length=1000, blank=True)
    amount = models.DecimalField(
        _("amount, UAH"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    archived = _archived_field()

    class Meta:
        verbose_name = _("periodical subscription")
        verbose_name_plural = _("periodical subscriptions")
        ordering = ["-period_start", "periodical"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="activities_subscription_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.periodical} ({self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y})"

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The end date is before the start date.")})


# --- Social media --------------------------------------------------------------------------


class SocialAccount(models.Model):
    """An official social-media page or channel the office runs."""

    platform = models.CharField(_("platform"), max_length=20, choices=SocialPlatform.choices)
    name = models.CharField(_("name"), max_length=255)
    url = models.URLField(_("address"), max_length=500, unique=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("social-media account")
        verbose_name_plural = _("social-media accounts")
        ordering = ["platform", "name"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.name}"


class SocialMediaFigure(models.Model):
    """The follower count of an account on a day."""

    account = models.ForeignKey(
        SocialAccount, verbose_name=_("account"), on_delete=models.CASCADE, related_name="figures"
    )
    date = models.DateField(_("date"), validators=[validate_past_date])
    followers = models.PositiveIntegerField(_("followers"))
    source = models.CharField(
        _("source"), max_length=10, choices=FigureSource.choices, default="manual"
    )

    class Meta:
        verbose_name = _("follower count")
        verbose_name_plural = _("follower counts")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["account", "date"], name="activities_one_figure_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.followers} ({self.date:%d.%m.%Y})"


# --- Generic activity records --------------------------------------------------------------


class Activity(models.Model):
    """One activity of the CLI contract's list (docs/architecture.md) not kept in a record of
    its own: legacy lists imported from CSV, and records other modules make (the monitoring
    module's weekly and daily notes).
    """

    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    date = models.DateField(_("date"), validators=[validate_past_date])
    title = models.CharField(_("title"), max_length=500)
    details = models.TextField(_("details"), blank=True)
    source = models.CharField(
        _("source"),
        max_length=50,
        default="manual",
        help_text=_("Where the record came from: manual, csv, or the module that made it."),
    )
    source_ref = models.CharField(
        _("source reference"),
        max_length=255,
        blank=True,
        help_text=_("The record's key in the module that made it (e.g. monitoring.note:12)."),
    )
    archived = _archived_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("activity record")
        verbose_name_plural = _("other activity records")
        ordering = ["-date", "kind"]
        indexes = [models.Index(fields=["kind", "date"])]
        constraints = [
            # Records made by another module are keyed by its own reference; the rest (entered
            # by hand or imported) by kind, date and title.
            models.UniqueConstraint(
                fields=["kind", "date", "title"],
                condition=Q(source_ref=""),
                name="activities_unique_activity",
            ),
            models.UniqueConstraint(
                fields=["source_ref"],
                condition=~Q(source_ref=""),
                name="activities_unique_source_ref",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}: {self.title}"


@receiver(pre_save, sender=EventAttachment, dispatch_uid="activities-attachment-metadata")
@receiver(pre_save, sender=Text, dispatch_uid="activities-text-metadata")
@receiver(pre_save, sender=CoverageContract, dispatch_uid="activities-contract-metadata")
def _strip_uploaded_image_metadata(sender: type, instance: Any, **kwargs: Any) -> None:
    # Before FileField.pre_save writes the upload to storage, whatever saves it (admin form,
    # service, import).
    strip_image_metadata(instance.file)


# The public calendar's page type lives in pages.py (above the records: its routes hand
# requests to public_views.py); importing it here registers it with Django.
from hromada.activities.pages import CityCalendarPage  # noqa: E402, F401
