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
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            metavar="PATTERN",
            help="ЄДР ZIP: read only the members whose name matches (glob; may repeat).",
        )
        parser.add_argument(
            "--include-entrepreneurs",
            action="store_true",
            help="ЄДР ZIP: also read the individual entrepreneurs' (FOP) file, skipped by default.",
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
            return self._edr(path, options)
        try:
            summary = services.import_records(
                records=records, source=source, dry_run=options["dry_run"], reject_on_errors=reject
            )
        except ValueError as error:
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

    def _edr(self, path: Path, options: dict[str, Any]) -> None:
        from hromada.core.selectors import city_profile
        from hromada.organizations import services
        from hromada.organizations.edr import EdrFormatError, EdrReader, Shape
        from hromada.organizations.models import Organization

        profile = city_profile()
        place_forms = [*profile.word_forms, *profile.alias_list]
        if not place_forms:
            raise CommandError("The city profile has no name: run `hromada setup_city` first.")
        bar = ProgressBar(self.stderr, unit="KiB")
        known = Organization.objects.exclude(edrpou="").values_list("edrpou", flat=True)
        reader = EdrReader(
            path,
            place_forms,
            known_codes=set(known),
            progress=lambda done, total: bar(done // 1024, total // 1024),
            include_entrepreneurs=options["include_entrepreneurs"],
            members=options["member"],
        )
        try:
            shapes = reader.shapes()
        except EdrFormatError as error:
            raise CommandError(f"{path}: {error}. Nothing was imported.") from error
        for name in reader.skipped_members:
            self.stdout.write(
                f"{name}: skipped (individual entrepreneurs; --member or "
                "--include-entrepreneurs reads it)"
            )
        current = [name for name, shape in shapes.items() if shape is Shape.CURRENT]
        if current and len(current) != len(shapes):
            raise CommandError(
                f"{path}: mixes the current export without addresses ({', '.join(current)}) "
                "with older files; import them separately (--member). Nothing was imported."
            )
        if current:
            self.stdout.write(
                f"{path.name}: this export has no addresses (the state register withholds them "
                "since 2023), so it cannot select the city's organizations. It refreshes the "
                f"status, termination and head of the {len(reader.known)} organizations already "
                "in the register (by EDRPOU) and proposes civic organizations whose name names "
                "the city as candidates for review (Organizations → Candidates). To build the "
                "register and its history, import a 2019–2022 full dump "
                "(17-ufop_full_DD-MM-YYYY.zip)."
            )
        try:
            summary = services.import_records(
                records=reader,
                source=Source.EDR,
                dry_run=options["dry_run"],
                reject_on_errors=False,
                refresh_fields=services.REFRESH_FIELDS if current else (),
            )
        except EdrFormatError as error:
            # The transaction has rolled back: nothing from this file stays.
            bar.finish()
            raise CommandError(f"{path}: {error}. Nothing was imported.") from error
        bar.finish()
        found = summary.created + summary.updated + summary.skipped + summary.proposed
        if not current and found + summary.error_count == 0:
            raise CommandError(
                f"{path}: none of its {reader.records_read} records is a civic organization "
                f"with an address in {', '.join(place_forms)} (the city profile's name forms "
                "and aliases). Check the profile or the file. Nothing was imported."
            )
        self.stdout.write(
            f"created {summary.created}, updated {summary.updated}, "
            f"skipped {summary.skipped}, errors {summary.error_count}"
            + (f", proposed {summary.proposed}" if current else "")
            + (" (dry run: nothing written)" if options["dry_run"] else "")
        )
        self.stdout.write(f"read {reader.records_read} records")
        if reader.repairs:
            count = sum(r.count for r in reader.repairs)
            listed = ", ".join(
                f"{r.location} (EDRPOU {r.edrpou or '—'})" for r in reader.repairs[:20]
            )
            more = f" and {len(reader.repairs) - 20} more" if len(reader.repairs) > 20 else ""
            self.stdout.write(
                f"repaired {count} invalid character(s) in {len(reader.repairs)} record(s): "
                f"{listed}{more}"
            )
        for row_error in summary.errors:
            field = f"{row_error.field}: " if row_error.field else ""
            self.stdout.write(f"{row_error.location}, {field}{row_error.message}")
