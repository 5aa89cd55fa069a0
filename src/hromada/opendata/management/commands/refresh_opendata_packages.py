"""`hromada refresh_opendata_packages [--all]`: build the stored CKAN packages that are empty
(after bulk inserts, which send no signals), or, with `--all`, rebuild every one."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from hromada.opendata import packages
from hromada.opendata.models import Dataset


class Command(BaseCommand):
    help = "Build the CKAN API's stored packages that are missing (with --all: every one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Rebuild every package, not only missing ones"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["all"]:
            # One statement: every package is emptied (and its revision raised) at once.
            packages.invalidate(Dataset.objects.all())
        built = packages.refresh_stale()
        self.stdout.write(f"{built} packages built in {time.monotonic() - started:.1f} s")
