from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import metrics, services
from hromada.core.imports import CsvFormatError, read_rows
from hromada.core.models import HistoricalFigure


class Command(BaseCommand):
    help = "Import historical report figures from CSV (columns metric,year,value[,note])."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file.") % {"path": path})
        known = {metric.key for metric in metrics.all_metrics()}
        errors: list[str] = []
        parsed: list[tuple[int, str, int, int, str]] = []
        try:
            for row in read_rows(path, required=["metric", "year", "value"], optional=["note"]):
                metric, year, value = row.values["metric"], row.values["year"], row.values["value"]
                if metric not in known:
                    errors.append(
                        _("Line %(line)s, metric: unknown metric “%(metric)s”.")
                        % {"line": row.line, "metric": metric}
                    )
                    continue
                if not year.isdigit() or not 1991 <= int(year) <= 2100:
                    errors.append(
                        _("Line %(line)s, year: “%(year)s” is not a year.")
                        % {"line": row.line, "year": year}
                    )
                    continue
                cleaned = value.replace("\xa0", "").replace(" ", "")
                if not cleaned.isdigit():
                    errors.append(
                        _("Line %(line)s, value: “%(value)s” is not a whole non-negative number.")
                        % {"line": row.line, "value": value}
                    )
                    continue
                note = row.values.get("note", "")
                parsed.append((row.line, metric, int(year), int(cleaned), note))
        except CsvFormatError as error:
            raise CommandError(str(error)) from error
        if errors:
            for message in errors:
                self.stderr.write(message)
            raise CommandError(
                _("%(count)s errors: nothing was imported.") % {"count": len(errors)}
            )

        existing = {
            (metric, year): value
            for metric, year, value in HistoricalFigure.objects.values_list(
                "metric", "year", "value"
            )
        }
        created = updated = skipped = 0
        with transaction.atomic():
            for line, key, year_number, amount, note in parsed:
                previous = existing.get((key, year_number))
                if previous == amount:
                    skipped += 1
                    continue
                try:
                    services.set_historical_figure(
                        metric=key, year=year_number, value=amount, note=note
                    )
                except ValidationError as error:
                    raise CommandError(
                        _("Line %(line)s: %(message)s")
                        % {"line": line, "message": "; ".join(error.messages)}
                    ) from error
                created += previous is None
                updated += previous is not None
            if options["dry_run"]:
                transaction.set_rollback(True)
        prefix = _("Dry run: ") if options["dry_run"] else ""
        self.stdout.write(
            prefix
            + _("created %(created)s, updated %(updated)s, skipped %(skipped)s, errors 0")
            % {"created": created, "updated": updated, "skipped": skipped}
        )
