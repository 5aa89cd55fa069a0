from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hromada.core.metrics import Period
from hromada.reports import services
from hromada.reports.rendering import IncompleteProfile

FORMATS = ["json", "docx", "pdf", "html"]


def parse_date(raw: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise CommandError(_("“%(raw)s” is not a date: use YYYY-MM-DD or DD.MM.YYYY") % {"raw": raw})


class Command(BaseCommand):
    help = "Write the activity report for a year or a period."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--year", type=int)
        group.add_argument("--from", dest="date_from")
        parser.add_argument("--to", dest="date_to")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("-o", "--output", help="Output file; standard output when omitted")
        parser.add_argument("--template", help="DOCX template (docxtpl) for --format docx")
        parser.add_argument(
            "--signatory", default="", help="The head's name on the title page's signature line"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        period = self._period(options)
        output_format = options["format"]
        template = self._template(options["template"])
        if options["output"]:
            try:
                path = services.write_report(
                    period=period,
                    output_format=output_format,
                    path=Path(options["output"]),
                    template=template,
                    signatory=options["signatory"],
                )
            except (OSError, IncompleteProfile) as error:
                raise CommandError(str(error)) from error
            self.stdout.write(_("Report written to %(path)s") % {"path": path})
        elif output_format in ("docx", "pdf"):
            raise CommandError(_("--format %(format)s needs -o FILE") % {"format": output_format})
        else:
            report = services.build_report(period)
            try:
                body = services.render(
                    report, output_format=output_format, signatory=options["signatory"]
                )
            except IncompleteProfile as error:
                raise CommandError(str(error)) from error
            self.stdout.write(body.decode())

    @staticmethod
    def _template(raw: str | None) -> bytes | None:
        if not raw:
            return None
        from hromada.reports.docx import check_template

        try:
            data = Path(raw).read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        problems = check_template(io.BytesIO(data))
        if problems:
            raise CommandError("; ".join(problems))
        return data

    @staticmethod
    def _period(options: dict[str, Any]) -> Period:
        if options["year"] is not None:
            if not 1991 <= options["year"] <= 2100:
                raise CommandError(_("--year %(year)s is out of range") % {"year": options["year"]})
            if options["date_to"]:
                raise CommandError(_("--to goes with --from, not with --year"))
            return Period.year(options["year"])
        if not options["date_to"]:
            raise CommandError(_("--from needs --to"))
        start, end = parse_date(options["date_from"]), parse_date(options["date_to"])
        if end < start:
            raise CommandError(
                _("--to %(end)s is before --from %(start)s")
                % {"end": f"{end:%d.%m.%Y}", "start": f"{start:%d.%m.%Y}"}
            )
        return Period(start, end)
