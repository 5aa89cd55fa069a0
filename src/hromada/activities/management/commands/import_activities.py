"""`hromada import_activities [--dry-run] FILE.csv` (columns kind,date,title,details)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Import the office's activities from a CSV file (kind,date,title,details). "
        "All rows or none; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hromada.activities.csv_import import import_file

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        summary = import_file(path, dry_run=options["dry_run"])
        for error in summary.errors:
            self.stdout.write(str(error))
        if summary.errors:
            raise CommandError(
                f"{len(summary.errors)} error(s) in {path}: nothing was imported. "
                "Correct the rows above and run again."
            )
        self.stdout.write(
            f"created {summary.created}, updated {summary.updated}, "
            f"skipped {summary.skipped}, errors 0"
            + (" (dry run: nothing written)" if options["dry_run"] else "")
        )
