"""Verification levels: what each action needs, and the pluggable national e-ID verifier.

Every public action names the level it needs in ``REQUIRED_LEVELS``; views call
``require(resident, action)`` (or use the ``level_required`` decorator), and services check
again, so no path skips it.

The e-ID verifier is an interface: an installation plugs in a real provider (e.g. a
"Дія.Підпис"/BankID gateway) by naming its class in ``settings.PARTICIPATION_EID_VERIFIER``.
The default is no verifier at all; tests use :class:`FakeVerifier`. Nothing here reaches the
internet.
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from hromada.core.types import Actor
from hromada.participation.residents.models import Level, Resident

#: action → the level it needs.
REQUIRED_LEVELS: dict[str, int] = {
    "petition.file": Level.EMAIL_CONFIRMED,
    "petition.sign": Level.EMAIL_CONFIRMED,
    "problem.report": Level.EMAIL_CONFIRMED,
    "problem.reopen": Level.EMAIL_CONFIRMED,
    "draft.comment": Level.EMAIL_CONFIRMED,
    "budget.submit": Level.EMAIL_CONFIRMED,
    "budget.vote": Level.RESIDENT_CONFIRMED,
}


class LevelRequired(PermissionDenied):
    """The resident's verification level is below what the action needs."""

    def __init__(self, action: str, needed: int) -> None:
        self.action = action
        self.needed = needed
        super().__init__(
            _("This needs the verification level “%(level)s”.") % {"level": Level(needed).label}
        )


def require(resident: Resident | None, action: str) -> Resident:
    needed = REQUIRED_LEVELS[action]
    if resident is None or resident.level < needed:
        raise LevelRequired(action, needed)
    return resident


def resident_of(user: Actor | AnonymousUser | None) -> Resident | None:
    """The request user's resident account (None for anonymous visitors, staff, the deleted)."""
    if user is None or isinstance(user, AnonymousUser):
        return None
    return Resident.objects.filter(user=user, deleted_at__isnull=True).first()


def level_required(action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """View decorator: the request's resident must have the action's level (else 403)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require(resident_of(request.user), action)
            return view(request, *args, **kwargs)

        wrapper.required_level = REQUIRED_LEVELS[action]  # type: ignore[attr-defined]
        return wrapper

    return decorator


# --- National e-ID -----------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What an e-ID provider vouches for."""

    full_name: str
    subject_id: str  # the provider's stable identifier of the person (stored hashed: never)


class VerificationFailed(Exception):
    pass


class EidVerifier(abc.ABC):
    """A national e-ID service: start a login, then check what it returned."""

    name: str = ""

    @abc.abstractmethod
    def start_url(self, *, state: str, return_url: str) -> str:
        """Where to send the resident to authenticate."""

    @abc.abstractmethod
    def complete(self, *, state: str, params: dict[str, str]) -> Identity:
        """The identity from the provider's callback, or VerificationFailed."""


class FakeVerifier(EidVerifier):
    """A test double: accepts a callback carrying ``code=ok-<name>`` for the right state."""

    name = "fake-eid"

    def start_url(self, *, state: str, return_url: str) -> str:
        return f"{return_url}?state={state}&code=ok"

    def complete(self, *, state: str, params: dict[str, str]) -> Identity:
        if params.get("state") != state or not str(params.get("code", "")).startswith("ok"):
            raise VerificationFailed("the provider did not confirm the identity")
        name = str(params.get("name", "")).strip() or "—"
        return Identity(full_name=name, subject_id=str(params.get("subject", "")))


def configured_verifier() -> EidVerifier | None:
    path = getattr(settings, "PARTICIPATION_EID_VERIFIER", "")
    return import_string(path)() if path else None
