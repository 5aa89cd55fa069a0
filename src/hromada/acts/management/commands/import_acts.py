"""`hromada import_acts [--dry-run] FILE.csv`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Import acts and drafts from a CSV file (kind,number,date,title,status,published_on,"
        "file; optional consideration_date,issuing_body,department). `file` is a path relative "
        "to the CSV or an http(s) address. All or nothing; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hromada.acts.csv_import import import_rows, read_csv
        from hromada.core.progress import ProgressBar

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        checking = ProgressBar(self.stderr, unit="lines checked")
        rows, errors = read_csv(path, progress=checking)
        checking.finish()
        writing = ProgressBar(self.stderr, unit="rows")
        summary = import_rows(rows, errors=errors, dry_run=options["dry_run"], progress=writing)
        writing.finish()
        self.stdout.write(
            f"created {summary.created}, updated {summary.updated}, "
            f"skipped {summary.skipped}, errors {len(summary.errors)}"
            + (" (dry run: nothing written)" if options["dry_run"] else "")
        )
        for error in summary.errors:
            self.stdout.write(str(error))
        if summary.errors:
            raise CommandError(
                f"{len(summary.errors)} error(s) in {path}: nothing was imported. "
                "Correct the rows above and run again."
            )
