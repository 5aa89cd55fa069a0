from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hromada.core.metrics import Period
from hromada.reports import services

FORMATS = ["json", "docx", "pdf", "html"]


def parse_date(raw: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CommandError(f"“{raw}” is not a date: use YYYY-MM-DD or DD.MM.YYYY")


class Command(BaseCommand):
    help = "Write the activity report for a year or a period."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--year", type=int)
        group.add_argument("--from", dest="date_from")
        parser.add_argument("--to", dest="date_to")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("-o", "--output", help="Output file; standard output when omitted (json only)")

    def handle(self, *args: Any, **options: Any) -> None:
        period = self._period(options)
        if options["format"] != "json":
            raise CommandError(f"--format {options['format']} is not available yet; use json")
        if options["output"]:
            path = services.write_report(period=period, output_format="json", path=Path(options["output"]))
            self.stdout.write(f"report written to {path}")
        else:
            self.stdout.write(json.dumps(services.build_report(period), ensure_ascii=False, indent=2))

    @staticmethod
    def _period(options: dict[str, Any]) -> Period:
        if options["year"] is not None:
            if not 1991 <= options["year"] <= 2100:
                raise CommandError(f"--year {options['year']} is out of range")
            if options["date_to"]:
                raise CommandError("--to goes with --from, not with --year")
            return Period.year(options["year"])
        if not options["date_to"]:
            raise CommandError("--from needs --to")
        start, end = parse_date(options["date_from"]), parse_date(options["date_to"])
        if end < start:
            raise CommandError(f"--to {end:%d.%m.%Y} is before --from {start:%d.%m.%Y}")
        return Period(start, end)
