"""Keeps a staff member who owes the second factor on the two-factor pages (see
``core.two_factor``). Installed after django-otp's ``OTPMiddleware``."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from hromada.core import two_factor


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and two_factor.owes_second_factor(user):
            admin = reverse("wagtailadmin_home")
            open_paths = {
                reverse("core_two_factor_verify"),
                reverse("core_two_factor_setup"),
                reverse("wagtailadmin_logout"),
                # the admin's icons and its JavaScript translations, which the code page
                # itself loads (redirected, the page would be pasted in as the icon sprite)
                reverse("wagtailadmin_sprite"),
                reverse("wagtailadmin_javascript_catalog"),
            }
            if request.path in open_paths:
                return self.get_response(request)
            if request.path.startswith(admin):
                target = (
                    "core_two_factor_verify"
                    if two_factor.has_device(user)
                    else "core_two_factor_setup"
                )
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse(target)}?{query}")
            # Outside the admin the half-finished sign-in counts for nothing.
            request.user = AnonymousUser()
        return self.get_response(request)
