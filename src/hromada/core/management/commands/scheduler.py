from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hromada.core import scheduler


class Command(BaseCommand):
    help = "Enqueue periodic jobs (scheduled publishing, reminders, fetches) when they fall due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue what is due and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            for name in scheduler.tick():
                self.stdout.write(f"enqueued {name}")
            return
        scheduler.run_forever()
