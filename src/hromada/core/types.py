"""Types shared at the seams between modules."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

#: Who does something through a service: a logged-in user, staff or a resident's account
#: (the project's user model is Django's ``User``). Services that the system also calls (a
#: command, the worker) take ``Actor | None``.
Actor: TypeAlias = User


def request_actor(request: HttpRequest) -> Actor:
    """The signed-in user of a view that requires one (the admin's views are behind Wagtail's
    login): an anonymous request here is refused, never passed on as an actor."""
    user = request.user
    if isinstance(user, AnonymousUser):
        raise PermissionDenied
    return user
