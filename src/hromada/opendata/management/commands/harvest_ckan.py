"""`hromada harvest_ckan URL [--organization NAME] [--rows N] [--timeout S] [--dry-run]`:
import datasets and resources from any CKAN portal, idempotently. Files the portal hosts are
copied into our own resource versions; links elsewhere stay links (an "upload" on a host that
is neither the portal's nor in OPENDATA_HARVEST_FILE_HOSTS too, with a note). Exit status 1
when the harvest stopped early or any dataset or file could not be imported (each is
reported)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hromada.opendata import harvest


class Command(BaseCommand):
    help = "Import datasets and resources from a CKAN portal (e.g. data.gov.ua); reruns update."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("url", help="The portal's address, e.g. https://data.gov.ua")
        parser.add_argument("--organization", default="", help="Only this organization's datasets")
        parser.add_argument("--rows", type=int, default=100, help="Datasets per page (≤ 1000)")
        parser.add_argument("--timeout", type=float, default=30.0, help="Seconds per request")
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"]
        if not url.startswith(("http://", "https://")):
            raise CommandError("URL must start with http:// or https://")
        try:
            download = harvest.http_download(source=url, timeout=options["timeout"])
        except ValueError as bad:  # a bad OPENDATA_HARVEST_FILE_HOSTS entry
            raise CommandError(str(bad)) from bad
        report = harvest.harvest(
            source=url,
            fetch=harvest.http_fetch(url, timeout=options["timeout"]),
            organization=options["organization"],
            rows=max(1, min(options["rows"], 1000)),
            dry_run=options["dry_run"],
            download=download,
        )
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        for error in report.errors:
            self.stderr.write(f"error: {error}")
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, skipped {report.skipped}, "
            f"errors {len(report.errors)}"
        )
        if report.stopped:
            raise CommandError(f"stopped: {report.stopped}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} could not be imported (see above)")
