"""The participatory budget ("громадський бюджет"): cycles, categories, projects with photos
and milestones, online votes and paper ballots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.private_files import private_storage
from hromada.participation.residents.models import (
    Resident,
)
from hromada.participation.shared.models import random_name


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
    def final_cost(self) -> Decimal:
        return self.reviewed_cost if self.reviewed_cost is not None else self.cost


def budget_photo_path(instance: Any, filename: str) -> str:
    return f"participation/budget/{random_name(filename)}"


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
    # The voter's identity key (from the document number staff typed): one vote per person,
    # on paper or online.
    identity_key = models.CharField(  # noqa: DJ001 (NULL: no key; NULLs never collide)
        max_length=64, null=True, blank=True, editable=False
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="participation_ballot_number"),
            models.UniqueConstraint(
                fields=["cycle", "identity_key"], name="participation_one_ballot_per_identity"
            ),
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
    # The voter's identity key, online or on paper: one vote per project per person.
    identity_key = models.CharField(  # noqa: DJ001 (NULL: no key; NULLs never collide)
        max_length=64, null=True, blank=True, editable=False
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
            models.UniqueConstraint(
                fields=["project", "identity_key"], name="participation_one_vote_per_identity"
            ),
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | Q(ballot__isnull=False),
                name="participation_vote_has_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}"
