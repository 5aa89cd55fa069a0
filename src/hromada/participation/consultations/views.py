"""The public side of consultations on drafts (routed by `pages.ConsultationsPage`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hromada.participation.consultations import selectors, services
from hromada.participation.consultations.forms import CommentForm
from hromada.participation.consultations.models import DraftComment
from hromada.participation.shared.views import (
    level_refusal,
    submit,
)
from hromada.participation.verification import (
    LevelRequired,
    require,
    resident_of,
)

if TYPE_CHECKING:
    from hromada.participation.consultations.pages import ConsultationsPage


@never_cache
def consultations(request: HttpRequest, page: ConsultationsPage) -> HttpResponse:
    context = {
        **page.get_context(request),
        "open_drafts": selectors.drafts_open_for_comments(),
        "summaries": selectors.published_summaries()[:20],
    }
    return TemplateResponse(request, "participation/consultations_page.html", context)


@never_cache
def consultation_detail(request: HttpRequest, page: ConsultationsPage, pk: int) -> HttpResponse:
    act = selectors.consultation_draft(pk)
    if act is None:
        raise Http404
    resident = resident_of(request.user)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        try:
            require(resident, "draft.comment")
        except LevelRequired as error:
            return level_refusal(request, error, page)

    def comment(data: dict[str, Any]) -> DraftComment:
        assert resident is not None  # the level was required above
        return services.comment_on_draft(act=act, resident=resident, text=data["text"])

    sent = submit(request, form, comment)
    if sent.done:
        messages.success(request, _("Thank you: your comment is sent for moderation."))
        return HttpResponseRedirect(request.path)
    context = {
        **page.get_context(request),
        "act": act,
        "is_open": services.draft_open_for_comments(act),
        "comments": selectors.published_comments(act),
        "summary": selectors.summary_of(act),
        "form": form,
        "resident": resident,
    }
    return TemplateResponse(
        request, "participation/consultation_detail.html", context, status=sent.status
    )
