"""Two-factor sign-in for staff: a time-based code (TOTP, RFC 6238, any authenticator app)
with ten single-use recovery codes, on django-otp.

Who must use it: superusers and every role that sees personal data or manages accounts
(``REQUIRED_PERMISSIONS``). Other staff may turn it on from their account page; once they
have it, their sign-in asks for it too. Residents are not covered yet.

How sign-in goes: Wagtail's log-in page checks the password as before; then
``TwoFactorMiddleware`` keeps a staff member who owes the second step on its pages: the code
page when they have a device, the enrolment page when their role requires one and they have
none. Until the step is done no other admin page answers, and outside the admin the session
counts as signed out. A verified session is django-otp's (the device's id in the session).

Every change is audited on the user's record: enrolment, new recovery codes, a reset.
Recovery: a lost phone is covered by a recovery code (each works once); a superuser resets
another user's devices with ``hromada reset_2fa USERNAME`` (docs/operations.md).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.functional import LazyObject, empty
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.core import audit
from hromada.core.password_reset import is_staff_account
from hromada.core.security_models import RecoveryCode, RecoveryCodeDevice, recovery_digest

# Holding any of these makes the second factor compulsory (superusers always need it).
REQUIRED_PERMISSIONS = ("correspondence.view_personal_data", "auth.change_user")
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper and typed
DEVICE_NAME = "authenticator"


def issuer(device: Any = None) -> str:
    """The name an authenticator app shows above the code: this site's host name."""
    return f"Hromada {urlsplit(settings.BASE_URL).hostname or ''}".strip()


def is_required(user: Any) -> bool:
    """True for accounts that may not use the admin without the second factor."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or any(user.has_perm(name) for name in REQUIRED_PERMISSIONS))


def totp_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def owes_second_factor(user: Any) -> bool:
    """A signed-in staff member whose session has not passed the second step but must."""
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return False
    if not is_staff_account(user):
        return False
    return is_required(user) or has_device(user)


# --- Enrolment ------------------------------------------------------------------------------


def pending_device(*, user: Any) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (one per user, kept until confirmed, so
    reloading the page does not invalidate a key already scanned). Unconfirmed devices never
    verify a sign-in (django-otp ignores them)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@dataclass(frozen=True)
class Enrolled:
    device: TOTPDevice
    recovery_codes: list[str]


@transaction.atomic
def confirm_enrolment(*, user: Any, device: TOTPDevice, code: str) -> Enrolled | None:
    """Confirm the pending authenticator with one code from the app. On success it replaces
    any earlier authenticator, issues new recovery codes (returned once, stored as digests)
    and is audited; None when the code is wrong."""
    user = _real(user)
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit.record(user, "core.two_factor.enable", user=user, data={"device": device.name})
    return Enrolled(device=device, recovery_codes=codes)


@transaction.atomic
def regenerate_recovery_codes(*, user: Any) -> list[str]:
    """A new set of recovery codes; the old ones stop working. Audited."""
    user = _real(user)
    codes = _new_recovery_codes(user)
    audit.record(user, "core.two_factor.recovery_codes", user=user)
    return codes


@transaction.atomic
def reset(*, user: Any, by: Any, reason: str = "") -> int:
    """Remove every second-factor device of ``user`` (a lost phone): the next sign-in asks
    for a new enrolment when the role requires one. Audited with who did it."""
    user, by = _real(user), _real(by)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += RecoveryCodeDevice.objects.filter(user=user).delete()[0]
    audit.record(
        user,
        "core.two_factor.reset",
        user=by,
        data={"reason": reason, "by": getattr(by, "username", str(by))},
    )
    return removed


def _new_recovery_codes(user: Any) -> list[str]:
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery codes", "confirmed": True}
    )
    device.codes.all().delete()
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_digest(code)) for code in codes
    )
    return codes


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def remaining_recovery_codes(user: Any) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()


# --- Sign-in ---------------------------------------------------------------------------------


def verify(*, request: HttpRequest, code: str) -> bool:
    """The second step: a code from the authenticator or a recovery code (used up). On
    success the session is marked verified (django-otp) and the use is audited."""
    user = _real(request.user)
    text = code.strip()
    device: Any = None
    digits = _digits(text)
    if digits.isdigit() and len(digits) == 6:
        candidate = totp_device(user)
        if candidate is not None and candidate.verify_is_allowed()[0]:
            with transaction.atomic():
                locked = TOTPDevice.objects.select_for_update().get(pk=candidate.pk)
                if locked.verify_token(digits):
                    device = locked
    else:
        recovery = RecoveryCodeDevice.objects.filter(user=user).first()
        if recovery is not None:
            with transaction.atomic():
                locked_recovery = RecoveryCodeDevice.objects.select_for_update().get(pk=recovery.pk)
                if locked_recovery.verify_token(text):
                    device = locked_recovery
                    audit.record(
                        user,
                        "core.two_factor.recovery_used",
                        user=user,
                        data={"left": remaining_recovery_codes(user)},
                    )
    if device is None:
        return False
    otp_login(request, device)
    return True


def _real(user: Any) -> Any:
    """``request.user`` is a lazy object (twice over with django-otp's middleware); the audit
    log needs the model instance itself to know which table the entry belongs to."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def _digits(code: str) -> str:
    return "".join(code.split())
