"""Demo: the 2020 activity report published under "Звіти про роботу"."""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth import get_user_model

from hromada.core.demo import DEMO_ADMIN_USERNAME
from hromada.core.metrics import Period
from hromada.portal.models import SectionPage
from hromada.reports import services
from hromada.reports.models import ActivityReportPage

REPORTS_SECTION = "Звіти про роботу"
YEAR = 2020


def load(*, stdout: TextIO) -> None:
    if ActivityReportPage.objects.filter(period_start__year=YEAR).exists():
        stdout.write("the 2020 report is already published\n")
        return
    section = SectionPage.objects.filter(title=REPORTS_SECTION).first()
    if section is None:
        stdout.write("no reports section; nothing published\n")
        return
    admin = get_user_model().objects.get(username=DEMO_ADMIN_USERNAME)
    page = services.publish_report(
        period=Period.year(YEAR),
        parent=section,
        title=f"Звіт про роботу відділу за {YEAR} рік",
        intro="Усі показники підраховано системою за записами відділу.",
        user=admin,
    )
    stdout.write(f"report published at {page.url}\n")
