"""Staff decisions: each is a small form, then a service (checked, audited with its reason)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hromada.core import audit, cases, refusals
from hromada.participation import services
from hromada.participation.models import (
    PROBLEM_WORKFLOW,
    BudgetCycle,
    BudgetProject,
    DocumentType,
    DraftComment,
    Milestone,
    Petition,
    PetitionStatus,
    ProblemPhoto,
    ProblemReport,
    ProjectPhoto,
    ProjectStatus,
    Resident,
)
from hromada.participation.views import photo_response


class ModeratePetitionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("publish", gettext_lazy("Publish")), ("reject", gettext_lazy("Reject"))],
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea, required=False)


class AnswerPetitionForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Answer"), widget=forms.Textarea)


class ProblemStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=[])
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, report: ProblemReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (status, PROBLEM_WORKFLOW.labels[status])
            for status in PROBLEM_WORKFLOW.allowed_next(report.status)
        ]


class ConfirmResidentForm(forms.Form):
    document_type = forms.ChoiceField(
        label=gettext_lazy("Document shown in person"),
        choices=[c for c in DocumentType.choices if c[0] != DocumentType.EID],
    )


class ModerateCommentForm(ModeratePetitionForm):
    pass


def _render(
    request: HttpRequest,
    obj: Any,
    form: forms.Form,
    label: str,
    back: str,
    *,
    multipart: bool = False,
    photos: Any = (),
) -> Any:
    return TemplateResponse(
        request,
        "participation/admin/action.html",
        {
            "object": obj,
            "form": form,
            "action_label": label,
            "back": back,
            "multipart": multipart,
            "photos": photos,
        },
    )


def _check(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def moderate_petition(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, "participation.change_petition")
    petition = get_object_or_404(Petition, pk=pk)
    back = reverse("participation_petitions:index")
    if petition.status == PetitionStatus.CONSIDERATION:
        form: forms.Form = AnswerPetitionForm(request.POST or None)
        label = _("Publish the answer")
    else:
        form = ModeratePetitionForm(request.POST or None)
        label = _("Moderate")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(form, AnswerPetitionForm):
                services.answer_petition(
                    petition=petition, answer=data["answer"], user=request.user
                )
            else:
                services.moderate_petition(
                    petition=petition,
                    publish=data["decision"] == "publish",
                    reason=data["reason"],
                    user=request.user,
                )
        except (ValidationError, cases.TransitionError) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(back)
    return _render(request, petition, form, label, back)


def problem_status(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, "participation.change_problemreport")
    report = get_object_or_404(ProblemReport, pk=pk)
    back = reverse("participation_problems:index")
    form = ProblemStatusForm(request.POST or None, report=report)
    label = _("Change status")
    if request.method == "POST" and form.is_valid():
        try:
            services.change_problem_status(
                report=report,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except (ValidationError, cases.TransitionError) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(back)
    # Staff see the photos here before accepting, which is what makes them public.
    photos = [
        {
            "url": reverse("participation_problems:photo", args=[photo.pk]),
            "alt": _("Photo %(number)s of the problem") % {"number": number},
        }
        for number, photo in enumerate(report.photos.all(), start=1)
    ]
    return _render(request, report, form, label, back, photos=photos)


PHOTO_REFUSED_ACTION = "participation.photo_refused"


def problem_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A report's photo for the staff who handle reports, in any status (never cached). Other
    staff get a 403 page, not Wagtail's redirect, and the refusal goes to the report's history
    (a resident's photo of a street may show people)."""
    if not request.user.has_perm("participation.change_problemreport"):
        photo = ProblemPhoto.objects.select_related("report").filter(pk=pk).first()
        if photo is not None:
            audit.record(
                photo.report, PHOTO_REFUSED_ACTION, user=request.user, data={"photo": photo.pk}
            )
        # The same answer whether the photo exists or not: a refusal tells nothing about it.
        return refusals.forbidden(
            request,
            title=_("You may not open this photo"),
            message=_(
                "The photos of problem reports are open only to the staff who handle the "
                "reports. Attempts to open them are recorded."
            ),
        )
    photo = get_object_or_404(ProblemPhoto, pk=pk)
    return photo_response(photo.image, max_age=None)


def confirm_resident(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, "participation.change_resident")
    resident = get_object_or_404(Resident, pk=pk)
    back = reverse("participation_residents:index")
    form = ConfirmResidentForm(request.POST or None)
    label = _("Confirm the resident")
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_resident(
                resident=resident,
                document_type=form.cleaned_data["document_type"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(back)
    return _render(request, resident, form, label, back)


def moderate_comment(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, "participation.change_draftcomment")
    comment = get_object_or_404(DraftComment, pk=pk)
    back = reverse("participation_comments:index")
    form = ModerateCommentForm(request.POST or None)
    label = _("Moderate")
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate_comment(
                comment=comment,
                publish=form.cleaned_data["decision"] == "publish",
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(back)
    return _render(request, comment, form, label, back)


# --- Participatory budget -----------------------------------------------------------------


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
        audit.record(project, PHOTO_REFUSED_ACTION, user=request.user)
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


def _attempt(request: HttpRequest, form: forms.Form, label: str, action: Any) -> bool:
    try:
        action()
    except (ValidationError, cases.TransitionError) as error:
        messages_ = error.messages if isinstance(error, ValidationError) else [str(error)]
        form.add_error(None, messages_)
        return False
    messages.success(request, _("%(action)s: done.") % {"action": label})
    return True


def review_project(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, "participation.change_budgetproject")
    project = get_object_or_404(BudgetProject, pk=pk)
    back = reverse("participation_projects:index")
    form = ReviewProjectForm(request.POST or None)
    label = _("Review")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            form,
            label,
            lambda: services.review_project(
                project=project,
                accept=data["decision"] == "accept",
                notes=data["notes"],
                reviewed_cost=data["reviewed_cost"],
                reason=data["reason"],
                user=request.user,
            ),
        ):
            return HttpResponseRedirect(back)
    return _render(request, project, form, label, back, photos=_project_photos(project))


def add_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, "participation.change_budgetproject")
    project = get_object_or_404(BudgetProject, pk=pk)
    back = reverse("participation_projects:index")
    form = MilestoneForm(request.POST or None, request.FILES or None)
    label = _("Add an implementation milestone")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            form,
            label,
            lambda: services.add_milestone(project=project, user=request.user, **data),
        ):
            return HttpResponseRedirect(back)
    return _render(
        request, project, form, label, back, multipart=True, photos=_project_photos(project)
    )


def enter_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, "participation.change_budgetcycle")
    cycle = get_object_or_404(BudgetCycle, pk=pk)
    back = reverse("participation_cycles:index")
    form = BallotForm(request.POST or None, cycle=cycle)
    label = _("Enter a paper ballot")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            form,
            label,
            lambda: services.enter_paper_ballot(
                cycle=cycle,
                number=data["number"],
                project_ids=[p.pk for p in data["projects"]],
                user=request.user,
            ),
        ):
            return HttpResponseRedirect(request.path)
    return _render(request, cycle, form, label, back)


@require_POST
def compute_results(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request, "participation.change_budgetcycle")
    cycle = get_object_or_404(BudgetCycle, pk=pk)
    winners = services.compute_results(cycle=cycle, user=request.user)
    messages.success(
        request, _("Results computed: %(count)s winning projects.") % {"count": len(winners)}
    )
    return HttpResponseRedirect(reverse("participation_cycles:index"))
