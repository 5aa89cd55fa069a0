"""Residents' participation: accounts and their verification, e-petitions with signatures,
problem reports, comments on draft acts, and the participatory budget.

Every text a resident types is stored as plain text and rendered escaped (no rich text from
residents). One person, one vote is a database constraint, not only a check in code.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from hromada.core import cases
from hromada.core.private_files import private_storage

EDITOR_FEATURES = ["bold", "italic", "link", "ol", "ul"]


# --- Settings ----------------------------------------------------------------------------


@register_setting(icon="group")
class ParticipationSettings(BaseSiteSetting):
    """The community charter's rules for e-petitions and the limits of the public forms."""

    petition_threshold = models.PositiveIntegerField(
        _("signatures needed for an e-petition"),
        default=250,
        help_text=_("Set by the community charter (Law 393/96-ВР, Art. 23-1)."),
    )
    petition_collection_days = models.PositiveSmallIntegerField(
        _("collection period of an e-petition, days"),
        default=90,
        help_text=_("Set by the community charter (Law 393/96-ВР, Art. 23-1)."),
    )
    problem_reports_per_minute = models.PositiveSmallIntegerField(
        _("problem reports accepted per minute from one address"), default=10
    )
    # Where the problem-report maps open before any report has a point (the centre of Ukraine
    # until the city sets its own).
    map_latitude = models.DecimalField(
        _("map centre: latitude"),
        max_digits=9,
        decimal_places=6,
        default=Decimal("48.379433"),
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Where the problem-report map opens: the city centre."),
    )
    map_longitude = models.DecimalField(
        _("map centre: longitude"),
        max_digits=9,
        decimal_places=6,
        default=Decimal("31.165580"),
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    map_zoom = models.PositiveSmallIntegerField(
        _("map zoom"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(19)],
        help_text=_("From 1 (the world) to 19 (a building); 13 shows a town."),
    )

    panels = [
        FieldPanel("petition_threshold"),
        FieldPanel("petition_collection_days"),
        FieldPanel("problem_reports_per_minute"),
        FieldPanel("map_latitude"),
        FieldPanel("map_longitude"),
        FieldPanel("map_zoom"),
    ]

    class Meta:
        verbose_name = _("participation settings")


# --- Residents ---------------------------------------------------------------------------


class Level(models.IntegerChoices):
    """Verification levels, each including the ones below it."""

    REGISTERED = 0, _("Registered")
    EMAIL_CONFIRMED = 1, _("E-mail confirmed")
    RESIDENT_CONFIRMED = 2, _("Resident confirmed")


class DocumentType(models.TextChoices):
    """The document a staff member saw in person (its type only: no copy is kept)."""

    PASSPORT = "passport", _("Passport of a citizen of Ukraine")
    ID_CARD = "id_card", _("ID card")
    RESIDENCE = "residence", _("Certificate of registered residence")
    EID = "eid", _("National e-ID service")


class Resident(models.Model):
    """A resident's account: the user (never staff) with consent and verification."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident"
    )
    full_name = models.CharField(_("full name"), max_length=255)
    district = models.CharField(_("district"), max_length=100, blank=True)
    consent_at = models.DateTimeField(_("personal-data consent given at"))
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("resident confirmed at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_document = models.CharField(
        _("document shown"), max_length=20, choices=DocumentType.choices, blank=True
    )
    verifier = models.CharField(_("e-ID provider"), max_length=50, blank=True)
    deleted_at = models.DateTimeField(_("account deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")

    def __str__(self) -> str:
        return self.full_name

    @property
    def level(self) -> int:
        if self.deleted_at is not None:
            return -1
        if self.verified_at is not None:
            return Level.RESIDENT_CONFIRMED
        if self.email_confirmed_at is not None:
            return Level.EMAIL_CONFIRMED
        return Level.REGISTERED

    @property
    def level_label(self) -> str:
        return str(Level(max(self.level, 0)).label)


# --- E-petitions -------------------------------------------------------------------------


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
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "resident"], name="participation_one_signature_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.name or str(_("Deleted account"))


# --- Problem reports ---------------------------------------------------------------------


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
    SOLVED = "solved", pgettext_lazy("problem report status", "Solved")
    REJECTED = "rejected", pgettext_lazy("problem report status", "Rejected")
    REOPENED = "reopened", pgettext_lazy("problem report status", "Reopened")


PROBLEM_WORKFLOW = cases.Workflow(
    name="problem",
    audit_prefix="participation",
    labels=dict(ProblemStatus.choices),
    transitions={
        ProblemStatus.NEW: frozenset(
            {ProblemStatus.ACCEPTED, ProblemStatus.REJECTED, ProblemStatus.IN_PROGRESS}
        ),
        ProblemStatus.ACCEPTED: frozenset(
            {ProblemStatus.IN_PROGRESS, ProblemStatus.SOLVED, ProblemStatus.REJECTED}
        ),
        ProblemStatus.IN_PROGRESS: frozenset({ProblemStatus.SOLVED, ProblemStatus.REJECTED}),
        ProblemStatus.SOLVED: frozenset({ProblemStatus.REOPENED}),
        ProblemStatus.REJECTED: frozenset({ProblemStatus.REOPENED}),
        ProblemStatus.REOPENED: frozenset(
            {ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS, ProblemStatus.REJECTED}
        ),
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
    needs_reason=frozenset({ProblemStatus.REJECTED, ProblemStatus.REOPENED}),
)

#: A report's photos are shown only once staff have accepted it: residents' photos may show
#: faces, car plates or the inside of a home, so a new, rejected or reopened report hides them
#: until someone has looked (a reopened report is looked at again).
PHOTOS_PUBLIC_STATUSES = frozenset(
    {ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS, ProblemStatus.SOLVED}
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

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.category}: {self.address}"

    def status_label(self) -> str:
        return str(ProblemStatus(self.status).label)

    @property
    def photos_public(self) -> bool:
        return self.status in PHOTOS_PUBLIC_STATUSES

    def public_photos(self) -> list[ProblemPhoto]:
        """The photos the public page shows: none before staff accepted the report."""
        return list(self.photos.all()) if self.photos_public else []


def _random_name(filename: str) -> str:
    # A phone names a photo after its time or its owner; stored files get a random name
    # instead (the extension is the re-encoded format's).
    return f"{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def problem_photo_path(instance: ProblemPhoto, filename: str) -> str:
    return f"participation/problems/{_random_name(filename)}"


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


# --- Consultations on drafts -------------------------------------------------------------


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


# --- Participatory budget ----------------------------------------------------------------


class BudgetCycle(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    budget = models.DecimalField(_("budget, UAH"), max_digits=14, decimal_places=2)
    project_cost_limit = models.DecimalField(
        _("largest project cost, UAH"), max_digits=14, decimal_places=2
    )
    votes_per_resident = models.PositiveSmallIntegerField(_("votes per resident"), default=3)
    submission_start = models.DateField(_("submission starts"))
    submission_end = models.DateField(_("submission ends"))
    review_end = models.DateField(_("review ends"))
    voting_start = models.DateField(_("voting starts"))
    voting_end = models.DateField(_("voting ends"))
    results_on = models.DateField(_("results announced"))

    class Meta:
        verbose_name = _("participatory budget cycle")
        verbose_name_plural = _("participatory budget cycles")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    def phase(self, today: dt.date) -> str:
        if today < self.submission_start:
            return "planned"
        if today <= self.submission_end:
            return "submission"
        if today <= self.review_end:
            return "review"
        if today < self.voting_start:
            return "review"
        if today <= self.voting_end:
            return "voting"
        if today < self.results_on:
            return "counting"
        return "implementation"


class BudgetCategory(models.Model):
    cycle = models.ForeignKey(BudgetCycle, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=200)
    votes_limit = models.PositiveSmallIntegerField(
        _("votes per resident in this category"), default=1
    )

    class Meta:
        verbose_name = _("budget category")
        verbose_name_plural = _("budget categories")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="participation_category_name")
        ]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted for voting")
    REJECTED = "rejected", _("Rejected")
    WINNER = "winner", _("Winner")
    IMPLEMENTED = "implemented", _("Implemented")


#: A project is published once staff have reviewed it: from then on its page, its photos and
#: its milestones are public. A rejected project stays on the public list with the reason for
#: its rejection (residents see why), so its photos, which staff looked at in the review, are
#: shown with it. A submitted project and its photos are seen by staff only, not even by its
#: author: nobody has looked at the photos yet (they may show faces, car plates, a yard).
PUBLIC_PROJECT_STATUSES = frozenset(
    {
        ProjectStatus.ACCEPTED,
        ProjectStatus.REJECTED,
        ProjectStatus.WINNER,
        ProjectStatus.IMPLEMENTED,
    }
)


class BudgetProject(models.Model):
    cycle = models.ForeignKey(BudgetCycle, on_delete=models.PROTECT, related_name="projects")
    category = models.ForeignKey(BudgetCategory, on_delete=models.PROTECT, related_name="projects")
    author = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    author_name = models.CharField(_("author's name"), max_length=255)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    district = models.CharField(_("district"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    cost = models.DecimalField(_("cost estimate, UAH"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.SUBMITTED
    )
    review_notes = models.TextField(_("feasibility review"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    reviewed_cost = models.DecimalField(
        _("cost after review, UAH"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    # No vote counter here: a project's votes are counted from its BudgetVote rows
    # (selectors.with_votes), so a vote never writes a row that other voters share.

    class Meta:
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        ordering = ["cycle", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def final_cost(self) -> Any:
        return self.reviewed_cost if self.reviewed_cost is not None else self.cost


def budget_photo_path(instance: Any, filename: str) -> str:
    return f"participation/budget/{_random_name(filename)}"


class ProjectPhoto(models.Model):
    """A photo of a project's place (validated by content and re-encoded by the services).
    Kept in the private storage (no public URL): it goes out only through
    `views.project_photo`, which checks on every request that the project is published
    (`PUBLIC_PROJECT_STATUSES`), and the staff's admin view."""

    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=budget_photo_path, storage=private_storage)
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")

    def __str__(self) -> str:
        return self.caption or str(self.image.name)


