"""`hromada import_journal [--dry-run] FILE.csv`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Import the correspondence journal from CSV (direction,reg_number,reg_date,kind,"
        "correspondent,subject,due_date,answered_on,control). All or nothing; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hromada.core.imports import CsvFormatError
        from hromada.correspondence.journal_csv import import_file

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            summary = import_file(path, dry_run=options["dry_run"])
        except CsvFormatError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        self.stdout.write(
            f"created {summary.created}, updated {summary.updated}, "
            f"skipped {summary.skipped}, errors {len(summary.errors)}"
            + (" (dry run: nothing written)" if options["dry_run"] else "")
        )
        for row_error in summary.errors:
            self.stdout.write(str(row_error))
        if summary.errors:
            raise CommandError(
                f"{len(summary.errors)} error(s) in {path}: nothing was imported. "
                "Correct the lines above and run again."
            )
