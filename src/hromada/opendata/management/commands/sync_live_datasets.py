"""`hromada sync_live_datasets`: put every registered live dataset in the catalogue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hromada.opendata import services


class Command(BaseCommand):
    help = "Publish the modules' live datasets in the open-data catalogue, passports filled."

    def handle(self, *args: Any, **options: Any) -> None:
        datasets = services.sync_live_datasets()
        for dataset in datasets:
            self.stdout.write(f"{dataset.name}: {dataset.title}")
        self.stdout.write(f"{len(datasets)} live datasets in the catalogue")
