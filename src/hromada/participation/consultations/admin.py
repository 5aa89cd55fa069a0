"""Staff's side of consultations: moderating comments, summaries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSet

from hromada.participation.consultations import services
from hromada.participation.consultations.models import (
    CommentStatus,
    ConsultationSummary,
    DraftComment,
)
from hromada.participation.shared.admin import (
    ActionColumn,
    ModerationForm,
    actor,
    check,
    render,
)


class ModerateCommentForm(ModerationForm):
    pass


def moderate_comment(request: HttpRequest, pk: int) -> HttpResponse:
    check(request, "participation.change_draftcomment")
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
                user=actor(request),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(back)
    return render(request, comment, form, label, back)


class CommentViewSet(ModelViewSet):
    model = DraftComment
    icon = "comment"
    menu_label = gettext_lazy("Comments on drafts")
    list_display = [
        "act",
        "author_name",
        "status",
        "created_at",
        ActionColumn(
            "moderate",
            url_name="participation_comments:moderate",
            label=gettext_lazy("Moderate"),
            show=lambda c: c.status == CommentStatus.PENDING,
        ),
    ]
    list_filter = ["status"]
    list_export = ["act", "author_name", "text", "status", "created_at"]
    export_filename = "draft-comments"
    form_fields = ["text"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("moderate/<int:pk>/", moderate_comment, name="moderate"),
        ]


class SummaryViewSet(ModelViewSet):
    """Staff publish the summary of a draft's comments and what was taken into account."""

    model = ConsultationSummary
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Consultation summaries")
    list_display = ["act", "published_at"]
    list_export = ["act", "text", "published_at"]
    export_filename = "consultation-summaries"
    form_fields = ["act", "text"]
    copy_view_enabled = False
