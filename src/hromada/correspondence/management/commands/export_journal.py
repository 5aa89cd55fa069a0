"""`hromada export_journal FILE.csv`"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Export the correspondence journal to CSV in import_journal's columns, with due_date "
        "computed from the kind and registration date where it was left empty."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, help="Only entries registered in this year.")

    def handle(self, *args: Any, **options: Any) -> None:
        from hromada.correspondence.journal_csv import export_file
        from hromada.correspondence.models import Document

        queryset = Document.objects.all()
        if options["year"]:
            queryset = queryset.filter(reg_year=options["year"])
        count = export_file(options["file"], queryset)
        self.stdout.write(f"{count} entries written to {options['file']}")
