from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hromada.portal import search


class Command(BaseCommand):
    help = "Rebuild the site search's entries of every live page and document."

    def handle(self, *args: Any, **options: Any) -> None:
        count = search.rebuild()
        self.stdout.write(f"{count} entries indexed.")
