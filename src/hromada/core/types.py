"""Types shared at the seams between modules."""

from typing import TypeAlias

from django.contrib.auth.models import User

#: Who does something through a service: a logged-in user, staff or a resident's account
#: (the project's user model is Django's ``User``).
Actor: TypeAlias = User
