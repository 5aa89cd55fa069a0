"""`hromada fetch_media`: one fetch-and-process pass over all active sources."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Fetch every active source's feeds once: new items, mentions, citations, reprints."

    def handle(self, *args: Any, **options: Any) -> None:
        from hromada.monitoring.pipeline import fetch_media

        summary = fetch_media()
        self.stdout.write(summary.line())
        for name in summary.paused:
            self.stdout.write(f"paused after repeated failures: {name}")
        for error in summary.errors:
            self.stderr.write(error)