class Milestone(models.Model):
    """A step of a winning project's implementation, with an optional photo (private, served
    like a project photo: `views.milestone_photo`, public while its project is)."""

    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    title = models.CharField(_("what was done"), max_length=300)
    note = models.TextField(_("details"), blank=True)
    photo = models.FileField(
        _("photo"), upload_to=budget_photo_path, storage=private_storage, blank=True
    )
    completes = models.BooleanField(_("the project is implemented"), default=False)

    class Meta:
        verbose_name = _("implementation milestone")
        verbose_name_plural = _("implementation milestones")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.title


class PaperBallot(models.Model):
    """A paper ballot, entered twice by staff (two different people); counted when both
    entries agree."""

    cycle = models.ForeignKey(BudgetCycle, on_delete=models.PROTECT, related_name="ballots")
    number = models.CharField(_("ballot number"), max_length=50)
    first_entry = models.JSONField(_("first entry"), default=list)
    first_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="participation_ballot_number")
        ]

    def __str__(self) -> str:
        return self.number


class BudgetVote(models.Model):
    cycle = models.ForeignKey(BudgetCycle, on_delete=models.PROTECT, related_name="votes")
    project = models.ForeignKey(BudgetProject, on_delete=models.PROTECT, related_name="vote_set")
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="votes"
    )
    ballot = models.ForeignKey(
        PaperBallot, null=True, blank=True, on_delete=models.PROTECT, related_name="votes"
    )
    cast_at = models.DateTimeField(_("cast at"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget vote")
        verbose_name_plural = _("budget votes")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "resident"], name="participation_one_vote_per_project"
            ),
            models.UniqueConstraint(
                fields=["project", "ballot"], name="participation_one_ballot_vote_per_project"
            ),
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | Q(ballot__isnull=False),
                name="participation_vote_has_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}"


