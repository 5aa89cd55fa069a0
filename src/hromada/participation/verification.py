"""Verification levels: what each action needs, and the pluggable national e-ID verifier.

Every public action names the level it needs in ``REQUIRED_LEVELS``; views call
``require(resident, action)`` (or use the ``level_required`` decorator), and services check
again, so no path skips it.

The levels are the defaults below; a city changes them with ``PARTICIPATION_LEVELS``
(settings, e.g. ``petition.sign=email_confirmed``). The e-ID verifier is an interface; its
implementation is ID.GOV.UA's client (residents/idgovua.py).
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from hromada.core.types import Actor
from hromada.participation.residents.models import Level, Resident

#: action → the level it needs by default. Signing an e-petition and voting in the
#: participatory budget need an identified person (e-ID or in person), as on e-DEM and in the
#: anchors' charters; reading needs nothing, commenting and filing an e-mail.
DEFAULT_LEVELS: dict[str, int] = {
    "petition.file": Level.EMAIL_CONFIRMED,
    "petition.sign": Level.RESIDENT_CONFIRMED,
    "problem.report": Level.EMAIL_CONFIRMED,
    "problem.reopen": Level.EMAIL_CONFIRMED,
    "draft.comment": Level.EMAIL_CONFIRMED,
    "budget.submit": Level.EMAIL_CONFIRMED,
    "budget.vote": Level.RESIDENT_CONFIRMED,
}
_LEVEL_NAMES = {
    "registered": Level.REGISTERED,
    "email_confirmed": Level.EMAIL_CONFIRMED,
    "resident_confirmed": Level.RESIDENT_CONFIRMED,
}


def _levels(overrides: list[str]) -> dict[str, int]:
    """The defaults with the city's ``PARTICIPATION_LEVELS`` (``action=level`` items) over
    them; an unknown action or level stops the start."""
    levels = dict(DEFAULT_LEVELS)
    for item in overrides:
        action, _sep, level = item.partition("=")
        action, level = action.strip(), level.strip()
        if action not in levels or level not in _LEVEL_NAMES:
            raise ValueError(
                f"PARTICIPATION_LEVELS: {item!r} is not action=level "
                f"(actions {sorted(levels)}, levels {sorted(_LEVEL_NAMES)})"
            )
        levels[action] = _LEVEL_NAMES[level]
    return levels


#: action → the level it needs in this installation.
REQUIRED_LEVELS: dict[str, int] = _levels(list(getattr(settings, "PARTICIPATION_LEVELS", [])))


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
    """What an e-ID provider vouches for. ``number`` (the РНОКПП, or the passport number of a
    person without one) becomes the identity key at once and is never stored or logged."""

    full_name: str
    number: str = field(repr=False)
    auth_type: str = ""
    certificate: str = ""  # the certificate's issuer and serial, where the provider gives them
    email: str = field(default="", repr=False)


class VerificationFailed(Exception):
    """The provider did not confirm an identity; the message says why, for the resident."""


class EidVerifier(abc.ABC):
    """A national e-ID service: start a login, then check what it returned
    (residents/idgovua.py: ID.GOV.UA)."""

    name: str = ""

    @abc.abstractmethod
    def start_url(self, *, state: str, return_url: str) -> str:
        """Where to send the resident to authenticate."""

    @abc.abstractmethod
    def complete(self, *, state: str, params: dict[str, str], return_url: str) -> Identity:
        """The identity from the provider's callback, or VerificationFailed."""
