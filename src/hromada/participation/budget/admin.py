"""Staff's side of the participatory budget: review, milestones, paper ballots, results,
photos."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from hromada.core import audit, refusals
from hromada.participation.budget import selectors, services
from hromada.participation.budget.models import (
    BudgetCycle,
    BudgetProject,
    Milestone,
    ProjectPhoto,
    ProjectStatus,
)
from hromada.participation.shared.admin import (
    PHOTO_REFUSED_ACTION,
    ActionColumn,
    PostActionColumn,
    actor,
    attempt,
    check,
    render,
)
from hromada.participation.shared.views import photo_response


class ReviewProjectForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("accept", gettext_lazy("Accept for voting")),
            ("reject", gettext_lazy("Reject")),
        ],
    )
    notes = forms.CharField(
        label=gettext_lazy("Feasibility review"), widget=forms.Textarea, required=False
    )
    reviewed_cost = forms.DecimalField(
        label=gettext_lazy("Cost after review, UAH"), required=False, min_value=0
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for rejection"), widget=forms.Textarea, required=False
    )


class MilestoneForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"))
    title = forms.CharField(label=gettext_lazy("What was done"), max_length=300)
    note = forms.CharField(label=gettext_lazy("Details"), widget=forms.Textarea, required=False)
    photo = forms.FileField(label=gettext_lazy("Photo"), required=False)
    completes = forms.BooleanField(label=gettext_lazy("The project is implemented"), required=False)


class BallotForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Ballot number"), max_length=50)
    document_number = forms.CharField(
        label=gettext_lazy("Voter's РНОКПП (or passport number for a person without one)"),
        max_length=20,
        help_text=gettext_lazy("Only its identity key is kept, never the number."),
    )
    projects = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Projects marked on the ballot"),
        queryset=BudgetProject.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, cycle: BudgetCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = BudgetProject.objects.filter(  # type: ignore[attr-defined]
            cycle=cycle, status=ProjectStatus.ACCEPTED
        )


def _project_photos(project: BudgetProject) -> list[dict[str, str]]:
    """The project's photos and its milestones' photos, through the staff's views (any status:
    staff see them in the review, before accepting makes them public)."""
    photos = [
        {
            "url": reverse("participation_projects:photo", args=[photo.pk]),
            "alt": photo.caption
            or _("Photo %(number)s of the project “%(title)s”")
            % {"number": number, "title": project.title},
        }
        for number, photo in enumerate(project.photos.all(), start=1)
    ]
    photos += [
        {
            "url": reverse("participation_projects:milestone_photo", args=[milestone.pk]),
            "alt": milestone.title,
        }
        for milestone in project.milestones.exclude(photo="")
    ]
    return photos


def _project_photo_refused(request: HttpRequest, project: BudgetProject | None) -> HttpResponse:
    """Staff who don't review projects: a 403 page (as for problem photos), the refusal in
    the project's history; the same answer whether the photo exists or not."""
    if project is not None:
        audit.record(project, PHOTO_REFUSED_ACTION, user=actor(request))
    return refusals.forbidden(
        request,
        title=_("You may not open this photo"),
        message=_(
            "Here the photos of budget projects are open only to the staff who review the "
            "projects. Attempts to open them are recorded."
        ),
    )


def project_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A project's photo for the staff who review projects, in any status (never cached)."""
    if not request.user.has_perm("participation.change_budgetproject"):
        photo = ProjectPhoto.objects.select_related("project").filter(pk=pk).first()
        return _project_photo_refused(request, photo.project if photo else None)
    return photo_response(get_object_or_404(ProjectPhoto, pk=pk).image, max_age=None)


def milestone_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A milestone's photo for the same staff, in any status of its project (never cached)."""
    if not request.user.has_perm("participation.change_budgetproject"):
        milestone = Milestone.objects.select_related("project").filter(pk=pk).first()
        return _project_photo_refused(request, milestone.project if milestone else None)
    return photo_response(get_object_or_404(Milestone, pk=pk).photo, max_age=None)


def review_project(request: HttpRequest, pk: int) -> HttpResponse:
    check(request, "participation.change_budgetproject")
    project = get_object_or_404(BudgetProject, pk=pk)
    back = reverse("participation_projects:index")
    form = ReviewProjectForm(request.POST or None)
    label = _("Review")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            form,
            label,
            lambda: services.review_project(
                project=project,
                accept=data["decision"] == "accept",
                notes=data["notes"],
                reviewed_cost=data["reviewed_cost"],
                reason=data["reason"],
                user=actor(request),
            ),
        ):
            return HttpResponseRedirect(back)
    return render(request, project, form, label, back, photos=_project_photos(project))


