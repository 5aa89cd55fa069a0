"""`hromada import_organizations [--format csv|edr-xml] [--dry-run] FILE`"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hromada.core.progress import ProgressBar
from hromada.organizations.records import OrganizationRecord, RowError, Source


class Command(BaseCommand):
    help = (
        "Import organizations from a CSV file (kind,name,edrpou,registered_on,terminated_on,"
        "address,head,parent) or a state register (ЄДР) XML file. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["csv", "edr-xml"], default="csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hromada.organizations import services

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        records: Iterable[OrganizationRecord | RowError]
        if options["format"] == "csv":
            from hromada.organizations.csv_import import read_csv

            bar = ProgressBar(self.stderr, unit="lines")
            records, source, reject = read_csv(path, progress=bar), Source.CSV, True
        else:
            from hromada.core.selectors import city_profile
            from hromada.organizations.edr import read_edr  # type: ignore[import-not-found,unused-ignore]

            profile = city_profile()
            place_forms = [*profile.word_forms, *profile.alias_list]
            if not place_forms:
                raise CommandError("The city profile has no name: run `hromada setup_city` first.")
            bar = ProgressBar(self.stderr, unit="KiB")
            records = read_edr(
                path,
                place_forms=place_forms,
                progress=lambda done, total: bar(done // 1024, total // 1024),
            )
            source, reject = Source.EDR, False
        try:
            summary = services.import_records(
                records=records, source=source, dry_run=options["dry_run"], reject_on_errors=reject
            )
        except ValueError as error:
            # The ЄДР reader raises EdrFormatError (a ValueError) for a file it cannot read as
            # a whole (truncated, malicious, not ЄДР); the transaction has rolled back.
            bar.finish()
            raise CommandError(f"{path}: {error}. Nothing was imported.") from error
        bar.finish()
        self.stdout.write(
            f"created {summary.created}, updated {summary.updated}, "
            f"skipped {summary.skipped}, errors {summary.error_count}"
            + (" (dry run: nothing written)" if options["dry_run"] else "")
        )
        for row_error in summary.errors:
            field = f"{row_error.field}: " if row_error.field else ""
            self.stdout.write(f"{row_error.location}, {field}{row_error.message}")
        if reject and summary.errors:
            raise CommandError(
                f"{summary.error_count} error(s) in {path}: nothing was imported. "
                "Correct the rows above and run again."
            )
