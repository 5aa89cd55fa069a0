"""The public side of the participatory budget (routed by `pages.BudgetPage`), the voting
address and the projects' photos."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from hromada.participation.budget import selectors, services
from hromada.participation.budget.forms import ProjectForm
from hromada.participation.shared.views import (
    PHOTO_MAX_AGE,
    level_refusal,
    photo_response,
    submit,
)
from hromada.participation.verification import (
    REQUIRED_LEVELS,
    LevelRequired,
    require,
    resident_of,
)

if TYPE_CHECKING:
    from hromada.participation.budget.pages import BudgetPage


@never_cache
def budget(request: HttpRequest, page: BudgetPage) -> HttpResponse:
    cycle = selectors.current_cycle(request.GET.get("year", ""))
    if request.method == "POST" and cycle is not None:
        # A form rendered before votes went to their own address still counts.
        return budget_vote(request, cycle.year)
    resident = resident_of(request.user)
    phase = cycle.phase(timezone.localdate()) if cycle else ""
    context = {
        **page.get_context(request),
        "cycle": cycle,
        "cycles": selectors.cycles(),
        "phase": phase,
        "phase_label": selectors.PHASE_LABELS.get(phase, ""),
        "projects": selectors.public_projects(cycle) if cycle else [],
        "voted": selectors.voted_for(cycle, resident) if cycle and resident else set(),
        "resident": resident,
        "back": request.get_full_path(),
    }
    return TemplateResponse(request, "participation/budget_page.html", context)


def _budget_page_url(request: HttpRequest, year: int) -> str:
    """Where a vote returns: the form's own page (``next``, local only), else the budget page."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    # The page type sits above the views (its routes call them): looked up in the app
    # registry rather than imported, so this module imports nothing above it.
    page = apps.get_model("participation", "BudgetPage").objects.live().first()
    return f"{page.url}?year={year}" if page is not None and page.url else "/"


@require_POST
@never_cache
def budget_vote(request: HttpRequest, year: int) -> HttpResponse:
    """A resident's ballot, sent by the budget page's form. Kept small for voting peaks: no
    page routing or rendering on success (a redirect back to the page, which shows the
    message), a short page when the vote is refused."""
    voting = selectors.voting_cycle(year)  # cached per process for a few seconds
    if voting is None:
        raise Http404
    cycle = voting.cycle
    back = _budget_page_url(request, year)
    ids = [int(value) for value in request.POST.getlist("project") if value.isdigit()]
    try:
        user = request.user
        if isinstance(user, AnonymousUser):
            raise LevelRequired("budget.vote", REQUIRED_LEVELS["budget.vote"])
        # The resident is found and locked by the service in one query (a vote is a peak path).
        services.vote_as(user=user, cycle=cycle, project_ids=ids)
    except LevelRequired as error:
        resident = resident_of(request.user)
        context = {"error": error, "resident": resident, "heading": _("Voting"), "next": back}
        return TemplateResponse(request, "participation/level_required.html", context, status=403)
    except ValidationError as error:
        context = {"message": " ".join(error.messages), "back": back, "cycle": cycle}
        return TemplateResponse(request, "participation/vote_refused.html", context, status=400)
    messages.success(request, _("Thank you: your votes are counted."))
    return HttpResponseRedirect(back)


@never_cache
def budget_project(request: HttpRequest, page: BudgetPage, pk: int) -> HttpResponse:
    project = selectors.public_project(pk)
    if project is None:
        raise Http404
    context = {**page.get_context(request), "project": project}
    return TemplateResponse(request, "participation/budget_project.html", context)


@never_cache
def budget_submit(request: HttpRequest, page: BudgetPage) -> HttpResponse:
    resident = resident_of(request.user)
    try:
        author = require(resident, "budget.submit")
    except LevelRequired as error:
        return level_refusal(request, error, page)
    cycle = selectors.current_cycle()
    if cycle is None or cycle.phase(timezone.localdate()) != "submission":
        context = {**page.get_context(request), "cycle": cycle, "closed": True}
        return TemplateResponse(request, "participation/budget_submit.html", context, status=403)
    form = ProjectForm(request.POST or None, request.FILES or None, cycle=cycle)
    sent = submit(
        request,
        form,
        lambda data: services.submit_project(
            resident=author,
            cycle=cycle,
            category_id=data["category"].pk,
            title=data["title"],
            description=data["description"],
            cost=data["cost"],
            district=data["district"],
            location=data["location"],
            photos=data["photos"],
        ),
    )
    if sent.done:
        messages.success(request, _("Thank you: your project is sent for review."))
        return HttpResponseRedirect(page.url)
    context = {**page.get_context(request), "cycle": cycle, "form": form, "closed": False}
    return TemplateResponse(
        request, "participation/budget_submit.html", context, status=sent.status
    )


@require_safe
def project_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A budget project's photo, only while the project is published (checked on every
    request, like a problem photo); before the review nobody sees it, its author included."""
    photo = selectors.public_project_photo(pk)
    return photo_response(photo.image if photo else None, max_age=PHOTO_MAX_AGE)


@require_safe
def milestone_photo(request: HttpRequest, pk: int) -> FileResponse:
    """An implementation milestone's photo, while its project is published."""
    milestone = selectors.public_milestone(pk)
    return photo_response(milestone.photo if milestone else None, max_age=PHOTO_MAX_AGE)
