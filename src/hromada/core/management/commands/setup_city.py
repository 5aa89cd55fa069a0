from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hromada.core import services

# The profile's fields as the operator knows them: by this command's options.
OPTION_FOR_FIELD = {"name": "--name", "official_domains": "--domain", "aliases": "--alias"}


def option_name(field: str) -> str:
    return OPTION_FOR_FIELD.get(field, field)


class Command(BaseCommand):
    help = "Set the city profile: name, official domain(s) and aliases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="City name, e.g. Лисичанськ")
        parser.add_argument(
            "--domain", required=True, action="append", help="Official web domain (repeatable)"
        )
        parser.add_argument("--alias", action="append", default=[], help="Another spelling")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            profile = services.setup_city(
                name=options["name"], domains=options["domain"], aliases=options["alias"]
            )
        except ValidationError as error:
            by_field = getattr(error, "message_dict", {"__all__": error.messages})
            messages = [
                f"{option_name(field)}: {message}" if field != "__all__" else message
                for field, field_messages in by_field.items()
                for message in field_messages
            ]
            raise CommandError("; ".join(messages)) from error
        self.stdout.write(
            self.style.SUCCESS(_("City profile saved: %(name)s (%(domains)s)"))
            % {"name": profile.name, "domains": ", ".join(profile.domains)}
        )
