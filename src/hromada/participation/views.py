"""The public side: resident accounts, e-petitions and problem reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hromada.core import cases, spam
from hromada.core.uploads import IMAGE_TYPES, SNIFF_BYTES, detect_type
from hromada.participation import maps, selectors, services
from hromada.participation.forms import (
    CommentForm,
    DeleteAccountForm,
    PetitionForm,
    ProblemForm,
    ProfileForm,
    ProjectForm,
    RegistrationForm,
    ReopenForm,
)
from hromada.participation.models import (
    Level,
    Petition,
    PetitionStatus,
    Resident,
)
from hromada.participation.verification import (
    REQUIRED_LEVELS,
    LevelRequired,
    configured_verifier,
    require,
    resident_of,
)

if TYPE_CHECKING:
    from hromada.participation.models import (
        BudgetPage,
        ConsultationsPage,
        PetitionsPage,
        ProblemsPage,
    )

CONFIRM_SALT = "hromada.participation.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600


def _private(response: HttpResponse) -> HttpResponse:
    """Never from the anonymous page cache: counts, statuses and comments change any time
    (a signature or a vote does not publish a page, so the cache would not know)."""
    add_never_cache_headers(response)
    return response


# --- Accounts ----------------------------------------------------------------------------


def confirmation_token(resident: Resident) -> str:
    return signing.dumps({"r": resident.pk, "e": resident.user.email}, salt=CONFIRM_SALT)


def send_confirmation(request: HttpRequest, resident: Resident) -> None:
    link = request.build_absolute_uri(
        reverse("participation:confirm", args=[confirmation_token(resident)])
    )
    cases.notify(
        subject=_("Confirm your e-mail"),
        body=_("To confirm your e-mail and activate your account, open this link:\n%(link)s\n")
        % {"link": link},
        to=[resident.user.email],
    )


def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    status = 200
    blocked = ""
    if request.method == "POST":
        if not spam.hit(request, "participation.register", limit=10, window=600).allowed:
            blocked = _("Too many attempts from your address. Try again later.")
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                resident = services.register_resident(
                    email=data["email"],
                    password=data["password"],
                    full_name=data["full_name"],
                    district=data["district"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                send_confirmation(request, resident)
                login(request, resident.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.info(request, _("We sent a confirmation link to your e-mail."))
                return HttpResponseRedirect(reverse("participation:profile"))
        else:
            status = 400
    return _private(
        TemplateResponse(
            request,
            "participation/register.html",
            {"form": form, "blocked": blocked},
            status=status,
        )
    )


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        resident = Resident.objects.select_related("user").get(pk=data["r"])
    except (signing.BadSignature, Resident.DoesNotExist, KeyError, TypeError):
        return _private(
            TemplateResponse(request, "participation/confirm_failed.html", {}, status=400)
        )
    if resident.user.email != data["e"] or resident.deleted_at is not None:
        return _private(
            TemplateResponse(request, "participation/confirm_failed.html", {}, status=400)
        )
    services.confirm_email(resident=resident)
    messages.success(request, _("Your e-mail is confirmed."))
    return HttpResponseRedirect(reverse("participation:profile"))


@login_required(login_url="participation:login")
def profile(request: HttpRequest) -> HttpResponse:
    resident = resident_of(request.user)
    if resident is None:
        raise PermissionDenied
    form = ProfileForm(
        request.POST or None,
        initial={"full_name": resident.full_name, "district": resident.district},
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(resident=resident, **form.cleaned_data)
        messages.success(request, _("Profile saved."))
        return HttpResponseRedirect(reverse("participation:profile"))
    context = {
        "resident": resident,
        "form": form,
        "delete_form": DeleteAccountForm(),
        "levels": [(action, Level(level).label) for action, level in REQUIRED_LEVELS.items()],
        "eid": configured_verifier(),
        "petitions": resident.petitions.all(),
        "problems": resident.problems.all(),
    }
    return _private(TemplateResponse(request, "participation/profile.html", context))


@login_required(login_url="participation:login")
@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    resident = resident_of(request.user)
    if (
        resident is not None
        and resident.email_confirmed_at is None
        and spam.hit(request, "participation.resend", limit=3, window=600).allowed
    ):
        send_confirmation(request, resident)
        messages.info(request, _("We sent a confirmation link to your e-mail."))
    return HttpResponseRedirect(reverse("participation:profile"))


@login_required(login_url="participation:login")
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    resident = resident_of(request.user)
    form = DeleteAccountForm(request.POST)
    if resident is None or not form.is_valid():
        messages.error(request, _("Tick the box to confirm the deletion."))
        return HttpResponseRedirect(reverse("participation:profile"))
    services.delete_account(resident=resident)
    logout(request)
    return _private(TemplateResponse(request, "participation/deleted.html", {}))


@login_required(login_url="participation:login")
def eid_start(request: HttpRequest) -> HttpResponse:
    verifier = configured_verifier()
    if verifier is None or resident_of(request.user) is None:
        raise Http404
    state = signing.dumps(request.user.pk, salt="participation-eid")
    request.session["participation_eid_state"] = state
    return HttpResponseRedirect(
        verifier.start_url(
            state=state, return_url=request.build_absolute_uri(reverse("participation:eid_done"))
        )
    )


@login_required(login_url="participation:login")
def eid_done(request: HttpRequest) -> HttpResponse:
    from hromada.participation.verification import VerificationFailed

    verifier = configured_verifier()
    resident = resident_of(request.user)
    state = request.session.pop("participation_eid_state", None)
    if verifier is None or resident is None or not state:
        raise Http404
    try:
        identity = verifier.complete(
            state=state, params={key: str(value) for key, value in request.GET.items()}
        )
    except VerificationFailed:
        messages.error(request, _("The e-ID service did not confirm your identity."))
    else:
        services.confirm_by_eid(resident=resident, identity=identity, provider=verifier.name)
        messages.success(request, _("Your identity is confirmed."))
    return HttpResponseRedirect(reverse("participation:profile"))


def _level_refusal(request: HttpRequest, error: LevelRequired, page: Any) -> HttpResponse:
    context = {**page.get_context(request), "error": error, "resident": resident_of(request.user)}
    return _private(
        TemplateResponse(request, "participation/level_required.html", context, status=403)
    )


# --- Petitions ---------------------------------------------------------------------------


def petitions(request: HttpRequest, page: PetitionsPage) -> HttpResponse:
    status = request.GET.get("status", "")
    queryset = selectors.public_petitions(status=status)
    paginator = Paginator(queryset, 20)
    context = {
        **page.get_context(request),
        "petitions": paginator.get_page(request.GET.get("page")),
        "statuses": selectors.public_petition_statuses(),
        "current_status": status,
    }
    return _private(TemplateResponse(request, "participation/petitions_page.html", context))


def petition_detail(request: HttpRequest, page: PetitionsPage, pk: int) -> HttpResponse:
    petition = selectors.public_petition(pk)
    if petition is None:
        raise Http404
    resident = resident_of(request.user)
    status = 200
    if request.method == "POST":
        try:
            services.sign_petition(petition=petition, resident=require(resident, "petition.sign"))
        except LevelRequired as error:
            return _level_refusal(request, error, page)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(request, _("Thank you: your signature is counted."))
            return HttpResponseRedirect(request.path)
        petition = selectors.public_petition(pk) or petition
    context = {
        **page.get_context(request),
        "petition": petition,
        "signatures": petition.signatures.all(),
        "signed": bool(resident and petition.signatures.filter(resident=resident).exists()),
        "can_sign": petition.status == PetitionStatus.COLLECTING,
        "resident": resident,
    }
    return _private(
        TemplateResponse(request, "participation/petition_detail.html", context, status=status)
    )


def petition_new(request: HttpRequest, page: PetitionsPage) -> HttpResponse:
    resident = resident_of(request.user)
    try:
        require(resident, "petition.file")
    except LevelRequired as error:
        return _level_refusal(request, error, page)
    assert resident is not None
    form = PetitionForm(request.POST or None)
    similar: list[Petition] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            similar = services.similar_petitions(form.cleaned_data["title"])
            if similar and not request.POST.get("confirm_similar"):
                status = 409
            else:
                try:
                    services.file_petition(
                        resident=resident,
                        title=form.cleaned_data["title"],
                        text=form.cleaned_data["text"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                    status = 400
                else:
                    messages.success(request, _("Your petition is sent for moderation."))
                    return HttpResponseRedirect(page.url)
        else:
            status = 400
    context = {**page.get_context(request), "form": form, "similar": similar}
    return _private(
        TemplateResponse(request, "participation/petition_form.html", context, status=status)
    )


# --- Problem reports ---------------------------------------------------------------------


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
        "map": maps.tile_map(selectors.participation_settings()) if points else {},
        "statuses": selectors.problem_statuses(),
        "current_status": status,
    }
    return _private(TemplateResponse(request, "participation/problems_page.html", context))


def problem_detail(request: HttpRequest, page: ProblemsPage, pk: int) -> HttpResponse:
    report = selectors.public_problem(pk)
    if report is None:
        raise Http404
    resident = resident_of(request.user)
    is_reporter = bool(resident and report.reporter_id == resident.pk)
    form = ReopenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not is_reporter:
            raise PermissionDenied
        if form.is_valid():
            try:
                assert resident is not None
                services.reopen_problem(
                    report=report, resident=resident, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("The report is reopened."))
                return HttpResponseRedirect(request.path)
        else:
            status = 400
    context = {
        **page.get_context(request),
        "report": report,
        "can_reopen": is_reporter and report.status in ("solved", "rejected"),
        "form": form,
    }
    response = TemplateResponse(
        request, "participation/problem_detail.html", context, status=status
    )
    return _private(response)


#: How long a browser may reuse a resident's photo: briefly, and only its own cache
#: (`private`), so no shared cache keeps serving the photo of a report rejected or a project
#: hidden after it was fetched.
PHOTO_MAX_AGE = 300


def photo_response(file: FieldFile | None, *, max_age: int | None) -> FileResponse:
    """A photo from the private storage, inline, with the type read from its bytes (the
    browser never guesses one); `max_age=None` for staff: never kept. No file: a 404."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except OSError as error:
        raise Http404 from error
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    detected = detect_type(head, "")
    if detected is None or detected.extension not in IMAGE_TYPES:
        handle.close()
        raise Http404  # only re-encoded images are stored; anything else is not served
    # A neutral name: a file stored before names were random may be named after its owner.
    response = FileResponse(
        handle, content_type=detected.mime, filename=f"photo.{detected.extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if max_age is None:
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, private=True, max_age=max_age)
    return response