def add_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    check(request, "participation.change_budgetproject")
    project = get_object_or_404(BudgetProject, pk=pk)
    back = reverse("participation_projects:index")
    form = MilestoneForm(request.POST or None, request.FILES or None)
    label = _("Add an implementation milestone")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            form,
            label,
            lambda: services.add_milestone(project=project, user=actor(request), **data),
        ):
            return HttpResponseRedirect(back)
    return render(
        request, project, form, label, back, multipart=True, photos=_project_photos(project)
    )


def enter_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    check(request, "participation.change_budgetcycle")
    cycle = get_object_or_404(BudgetCycle, pk=pk)
    back = reverse("participation_cycles:index")
    form = BallotForm(request.POST or None, cycle=cycle)
    label = _("Enter a paper ballot")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            request,
            form,
            label,
            lambda: services.enter_paper_ballot(
                cycle=cycle,
                number=data["number"],
                document_number=data["document_number"],
                project_ids=[p.pk for p in data["projects"]],
                user=actor(request),
            ),
        ):
            return HttpResponseRedirect(request.path)
    return render(request, cycle, form, label, back)


@require_POST
def compute_results(request: HttpRequest, pk: int) -> HttpResponse:
    check(request, "participation.change_budgetcycle")
    cycle = get_object_or_404(BudgetCycle, pk=pk)
    winners = services.compute_results(cycle=cycle, user=actor(request))
    messages.success(
        request, _("Results computed: %(count)s winning projects.") % {"count": len(winners)}
    )
    return HttpResponseRedirect(reverse("participation_cycles:index"))


class BudgetCycleViewSet(ModelViewSet):
    model = BudgetCycle
    icon = "date"
    menu_label = gettext_lazy("Budget cycles")
    list_display = [
        "year",
        "budget",
        "votes_per_resident",
        "voting_start",
        "voting_end",
        ActionColumn(
            "ballot",
            url_name="participation_cycles:ballot",
            label=gettext_lazy("Enter a paper ballot"),
            show=lambda c: True,
        ),
        PostActionColumn(
            "results",
            url_name="participation_cycles:results",
            label=gettext_lazy("Compute results"),
            show=lambda c: True,
        ),
    ]
    list_export = ["year", "budget", "project_cost_limit", "votes_per_resident"]
    export_filename = "budget-cycles"
    form_fields = [
        "year",
        "budget",
        "project_cost_limit",
        "votes_per_resident",
        "submission_start",
        "submission_end",
        "review_end",
        "voting_start",
        "voting_end",
        "results_on",
    ]
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("ballot/<int:pk>/", enter_ballot, name="ballot"),
            path("results/<int:pk>/", compute_results, name="results"),
        ]


class BudgetProjectIndexView(IndexView):
    """Projects with their votes counted from the vote rows (there is no counter column)."""

    export_headings = {"votes": gettext_lazy("Votes")}

    def get_base_queryset(self) -> Any:
        return selectors.with_votes(super().get_base_queryset())


class BudgetProjectViewSet(ModelViewSet):
    model = BudgetProject
    icon = "clipboard-list"
    menu_label = gettext_lazy("Budget projects")
    index_view_class = BudgetProjectIndexView
    list_display = [
        "title",
        "cycle",
        "category",
        "cost",
        "status",
        Column("votes", label=gettext_lazy("Votes"), sort_key="votes"),
        ActionColumn(
            "review",
            url_name="participation_projects:review",
            label=gettext_lazy("Review"),
            show=lambda p: p.status in (ProjectStatus.SUBMITTED, ProjectStatus.ACCEPTED),
        ),
        ActionColumn(
            "milestone",
            url_name="participation_projects:milestone",
            label=gettext_lazy("Add an implementation milestone"),
            show=lambda p: p.status in (ProjectStatus.WINNER, ProjectStatus.IMPLEMENTED),
        ),
    ]
    list_filter = ["cycle", "status"]
    search_fields = ["title"]
    list_export = ["title", "cycle", "category", "district", "cost", "status", "votes"]
    export_filename = "budget-projects"
    form_fields = ["title", "district", "location", "description"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("review/<int:pk>/", review_project, name="review"),
            path("milestone/<int:pk>/", add_milestone, name="milestone"),
            path("photo/<int:pk>/", project_photo, name="photo"),
            path("milestone-photo/<int:pk>/", milestone_photo, name="milestone_photo"),
        ]
