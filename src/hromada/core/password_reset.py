"""The residents' password reset (mounted by participation's URLs), hardened:

- the link in the letter is built from ``settings.BASE_URL``, never from the request's Host
  header, which a client chooses (a poisoned host would send the reset token elsewhere);
- requests are limited per client address and per e-mail address (``core.spam``): an
  address over its limit gets the form again with an error, an account over its limit gets
  no further letters but the same "sent" page (nobody learns whether the account exists);
- staff accounts (anyone who may enter the admin) are not served: they reset through the
  admin's own flow, so a resident-side page cannot take over a staff account.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from hromada.core import spam

# Letters per e-mail address and requests per client address, per hour.
ACCOUNT_LIMIT = 3
ADDRESS_LIMIT = 10
WINDOW = 3600


def is_staff_account(user: Any) -> bool:
    """Whoever may enter the admin (a role with Wagtail's admin access, staff, superuser)."""
    return bool(user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"))


class ResidentPasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email: str) -> Any:
        for user in super().get_users(email):
            if not is_staff_account(user):
                yield user

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]
        base = urlsplit(settings.BASE_URL)
        kwargs["domain_override"] = base.netloc
        kwargs["use_https"] = base.scheme == "https"
        super().save(**kwargs)


class ResidentPasswordResetView(auth_views.PasswordResetView):
    form_class = ResidentPasswordResetForm

    def form_valid(self, form: Any) -> HttpResponse:
        if not spam.hit(self.request, "password_reset", limit=ADDRESS_LIMIT, window=WINDOW).allowed:
            form.add_error(None, _("Too many attempts from your address. Try again later."))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        email = str(form.cleaned_data["email"]).strip().lower()
        if not spam.hit_key(
            "password_reset.account", email, limit=ACCOUNT_LIMIT, window=WINDOW
        ).allowed:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class ResidentPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A link made before an account became staff does not work either."""

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        if user is not None and is_staff_account(user):
            return None
        return user
