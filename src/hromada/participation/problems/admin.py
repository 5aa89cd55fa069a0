"""Staff's side of problem reports: status changes, photos, categories."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSet

from hromada.core import audit, cases, refusals
from hromada.participation.problems import services
from hromada.participation.problems.models import (
    PROBLEM_WORKFLOW,
    Moderation,
    ProblemCategory,
    ProblemPhoto,
    ProblemReport,
)
from hromada.participation.shared.admin import (
    PHOTO_REFUSED_ACTION,
    ActionColumn,
    actor,
    check,
    render,
)
from hromada.participation.shared.views import photo_response


class ProblemStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=[])
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea,
        required=False,
        help_text=gettext_lazy(
            "Shown on the public page. For “Planned”: what will be done (the commitment); "
            "for “Closed without a fix”: why."
        ),
    )
    planned_on = forms.DateField(
        label=gettext_lazy("Planned to be done by"),
        required=False,
        help_text=gettext_lazy("For “Planned”, e.g. 01.06.2020."),
    )
    forwarded_to = forms.CharField(
        label=gettext_lazy("Forwarded to"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("For “Not the council's responsibility”: the body responsible."),
    )
    duplicate_of = forms.IntegerField(
        label=gettext_lazy("Duplicate of report No."),
        required=False,
        min_value=1,
        help_text=gettext_lazy("For “Duplicate”: the number of the original report."),
    )

    def __init__(self, *args: Any, report: ProblemReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (status, PROBLEM_WORKFLOW.labels[status])
            for status in PROBLEM_WORKFLOW.allowed_next(report.status)
        ]


def problem_status(request: HttpRequest, pk: int) -> HttpResponse:
    check(request, "participation.change_problemreport")
    report = get_object_or_404(ProblemReport, pk=pk)
    back = reverse("participation_problems:index")
    form = ProblemStatusForm(request.POST or None, report=report)
    label = _("Change status")
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["duplicate_of"]
        original = ProblemReport.objects.filter(pk=number).first() if number else None
        try:
            if number and original is None:
                raise ValidationError(
                    {"duplicate_of": _("There is no report No. %(number)s.") % {"number": number}}
                )
            services.change_problem_status(
                report=report,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                planned_on=form.cleaned_data["planned_on"],
                forwarded_to=form.cleaned_data["forwarded_to"],
                duplicate_of=original,
                user=actor(request),
            )
        except ValidationError as error:
            _form_errors(form, error)
        except cases.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(back)
    # Staff see the photos here before accepting, which is what makes them public.
    return render(request, report, form, label, back, photos=_photos(report))


def _photos(report: ProblemReport) -> list[dict[str, str]]:
    return [
        {
            "url": reverse("participation_problems:photo", args=[photo.pk]),
            "alt": _("Photo %(number)s of the problem") % {"number": number},
        }
        for number, photo in enumerate(report.photos.all(), start=1)
    ]


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class ProblemModerationForm(forms.Form):
    """Publish a report's text, refuse it, or hide a published one: the choices follow its
    current state; a refusal or hiding needs the reason, which the reporter reads."""

    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=[])
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea,
        required=False,
        help_text=gettext_lazy("Sent to the reporter and shown to them on the report's page."),
    )

    def __init__(self, *args: Any, report: ProblemReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = {
            Moderation.PENDING: [
                ("publish", gettext_lazy("Publish")),
                ("refuse", gettext_lazy("Do not publish")),
            ],
            Moderation.PUBLISHED: [("hide", gettext_lazy("Hide from the public"))],
        }.get(Moderation(report.moderation), [("publish", gettext_lazy("Publish"))])
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]


def problem_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    check(request, "participation.change_problemreport")
    report = get_object_or_404(ProblemReport, pk=pk)
    back = reverse("participation_problems:index")
    form = ProblemModerationForm(request.POST or None, report=report)
    label = _("Moderate")
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        reason = form.cleaned_data["reason"]
        try:
            if decision == "hide":
                services.hide_problem(report=report, reason=reason, user=actor(request))
            else:
                services.moderate_problem(
                    report=report,
                    publish=decision == "publish",
                    reason=reason,
                    user=actor(request),
                )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(back)
    details = [
        (_("Text moderation"), report.moderation_label()),
        (_("Address"), report.address),
        (_("Description"), report.description),
    ]
    if report.moderation_reason:
        details.append((_("Moderator's reason"), report.moderation_reason))
    return render(request, report, form, label, back, photos=_photos(report), details=details)


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


class ProblemViewSet(ModelViewSet):
    model = ProblemReport
    icon = "warning"
    menu_label = gettext_lazy("Problem reports")
    list_display = [
        "address",
        "category",
        "responsible",
        "status",
        "moderation",
        "created_at",
        "due_date",
        ActionColumn(
            "moderate",
            url_name="participation_problems:moderate",
            label=gettext_lazy("Moderate"),
            show=lambda r: True,
        ),
        ActionColumn(
            "change",
            url_name="participation_problems:status",
            label=gettext_lazy("Change status"),
            show=lambda r: bool(PROBLEM_WORKFLOW.allowed_next(r.status)),
        ),
    ]
    list_filter = ["status", "moderation", "category"]
    search_fields = ["address", "description"]
    list_export = [
        "created_at",
        "category",
        "responsible",
        "address",
        "status",
        "moderation",
        "due_date",
        "solved_at",
        "planned_on",
        "forwarded_to",
        "duplicate_of",
    ]
    export_filename = "problem-reports"
    form_fields = ["assignee", "responsible"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("status/<int:pk>/", problem_status, name="status"),
            path("moderate/<int:pk>/", problem_moderate, name="moderate"),
            path("photo/<int:pk>/", problem_photo, name="photo"),
        ]


class ProblemCategoryViewSet(ModelViewSet):
    model = ProblemCategory
    icon = "tag"
    menu_label = gettext_lazy("Problem categories")
    list_display = ["name", "responsible", "responsible_email"]
    list_export = ["name", "responsible", "responsible_email"]
    export_filename = "problem-categories"
    form_fields = ["name", "responsible", "responsible_email"]
    copy_view_enabled = False
