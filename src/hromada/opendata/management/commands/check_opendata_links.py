"""`hromada check_opendata_links`: check the catalogue's external links now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hromada.opendata.links import check_links


class Command(BaseCommand):
    help = "Check every external link of the open-data catalogue and mark broken ones."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = check_links()
        self.stdout.write(f"{checked} links checked, {broken} broken")
