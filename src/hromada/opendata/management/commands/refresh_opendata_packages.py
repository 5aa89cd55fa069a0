"""`hromada refresh_opendata_packages [--all]`: build the stored CKAN packages that are empty
(after bulk inserts, which send no signals), or, with `--all`, rebuild every one and
recompose every dataset's search text (without it, only the empty ones)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from hromada.opendata import packages, search
from hromada.opendata.models import Dataset


class Command(BaseCommand):
    help = (
        "Build the CKAN API's stored packages that are missing "
        "(with --all: every one, and every dataset's search text)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Rebuild every package, not only missing ones"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        # Bulk inserts leave the search text empty; with --all, every one is recomposed (such
        # as those stored before publishers' renames were carried over to their datasets).
        texts = search.refresh_search_text(
            Dataset.objects.all() if options["all"] else Dataset.objects.filter(search_text="")
        )
        if options["all"]:
            # One statement: every package is emptied (and its revision raised) at once.
            packages.invalidate(Dataset.objects.all())
        built = packages.refresh_stale()
        self.stdout.write(
            f"{built} packages built, {texts} search texts corrected "
            f"in {time.monotonic() - started:.1f} s"
        )
