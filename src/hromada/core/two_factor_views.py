"""The admin's two-factor pages: the code after the password, and enrolment (QR code and
key, one code to confirm, ten recovery codes shown once). See ``core.two_factor``.

Registered as admin URLs (``/admin/two-factor/…``) and an item of the account page from
``core/wagtail_hooks.py``."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from hromada.core import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
    )


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


@never_cache
@sensitive_post_parameters("code")
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in."""
    user: Any = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next(request))
    if not two_factor.has_device(user):
        return HttpResponseRedirect(reverse("core_two_factor_setup"))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request=request, code=form.cleaned_data["code"]):
            left = two_factor.remaining_recovery_codes(user)
            if left <= 2:
                messages.warning(
                    request,
                    _("Recovery codes left: %(count)s. Make new ones on your account page.")
                    % {"count": left},
                )
            return HttpResponseRedirect(_next(request))
        form.add_error(
            "code",
            _(
                "This code is not right, or it has been used already. After a wrong code, "
                "wait a few seconds before the next one."
            ),
        )
        status = 400
    return render(
        request,
        "core/two_factor/verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )


@never_cache
@sensitive_post_parameters("code")
def setup(request: HttpRequest) -> HttpResponse:
    """Enrolment, and for an enrolled, verified user: new recovery codes or a new app."""
    user: Any = request.user
    verified = user.is_verified()
    enrolled = two_factor.has_device(user)
    if enrolled and not verified:
        # Someone with only the password must not swap in their own authenticator.
        return HttpResponseRedirect(reverse("core_two_factor_verify"))
    if request.method == "POST" and request.POST.get("action") == "recovery_codes" and verified:
        codes = two_factor.regenerate_recovery_codes(user=user)
        return _show_codes(request, codes)
    if enrolled and request.method != "POST" and not request.GET.get("new"):
        return render(
            request,
            "core/two_factor/status.html",
            {
                "left": two_factor.remaining_recovery_codes(user),
                "required": two_factor.is_required(user),
            },
        )
    device = two_factor.pending_device(user=user)
    form = ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        enrolment = two_factor.confirm_enrolment(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if enrolment is not None:
            # The confirming code was the second factor for this session too.
            from django_otp import login as otp_login

            otp_login(request, enrolment.device)
            return _show_codes(request, enrolment.recovery_codes)
        form.add_error("code", _("This code is not right. Check the time on your phone."))
        status = 400
    key = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "core/two_factor/setup.html",
        {
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(
                scale=5, title=str(_("QR code for your authenticator app"))
            ),
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            "required": two_factor.is_required(user),
            "next": _next(request),
        },
        status=status,
    )


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The recovery codes, once: this response is never cached and never shown again."""
    return render(
        request,
        "core/two_factor/recovery_codes.html",
        {"codes": codes, "next": _next(request)},
    )


def urls() -> list[Any]:
    return [
        path("two-factor/", setup, name="core_two_factor_setup"),
        path("two-factor/verify/", verify, name="core_two_factor_verify"),
    ]


def account_menu_item(request: HttpRequest) -> dict[str, Any]:
    return {
        "url": reverse("core_two_factor_setup"),
        "label": _("Two-factor sign-in"),
        "help_text": _(
            "A code from an authenticator app on your phone after the password, "
            "and recovery codes for when the phone is lost."
        ),
    }
