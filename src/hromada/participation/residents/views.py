"""The resident's account: registration, e-mail confirmation, profile, deletion, e-ID."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hromada.core import spam
from hromada.participation.residents import selectors, services
from hromada.participation.residents.forms import DeleteAccountForm, ProfileForm, RegistrationForm
from hromada.participation.residents.idgovua import configured_verifier
from hromada.participation.residents.models import (
    Level,
    Resident,
)
from hromada.participation.shared.views import (
    submit,
)
from hromada.participation.verification import (
    REQUIRED_LEVELS,
    VerificationFailed,
    resident_of,
)


def _send_confirmation(request: HttpRequest, resident: Resident) -> None:
    """The confirmation e-mail (sent by the service), with a link to this site."""
    token = services.confirmation_token(resident)
    link = request.build_absolute_uri(reverse("participation:confirm", args=[token]))
    services.send_confirmation(resident=resident, link=link)


@never_cache
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    blocked = ""
    if (
        request.method == "POST"
        and not spam.hit(request, "participation.register", limit=10, window=600).allowed
    ):
        blocked = _("Too many attempts from your address. Try again later.")
        status = 429
    else:
        sent = submit(
            request,
            form,
            lambda data: services.register_resident(
                email=data["email"],
                password=data["password"],
                full_name=data["full_name"],
                district=data["district"],
            ),
        )
        if sent.result is not None:
            resident = sent.result
            _send_confirmation(request, resident)
            login(request, resident.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.info(request, _("We sent a confirmation link to your e-mail."))
            return HttpResponseRedirect(reverse("participation:profile"))
        status = sent.status
    return TemplateResponse(
        request, "participation/register.html", {"form": form, "blocked": blocked}, status=status
    )


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    resident = services.resident_of_token(token)
    if resident is None:
        return TemplateResponse(request, "participation/confirm_failed.html", {}, status=400)
    services.confirm_email(resident=resident)
    messages.success(request, _("Your e-mail is confirmed."))
    return HttpResponseRedirect(reverse("participation:profile"))


@login_required(login_url="participation:login")
@never_cache
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
        "stored": selectors.stored_data(resident),
        "petitions": resident.petitions.all(),
        "problems": resident.problems.all(),
    }
    return TemplateResponse(request, "participation/profile.html", context)


@login_required(login_url="participation:login")
@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    resident = resident_of(request.user)
    if (
        resident is not None
        and resident.email_confirmed_at is None
        and spam.hit(request, "participation.resend", limit=3, window=600).allowed
    ):
        _send_confirmation(request, resident)
        messages.info(request, _("We sent a confirmation link to your e-mail."))
    return HttpResponseRedirect(reverse("participation:profile"))


@login_required(login_url="participation:login")
@require_POST
@never_cache
def delete_account(request: HttpRequest) -> HttpResponse:
    resident = resident_of(request.user)
    form = DeleteAccountForm(request.POST)
    if resident is None or not form.is_valid():
        messages.error(request, _("Tick the box to confirm the deletion."))
        return HttpResponseRedirect(reverse("participation:profile"))
    services.delete_account(resident=resident)
    logout(request)
    return TemplateResponse(request, "participation/deleted.html", {})


STATE_KEY = "participation_eid_state"


class ResidentLoginView(LoginView):
    """Django's log-in, offering ID.GOV.UA beside the password when the portal has it."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "eid": configured_verifier()}


@never_cache
def eid_start(request: HttpRequest) -> HttpResponse:
    """To ID.GOV.UA with a fresh state bound to this session (signed in or not)."""
    verifier = configured_verifier()
    if verifier is None:
        raise Http404
    state = secrets.token_urlsafe(24)
    request.session[STATE_KEY] = state
    return HttpResponseRedirect(
        verifier.start_url(
            state=state, return_url=request.build_absolute_uri(reverse("participation:eid_done"))
        )
    )


@never_cache
def eid_done(request: HttpRequest) -> HttpResponse:
    """ID.GOV.UA's answer: the state is used once; an account opens, links or is created."""
    verifier = configured_verifier()
    if verifier is None:
        raise Http404
    state = request.session.pop(STATE_KEY, "")
    try:
        identity = verifier.complete(
            state=state,
            params={key: str(value) for key, value in request.GET.items()},
            return_url=request.build_absolute_uri(reverse("participation:eid_done")),
        )
        resident = services.sign_in_by_eid(
            identity=identity,
            provider=verifier.name,
            user=request.user if request.user.is_authenticated else None,
        )
    except VerificationFailed as error:
        return TemplateResponse(
            request, "participation/eid_failed.html", {"message": str(error)}, status=400
        )
    except ValidationError as error:
        return TemplateResponse(
            request,
            "participation/eid_failed.html",
            {"message": " ".join(error.messages)},
            status=409,
        )
    if request.user != resident.user:
        login(request, resident.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your identity is confirmed through ID.GOV.UA."))
    return HttpResponseRedirect(reverse("participation:profile"))


@login_required(login_url="participation:login")
@never_cache
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything stored about the signed-in resident, as JSON (the right of access)."""
    resident = resident_of(request.user)
    if resident is None:
        raise PermissionDenied
    response = JsonResponse(
        selectors.stored_data(resident), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
