"""Spam resistance for the public forms, with no third-party service: a honeypot field, a
minimum fill time carried in a signed timestamp, and a rate limit per client address in the
cache. Correspondence's request and appeal forms and participation's forms (accounts,
petitions, problem reports, budget projects) all use it.

The client address is the connection's (``REMOTE_ADDR``). Behind a reverse proxy that is the
proxy's address, so every resident would share one rate limit: list the proxies in
``settings.HROMADA_TRUSTED_PROXIES`` (addresses or networks). ``X-Forwarded-For`` is read
only when the connection comes from one of them, from the right, skipping the trusted
proxies: the first address that is not one of them is the client. A client can write
anything into the header it sends, so the header is never believed otherwise. The admin's
log-in lock-out (django-axes, ``AXES_CLIENT_IP_CALLABLE``) counts the same address.

Counts and used tokens must be seen by every worker process: with Redis (``REDIS_URL``) they
live in the cache, otherwise in the database (``core.RateCounter``), never in a per-process
local-memory cache, where two workers would each allow the limit. Each form's start token
carries a random part and is accepted once: a replayed token is refused as expired.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import forms
from django.conf import settings
from django.core import checks, signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.security_models import RateCounter

# The salt it had when only correspondence used it: forms open during an upgrade stay valid.
SALT = "hromada.correspondence.form-started"
HONEYPOT_FIELD = "website"
MAX_FORM_AGE = 24 * 3600

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


# --- Fill time ---------------------------------------------------------------------------


def min_fill_seconds() -> int:
    return int(getattr(settings, "HROMADA_FORM_MIN_SECONDS", 5))


def started_token(now: float | None = None) -> str:
    """A signed 'the form was shown at' value for a hidden field, with a random part so
    that two forms shown in the same second get different tokens (each is used once)."""
    started = int(time.time() if now is None else now)
    return signing.dumps([started, secrets.token_urlsafe(9)], salt=SALT)


def _started_at(token: str) -> int:
    value = signing.loads(token, salt=SALT)
    # A bare number: a token issued before tokens had a random part (a form open during
    # the upgrade).
    return int(value[0] if isinstance(value, list) else value)


class TimingProblem(Exception):
    pass


def check_started(token: str, now: float | None = None) -> None:
    """TimingProblem when the token is forged, expired, or the form was filled too fast."""
    now = time.time() if now is None else now
    try:
        started = _started_at(token)
    except (signing.BadSignature, TypeError, ValueError, IndexError) as error:
        raise TimingProblem("bad token") from error
    elapsed = now - started
    if elapsed < min_fill_seconds():
        raise TimingProblem("too fast")
    if elapsed > MAX_FORM_AGE:
        raise TimingProblem("expired")


class SpamProtectedForm(forms.Form):
    """A public form with the honeypot field and the signed start time. A form that is sent
    too fast fails with the code ``too_fast``; a forged, missing or day-old start time with
    ``expired`` (give the form a fresh token so the corrected form is not refused again)."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", started_token())

    def clean_website(self) -> str:
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise ValidationError(_("The form could not be accepted."), code="honeypot")
        return ""

    def clean_started(self) -> str:
        token = str(self.cleaned_data.get("started") or "")
        try:
            check_started(token)
        except TimingProblem as problem:
            if str(problem) == "too fast":
                raise ValidationError(
                    _("The form was sent too quickly. Please check it and send it again."),
                    code="too_fast",
                ) from problem
            raise ValidationError(
                _("The form has expired. Please send it again."), code="expired"
            ) from problem
        return token

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        token = cleaned.get("started")
        # Spent only by a form that is otherwise valid, so correcting a mistake does not
        # need a new token; a second sending of the same token is refused.
        if token and not self._errors:  # type: ignore[attr-defined]  # set by full_clean
            if not first_use("form-token", token, ttl=MAX_FORM_AGE):
                self.add_error(
                    "started",
                    ValidationError(
                        _("The form has expired. Please send it again."), code="expired"
                    ),
                )
            else:
                # Shown again (a confirmation step, a refusal), the form carries a fresh
                # token with the same start time: the fill time is not asked for twice.
                data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict or dict
                data[self.add_prefix("started")] = started_token(now=_started_at(token))
                self.data = data
        return cleaned


# --- Client address ----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    networks = []
    for entry in configured:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"HROMADA_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
            ) from error
    return tuple(networks)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """``settings.HROMADA_TRUSTED_PROXIES`` as networks (empty: trust no proxy)."""
    configured: Iterable[str] = getattr(settings, "HROMADA_TRUSTED_PROXIES", ()) or ()
    if isinstance(configured, str):
        configured = configured.split(",")
    return _networks(tuple(entry for entry in configured if entry.strip()))


