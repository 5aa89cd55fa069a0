"""`hromada send_opendata_reminders [--date YYYY-MM-DD]`: e-mail due and overdue datasets'
responsible persons (once per dataset, kind and due date)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hromada.opendata import services


class Command(BaseCommand):
    help = "E-mail reminders about datasets due for update soon or overdue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error
        sent = services.send_reminders(today=today)
        for reminder in sent:
            self.stdout.write(f"{reminder.kind}: {reminder.dataset.name} → {reminder.recipient}")
        self.stdout.write(f"{len(sent)} reminders sent")