@require_safe
def problem_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A report's photo, only while the report is accepted, in progress or solved: checked on
    every request, so a photo's address stops working as soon as the report leaves them."""
    photo = selectors.public_problem_photo(pk)
    return photo_response(photo.image if photo else None, max_age=PHOTO_MAX_AGE)


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


def problem_new(request: HttpRequest, page: ProblemsPage) -> HttpResponse:
    resident = resident_of(request.user)
    try:
        require(resident, "problem.report")
    except LevelRequired as error:
        return _level_refusal(request, error, page)
    assert resident is not None
    form = ProblemForm(request.POST or None, request.FILES or None)
    similar: list[Any] = []
    status = 200
    blocked = ""
    if request.method == "POST":
        limit = selectors.participation_settings().problem_reports_per_minute
        if not spam.hit(request, "participation.problem", limit=limit, window=60).allowed:
            form = ProblemForm()
            blocked = _("Too many reports from your address. Try again in a minute.")
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            similar = services.similar_problems(category=data["category"], address=data["address"])
            if similar and not request.POST.get("confirm_similar"):
                status = 409
            else:
                point = (
                    services.Point(latitude=data["latitude"], longitude=data["longitude"])
                    if data.get("latitude") is not None
                    else None
                )
                try:
                    report = services.report_problem(
                        resident=resident,
                        category=data["category"],
                        description=data["description"],
                        address=data["address"],
                        point=point,
                        photos=data["photos"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                    status = 400
                else:
                    messages.success(request, _("Thank you: your report is registered."))
                    return HttpResponseRedirect(
                        page.url + page.reverse_subpage("detail", args=[report.pk])
                    )
        else:
            status = 400
    context = {
        **page.get_context(request),
        "form": form,
        "similar": similar,
        "blocked": blocked,
        "map": maps.tile_map(selectors.participation_settings()),
    }
    return _private(
        TemplateResponse(request, "participation/problem_form.html", context, status=status)
    )


# --- Consultations on drafts -------------------------------------------------------------


def consultations(request: HttpRequest, page: ConsultationsPage) -> HttpResponse:
    context = {
        **page.get_context(request),
        "open_drafts": selectors.drafts_open_for_comments(),
        "summaries": selectors.published_summaries()[:20],
    }
    return _private(TemplateResponse(request, "participation/consultations_page.html", context))


def consultation_detail(request: HttpRequest, page: ConsultationsPage, pk: int) -> HttpResponse:
    act = selectors.consultation_draft(pk)
    if act is None:
        raise Http404
    resident = resident_of(request.user)
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            require(resident, "draft.comment")
        except LevelRequired as error:
            return _level_refusal(request, error, page)
        assert resident is not None
        if form.is_valid():
            try:
                services.comment_on_draft(
                    act=act, resident=resident, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(request, _("Thank you: your comment is sent for moderation."))
                return HttpResponseRedirect(request.path)
        else:
            status = 400
    context = {
        **page.get_context(request),
        "act": act,
        "is_open": services.draft_open_for_comments(act),
        "comments": selectors.published_comments(act),
        "summary": selectors.summary_of(act),
        "form": form,
        "resident": resident,
    }
    return _private(
        TemplateResponse(request, "participation/consultation_detail.html", context, status=status)
    )


# --- Participatory budget ----------------------------------------------------------------


def budget(request: HttpRequest, page: BudgetPage) -> HttpResponse:
    from django.utils import timezone

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
    return _private(TemplateResponse(request, "participation/budget_page.html", context))


def _budget_page_url(request: HttpRequest, year: int) -> str:
    """Where a vote returns: the form's own page (``next``, local only), else the budget page."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    from hromada.participation.models import BudgetPage

    page = BudgetPage.objects.live().first()
    return f"{page.url}?year={year}" if page is not None and page.url else "/"


@require_POST
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
        if not request.user.is_authenticated:
            raise LevelRequired("budget.vote", REQUIRED_LEVELS["budget.vote"])
        # The resident is found and locked by the service in one query (a vote is a peak path).
        services.vote_as(user=request.user, cycle=cycle, project_ids=ids)
    except LevelRequired as error:
        resident = resident_of(request.user)
        context = {"error": error, "resident": resident, "heading": _("Voting"), "next": back}
        return _private(
            TemplateResponse(request, "participation/level_required.html", context, status=403)
        )
    except ValidationError as error:
        context = {"message": " ".join(error.messages), "back": back, "cycle": cycle}
        return _private(
            TemplateResponse(request, "participation/vote_refused.html", context, status=400)
        )
    messages.success(request, _("Thank you: your votes are counted."))
    return HttpResponseRedirect(back)


def budget_project(request: HttpRequest, page: BudgetPage, pk: int) -> HttpResponse:
    project = selectors.public_project(pk)
    if project is None:
        raise Http404
    context = {**page.get_context(request), "project": project}
    return _private(TemplateResponse(request, "participation/budget_project.html", context))


def budget_submit(request: HttpRequest, page: BudgetPage) -> HttpResponse:
    from django.utils import timezone

    resident = resident_of(request.user)
    try:
        require(resident, "budget.submit")
    except LevelRequired as error:
        return _level_refusal(request, error, page)
    assert resident is not None
    cycle = selectors.current_cycle()
    if cycle is None or cycle.phase(timezone.localdate()) != "submission":
        context = {**page.get_context(request), "cycle": cycle, "closed": True}
        return _private(
            TemplateResponse(request, "participation/budget_submit.html", context, status=403)
        )
    form = ProjectForm(request.POST or None, request.FILES or None, cycle=cycle)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = services.submit_project(
                    resident=resident,
                    cycle=cycle,
                    category_id=data["category"].pk,
                    title=data["title"],
                    description=data["description"],
                    cost=data["cost"],
                    district=data["district"],
                    location=data["location"],
                    photos=data["photos"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                del project
                messages.success(request, _("Thank you: your project is sent for review."))
                return HttpResponseRedirect(page.url)
        else:
            status = 400
    context = {**page.get_context(request), "cycle": cycle, "form": form, "closed": False}
    return _private(
        TemplateResponse(request, "participation/budget_submit.html", context, status=status)
    )
