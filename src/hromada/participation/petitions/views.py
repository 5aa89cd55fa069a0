"""The public side of e-petitions (routed by `pages.PetitionsPage`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hromada.participation.petitions import selectors, services
from hromada.participation.petitions.forms import PetitionForm
from hromada.participation.petitions.models import (
    Petition,
    PetitionStatus,
)
from hromada.participation.residents.models import Level
from hromada.participation.shared.views import (
    NeedsConfirmation,
    level_refusal,
    submit,
)
from hromada.participation.verification import (
    REQUIRED_LEVELS,
    LevelRequired,
    require,
    resident_of,
)

if TYPE_CHECKING:
    from hromada.participation.petitions.pages import PetitionsPage


@never_cache
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
    return TemplateResponse(request, "participation/petitions_page.html", context)


@never_cache
def petition_detail(request: HttpRequest, page: PetitionsPage, pk: int) -> HttpResponse:
    petition = selectors.public_petition(pk)
    if petition is None:
        raise Http404
    resident = resident_of(request.user)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "appeal":
        # The author's choice: a petition without its signatures considered as their appeal.
        if resident is None or petition.author_id != resident.pk:
            raise PermissionDenied
        try:
            services.register_petition_as_appeal(petition=petition, resident=resident)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(request, _("Your petition is registered as an appeal."))
            return HttpResponseRedirect(request.path)
    elif request.method == "POST":
        try:
            services.sign_petition(petition=petition, resident=require(resident, "petition.sign"))
        except LevelRequired as error:
            return level_refusal(request, error, page)
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
        "sign_requirement": _sign_requirement(),
        "resident": resident,
        "can_register_appeal": bool(
            resident
            and petition.author_id == resident.pk
            and petition.status == PetitionStatus.ARCHIVED
            and not petition.appeal_id
        ),
    }
    return TemplateResponse(request, "participation/petition_detail.html", context, status=status)


def _sign_requirement() -> str:
    """What this city asks of a signatory (PARTICIPATION_LEVELS can change the default)."""
    if REQUIRED_LEVELS["petition.sign"] >= Level.RESIDENT_CONFIRMED:
        return _(
            "Signing needs an identified resident: sign in through ID.GOV.UA (BankID, "
            "Дія.Підпис or a qualified e-signature) or confirm your identity in person."
        )
    return _("Signing needs an account with a confirmed e-mail.")


@never_cache
def petition_new(request: HttpRequest, page: PetitionsPage) -> HttpResponse:
    resident = resident_of(request.user)
    try:
        signer = require(resident, "petition.file")
    except LevelRequired as error:
        return level_refusal(request, error, page)
    form = PetitionForm(request.POST or None)
    similar: list[Petition] = []

    def file(data: dict[str, Any]) -> Petition:
        similar.extend(services.similar_petitions(data["title"]))
        if similar and not request.POST.get("confirm_similar"):
            raise NeedsConfirmation
        return services.file_petition(resident=signer, title=data["title"], text=data["text"])

    sent = submit(request, form, file)
    if sent.done:
        messages.success(request, _("Your petition is sent for moderation."))
        return HttpResponseRedirect(page.url)
    context = {**page.get_context(request), "form": form, "similar": similar}
    return TemplateResponse(
        request, "participation/petition_form.html", context, status=sent.status
    )
