"""Staff decisions: each is a small form, then a service (checked, audited with its reason)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.participation import cases, services
from hromada.participation.models import (
    PROBLEM_WORKFLOW,
    DocumentType,
    DraftComment,
    Petition,
    PetitionStatus,
    ProblemReport,
    Resident,
)


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


def _render(request: HttpRequest, obj: Any, form: forms.Form, label: str, back: str) -> Any:
    return TemplateResponse(
        request,
        "participation/admin/action.html",
        {"object": obj, "form": form, "action_label": label, "back": back},
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
    return _render(request, report, form, label, back)


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
