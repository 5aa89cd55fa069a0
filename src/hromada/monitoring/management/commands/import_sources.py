"""`hromada import_sources [--dry-run] FILE.csv` (columns `name,kind,site_url,feed_url`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Import media sources from a CSV file (name,kind,site_url,feed_url), one row per feed. "
        "Safe to run again; all or nothing. Long files show a progress bar on stderr."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hromada.core.progress import ProgressBar
        from hromada.monitoring.services import import_sources

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        bar = ProgressBar(self.stderr, unit="rows")
        summary = import_sources(path=path, dry_run=options["dry_run"], progress=bar)
        bar.finish()
        self.stdout.write(
            f"created {summary.created}, updated {summary.updated}, skipped {summary.skipped}, "
            f"feeds added {summary.feeds_created}, errors {len(summary.errors)}"
            + (" (dry run: nothing written)" if options["dry_run"] else "")
        )
        for error in summary.errors:
            self.stdout.write(str(error))
        if summary.errors:
            raise CommandError(
                f"{len(summary.errors)} error(s) in {path}: nothing was imported. "
                "Correct the rows above and run again."
            )