# --- Portal pages ------------------------------------------------------------------------


class _ModulePage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        abstract = True


class PetitionsPage(_ModulePage):
    """E-petitions: the list, each petition with its signatories, filing and signing."""

    class Meta:
        verbose_name = _("e-petitions page")
        verbose_name_plural = _("e-petitions pages")

    @path("")
    def index_route(self, request: Any) -> Any:
        from hromada.participation import views

        return views.petitions(request, self)

    @path("new/", name="new")
    def new_route(self, request: Any) -> Any:
        from hromada.participation import views

        return views.petition_new(request, self)

    @path("<int:pk>/", name="detail")
    def detail_route(self, request: Any, pk: int) -> Any:
        from hromada.participation import views

        return views.petition_detail(request, self, pk)


class ProblemsPage(_ModulePage):
    """ "Open city": problem reports on a list and a map, and the report form."""

    class Meta:
        verbose_name = _("problem reports page")
        verbose_name_plural = _("problem reports pages")

    @path("")
    def index_route(self, request: Any) -> Any:
        from hromada.participation import views

        return views.problems(request, self)

    @path("new/", name="new")
    def new_route(self, request: Any) -> Any:
        from hromada.participation import views

        return views.problem_new(request, self)

    @path("<int:pk>/", name="detail")
    def detail_route(self, request: Any, pk: int) -> Any:
        from hromada.participation import views

        return views.problem_detail(request, self, pk)


class ConsultationsPage(_ModulePage):
    """Drafts open for comments, their published comments and the summaries."""

    class Meta:
        verbose_name = _("consultations on drafts page")
        verbose_name_plural = _("consultations on drafts pages")

    @path("")
    def index_route(self, request: Any) -> Any:
        from hromada.participation import views

        return views.consultations(request, self)

    @path("<int:pk>/", name="detail")
    def detail_route(self, request: Any, pk: int) -> Any:
        from hromada.participation import views

        return views.consultation_detail(request, self, pk)


class BudgetPage(_ModulePage):
    """The participatory budget: cycles, projects, voting and results."""

    class Meta:
        verbose_name = _("participatory budget page")
        verbose_name_plural = _("participatory budget pages")

    @path("")
    def index_route(self, request: Any) -> Any:
        from hromada.participation import views

        return views.budget(request, self)

    @path("<int:pk>/", name="project")
    def project_route(self, request: Any, pk: int) -> Any:
        from hromada.participation import views

        return views.budget_project(request, self, pk)

    @path("submit/", name="submit")
    def submit_route(self, request: Any) -> Any:
        from hromada.participation import views

        return views.budget_submit(request, self)