def check_trusted_proxies(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """System check (``hromada check``, run by ``migrate``): every entry must parse, and the
    old lock-out variable ``PROXY_COUNT`` is reported if still set (it is not read)."""
    found: list[checks.CheckMessage] = []
    try:
        trusted_proxies()
    except ImproperlyConfigured as error:
        found.append(checks.Error(str(error), id="hromada.E001"))
    if "PROXY_COUNT" in (getattr(settings, "HROMADA_OBSOLETE_ENV", None) or ()):
        found.append(
            checks.Warning(
                "PROXY_COUNT is no longer read: the log-in lock-out uses HROMADA_TRUSTED_PROXIES.",
                hint="List the proxies' addresses in HROMADA_TRUSTED_PROXIES; remove PROXY_COUNT.",
                id="hromada.W001",
            )
        )
    return found


def parse_address(value: str | None) -> IPAddress | None:
    """An IP address from a header value: tolerates a port (``1.2.3.4:80``, ``[::1]:80``)
    and unwraps IPv4-mapped IPv6; None for anything else."""
    text = (value or "").strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, proxies: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def client_address(request: HttpRequest) -> str:
    """The address to count a request against (see the module's docstring)."""
    remote = parse_address(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return "unknown"
    proxies = trusted_proxies()
    if not proxies or not _is_trusted(remote, proxies):
        return str(remote)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    client = remote
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = parse_address(hop)
        if address is None:
            break  # garbage from somewhere: the last hop that was a trusted proxy is counted
        client = address
        if not _is_trusted(address, proxies):
            break
    return str(client)


def login_client_address(request: HttpRequest) -> str | None:
    """``client_address`` for django-axes (``AXES_CLIENT_IP_CALLABLE``): None rather than
    "unknown", since axes keeps it in an IP address column."""
    address = client_address(request)
    return None if address == "unknown" else address


# --- Rate limit --------------------------------------------------------------------------


@dataclass(frozen=True)
class RateResult:
    allowed: bool
    count: int


def hit(request: HttpRequest, scope: str, *, limit: int, window: int) -> RateResult:
    """Count one attempt from the request's client address in ``scope``; not allowed once
    more than ``limit`` attempts came within ``window`` seconds (counted from the first)."""
    return hit_key(scope, client_address(request), limit=limit, window=window)


def hit_key(scope: str, who: str, *, limit: int, window: int) -> RateResult:
    """``hit`` for any identity (an e-mail address, an account), not only the client's."""
    count = _count(_key("rate", scope, who), window)
    return RateResult(allowed=count <= limit, count=count)


def first_use(scope: str, value: str, *, ttl: int) -> bool:
    """True the first time ``value`` is presented in ``scope`` within ``ttl`` seconds,
    False every later time, in every worker process."""
    key = _key("once", scope, value)
    if _in_cache():
        return bool(cache.add(f"hromada:{key}", 1, ttl))
    now = timezone.now()
    expires = now + dt.timedelta(seconds=ttl)
    try:
        with transaction.atomic():
            RateCounter.objects.create(key=key, count=1, expires_at=expires)
        return True
    except IntegrityError:
        # Taken before: only an expired row may be taken again.
        return bool(
            RateCounter.objects.filter(key=key, expires_at__lte=now).update(
                count=1, expires_at=expires
            )
        )


def _key(kind: str, scope: str, who: str) -> str:
    # Long or personal identities (e-mail addresses, tokens) are stored as a digest.
    digest = hashlib.sha256(who.encode()).hexdigest()
    return f"{kind}:{scope[:100]}:{digest}"


def _in_cache() -> bool:
    """Counts go to the cache only when it is shared by every worker (Redis)."""
    return bool(getattr(settings, "HROMADA_RATE_LIMITS_IN_CACHE", False))


def _count(key: str, window: int) -> int:
    if _in_cache():
        cache_key = f"hromada:{key}"
        if cache.add(cache_key, 1, window):
            return 1
        try:
            return int(cache.incr(cache_key))
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, window)
            return 1
    now = timezone.now()
    expires = now + dt.timedelta(seconds=window)
    with transaction.atomic():
        # The UPDATE locks the row until the commit, so concurrent workers count in turn.
        if RateCounter.objects.filter(key=key, expires_at__gt=now).update(count=F("count") + 1):
            return int(RateCounter.objects.values_list("count", flat=True).get(key=key))
        if RateCounter.objects.filter(key=key, expires_at__lte=now).update(
            count=1, expires_at=expires
        ):
            return 1  # the window had ended: a new one starts
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, count=1, expires_at=expires)
        except IntegrityError:  # another worker created it meanwhile
            RateCounter.objects.filter(key=key).update(count=F("count") + 1)
            return int(RateCounter.objects.values_list("count", flat=True).get(key=key))
        # A new counter: clear out the ones whose window ended long ago.
        RateCounter.objects.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()
        return 1
