"""``hromada reset_2fa USERNAME --by SUPERUSER``: remove a user's two-factor devices (a lost
phone and lost recovery codes). Their next sign-in asks for a new enrolment if their role
requires one. Audited on the user's record with who did it and why."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hromada.core import two_factor


class Command(BaseCommand):
    help = "Remove a user's two-factor sign-in devices (audited); a superuser runs it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the account whose devices are removed")
        parser.add_argument(
            "--by", required=True, help="the superuser doing it (named in the audit log)"
        )
        parser.add_argument("--reason", default="", help="why, for the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model().objects
        try:
            user = users.get(username=options["username"])
        except users.model.DoesNotExist as error:
            raise CommandError(f"username: no account {options['username']!r}") from error
        by = users.filter(username=options["by"], is_superuser=True, is_active=True).first()
        if by is None:
            raise CommandError(f"--by: {options['by']!r} is not an active superuser")
        if by.pk == user.pk:
            raise CommandError("--by: another superuser resets your devices, not you")
        removed = two_factor.reset(user=user, by=by, reason=options["reason"])
        self.stdout.write(
            f"{user.get_username()}: {removed} two-factor device(s) removed; "
            "the next sign-in sets up a new one."
        )
