"""The public side of problem reports (routed by `pages.ProblemsPage`) and their photos."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hromada.core import spam
from hromada.participation.problems import maps, selectors, services
from hromada.participation.problems.forms import ProblemForm, ReopenForm
from hromada.participation.problems.models import (
    PROBLEM_WORKFLOW,
    ProblemReport,
    ProblemStatus,
)
from hromada.participation.shared.selectors import participation_settings
from hromada.participation.shared.views import (
    PHOTO_MAX_AGE,
    NeedsConfirmation,
    level_refusal,
    photo_response,
    submit,
)
from hromada.participation.verification import (
    LevelRequired,
    require,
    resident_of,
)

if TYPE_CHECKING:
    from hromada.participation.problems.pages import ProblemsPage


@never_cache
def problems(request: HttpRequest, page: ProblemsPage) -> HttpResponse:
    status = request.GET.get("status", "")
    queryset = selectors.public_problems(status=status)
    paginator = Paginator(queryset, 20)
    current = paginator.get_page(request.GET.get("page"))
    points = selectors.map_points(current.object_list)
    context = {
        **page.get_context(request),
        "problems": current,
        "map_points": points,
        # The same reports for the tile map (participation/map.js), as JSON data.
        "map_markers": [
            {
                "latitude": float(point["report"].latitude),
                "longitude": float(point["report"].longitude),
                "label": f"{point['report'].address}: {point['report'].status_label()}",
                "url": page.url + page.reverse_subpage("detail", args=[point["report"].pk]),
            }
            for point in points
        ],
        "map": maps.tile_map(participation_settings()) if points else {},
        "statuses": selectors.problem_statuses(),
        "current_status": status,
    }
    return TemplateResponse(request, "participation/problems_page.html", context)


@never_cache
def problem_detail(request: HttpRequest, page: ProblemsPage, pk: int) -> HttpResponse:
    resident = resident_of(request.user)
    report = selectors.visible_problem(pk, resident_id=resident.pk if resident else None)
    if report is None:
        raise Http404
    is_reporter = bool(resident and report.reporter_id == resident.pk)
    if request.method == "POST" and not is_reporter:
        raise PermissionDenied
    form = ReopenForm(request.POST or None)

    def reopen(data: dict[str, Any]) -> ProblemReport:
        assert resident is not None  # only the reporter gets here
        return services.reopen_problem(report=report, resident=resident, reason=data["reason"])

    sent = submit(request, form, reopen)
    if sent.done:
        messages.success(request, _("The report is reopened."))
        return HttpResponseRedirect(request.path)
    context = {
        **page.get_context(request),
        "report": report,
        "can_reopen": is_reporter
        and ProblemStatus.REOPENED in PROBLEM_WORKFLOW.allowed_next(report.status),
        "form": form,
    }
    return TemplateResponse(
        request, "participation/problem_detail.html", context, status=sent.status
    )


@require_safe
def problem_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A report's photo, only while the report is accepted, in progress or solved: checked on
    every request, so a photo's address stops working as soon as the report leaves them."""
    photo = selectors.public_problem_photo(pk)
    return photo_response(photo.image if photo else None, max_age=PHOTO_MAX_AGE)


@never_cache
def problem_new(request: HttpRequest, page: ProblemsPage) -> HttpResponse:
    resident = resident_of(request.user)
    try:
        reporter = require(resident, "problem.report")
    except LevelRequired as error:
        return level_refusal(request, error, page)
    form = ProblemForm(request.POST or None, request.FILES or None)
    similar: list[ProblemReport] = []
    blocked = ""
    if (
        request.method == "POST"
        and not spam.hit(
            request,
            "participation.problem",
            limit=participation_settings().problem_reports_per_minute,
            window=60,
        ).allowed
    ):
        form = ProblemForm()
        blocked = _("Too many reports from your address. Try again in a minute.")
        status = 429
    else:

        def report(data: dict[str, Any]) -> ProblemReport:
            similar.extend(
                services.similar_problems(category=data["category"], address=data["address"])
            )
            if similar and not request.POST.get("confirm_similar"):
                raise NeedsConfirmation
            point = (
                services.Point(latitude=data["latitude"], longitude=data["longitude"])
                if data.get("latitude") is not None
                else None
            )
            return services.report_problem(
                resident=reporter,
                category=data["category"],
                description=data["description"],
                address=data["address"],
                point=point,
                photos=data["photos"],
            )

        sent = submit(request, form, report)
        if sent.result is not None:
            messages.success(
                request,
                _(
                    "Thank you: your report is registered. It appears on the public pages once "
                    "a moderator has read it; until then only you see it here."
                ),
            )
            return HttpResponseRedirect(
                page.url + page.reverse_subpage("detail", args=[sent.result.pk])
            )
        status = sent.status
    context = {
        **page.get_context(request),
        "form": form,
        "similar": similar,
        "blocked": blocked,
        "map": maps.tile_map(participation_settings()),
    }
    return TemplateResponse(request, "participation/problem_form.html", context, status=status)
