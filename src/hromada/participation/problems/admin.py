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
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea, required=False)

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
        try:
            services.change_problem_status(
                report=report,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                user=actor(request),
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
    return render(request, report, form, label, back, photos=photos)


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
        "created_at",
        "due_date",
        ActionColumn(
            "change",
            url_name="participation_problems:status",
            label=gettext_lazy("Change status"),
            show=lambda r: bool(PROBLEM_WORKFLOW.allowed_next(r.status)),
        ),
    ]
    list_filter = ["status", "category"]
    search_fields = ["address", "description"]
    list_export = [
        "created_at",
        "category",
        "responsible",
        "address",
        "status",
        "due_date",
        "solved_at",
    ]
    export_filename = "problem-reports"
    form_fields = ["assignee", "responsible"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("status/<int:pk>/", problem_status, name="status"),
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
