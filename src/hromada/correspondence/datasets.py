"""The journal's open dataset: each department's on-time record, per month and year (no
personal data: counts only), the same figures as the public page `/statistics/on-time/`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import DatasetColumn, LiveDataset, Watch, register
from hromada.correspondence import selectors


def _rows() -> Iterator[dict[str, Any]]:
    office = str(_("The office (no department given)"))
    for row in selectors.on_time_statistics(office=office):
        yield row.as_dict()


ON_TIME = register(
    LiveDataset(
        slug="on-time-statistics",
        title=_("Answers on time, per department"),
        description=_(
            "For each department and kind of case (public-information requests, citizens' "
            "appeals, problem reports among them, requests from authorities), per month and "
            "year of registration: received, answered on time, answered late, overdue now and "
            "the median days to answer. Counted from the registration journal; no personal data."
        ),
        module="correspondence",
        watches=(
            Watch(
                "correspondence.Document",
                rows=selectors.statistics_cases,
                fields=("department", "kind", "status", "due_date", "decided_on"),
            ),
        ),
        columns=(
            DatasetColumn("year", _("Year")),
            DatasetColumn("month", _("Month (empty: the whole year)")),
            DatasetColumn("department", _("Department")),
            DatasetColumn("kind", _("Kind of case")),
            DatasetColumn("received", _("Received")),
            DatasetColumn("answered_on_time", _("Answered on time")),
            DatasetColumn("answered_late", _("Answered late")),
            DatasetColumn("overdue_now", _("Overdue now")),
            DatasetColumn("median_days_to_answer", _("Median days to answer")),
        ),
        rows=_rows,
        keywords=("звернення", "запити на інформацію", "строки розгляду"),
    )
)
