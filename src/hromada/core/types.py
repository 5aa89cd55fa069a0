"""Types at the seams between modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

#: Who a service acts for: the signed-in user (`request.user`), or None for the system
#: (a command, the worker).
Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | None"
