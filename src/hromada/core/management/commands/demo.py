from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Migrate and load the demo city (Лисичанськ, 2020). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        modules = [a for a in apps.get_app_configs() if a.name.startswith("hromada.")]
        # The report summarises every module's records, so its demo (a published report) is last.
        modules.sort(key=lambda app_config: app_config.name == "hromada.reports")
        for app_config in modules:
            try:
                module = importlib.import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            self.stdout.write(f"{app_config.label}: ", ending="")
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo city ready."))
