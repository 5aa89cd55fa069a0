"""The journal's report figures. Keys fixed by the metric contract (docs/architecture.md):
`correspondence.incoming`, `.incoming.<kind>`, `.answered`, `.answered.<kind>`,
`.outgoing.<kind>`, `.long_term_control`."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy

from hromada.core.metrics import Period, register
from hromada.correspondence import selectors
from hromada.correspondence.models import Document
from hromada.correspondence.workflow import Kind

DOCUMENTS = npgettext_lazy("report unit", "document", "documents")

INCOMING_LABELS = {
    Kind.LETTER: _("Incoming letters"),
    Kind.PUBLIC_INFO_REQUEST: _("Public-information requests received"),
    Kind.CITIZEN_APPEAL: _("Citizens' appeals received"),
    Kind.AUTHORITY_REQUEST: _("Requests from authorities received"),
    Kind.INTERNAL: _("Internal documents received"),
    Kind.OTHER: _("Other incoming documents"),
}
ANSWERED_LABELS = {
    Kind.LETTER: _("Letters answered"),
    Kind.PUBLIC_INFO_REQUEST: _("Public-information requests answered"),
    Kind.CITIZEN_APPEAL: _("Citizens' appeals answered"),
    Kind.AUTHORITY_REQUEST: _("Requests from authorities answered"),
    Kind.INTERNAL: _("Internal documents answered"),
    Kind.OTHER: _("Other documents answered"),
}
OUTGOING_LABELS = {
    Kind.LETTER: _("Outgoing letters"),
    Kind.PUBLIC_INFO_REQUEST: _("Outgoing public-information requests"),
    Kind.CITIZEN_APPEAL: _("Outgoing appeals"),
    Kind.AUTHORITY_REQUEST: _("Outgoing requests to authorities"),
    Kind.INTERNAL: _("Internal outgoing documents"),
    Kind.OTHER: _("Other outgoing documents"),
}


Rows = Callable[[Period], QuerySet[Document]]


def _incoming(kind: str | None) -> Rows:
    def records(period: Period) -> QuerySet[Document]:
        return selectors.incoming_in(period.start, period.end, kind)

    return records


def _answered(kind: str | None) -> Rows:
    def records(period: Period) -> QuerySet[Document]:
        return selectors.answered_in(period.start, period.end, kind)

    return records


def _outgoing(kind: str | None, external: bool = False) -> Rows:
    def records(period: Period) -> QuerySet[Document]:
        return selectors.outgoing_in(period.start, period.end, kind, external=external)

    return records


def _on_time(period: Period) -> int:
    return selectors.decided_on_time_between(period.start, period.end)[0]


def _on_time_percent(period: Period) -> int:
    on_time, decided = selectors.decided_on_time_between(period.start, period.end)
    return round(100 * on_time / decided) if decided else 0


def _overdue(period: Period) -> QuerySet[Document]:
    return selectors.overdue_on(period.end)


def _long_term_control(period: Period) -> QuerySet[Document]:
    return selectors.long_term_control_on(period.end)


register(
    "correspondence.incoming",
    label=_("Incoming documents received"),
    unit=DOCUMENTS,
    definition=_("Incoming documents registered in the period."),
    records=_incoming(None),
)
for _kind in Kind:
    register(
        f"correspondence.incoming.{_kind.value}",
        label=INCOMING_LABELS[_kind],
        unit=DOCUMENTS,
        definition=_("Incoming documents of this kind registered in the period."),
        records=_incoming(_kind.value),
    )
register(
    "correspondence.incoming.from_participation",
    label=_("Of them, appeals from problem reports and e-petitions"),
    unit=DOCUMENTS,
    definition=_(
        "Citizens' appeals registered in the period from the portal's problem reports and from "
        "e-petitions whose authors chose it; already counted among the appeals received."
    ),
    records=lambda period: selectors.participation_appeals_in(period.start, period.end),
)
register(
    "correspondence.answered",
    label=_("Incoming documents answered"),
    unit=DOCUMENTS,
    definition=_("Incoming documents whose answer is dated within the period."),
    records=_answered(None),
)
for _kind in Kind:
    register(
        f"correspondence.answered.{_kind.value}",
        label=ANSWERED_LABELS[_kind],
        unit=DOCUMENTS,
        definition=_("Incoming documents of this kind whose answer is dated within the period."),
        records=_answered(_kind.value),
    )
    register(
        f"correspondence.outgoing.{_kind.value}",
        label=OUTGOING_LABELS[_kind],
        unit=DOCUMENTS,
        definition=_("Outgoing documents of this kind registered in the period."),
        records=_outgoing(_kind.value),
    )
register(
    "correspondence.outgoing",
    label=_("Outgoing documents"),
    unit=DOCUMENTS,
    definition=_("Outgoing documents registered in the period, internal ones included."),
    records=_outgoing(None),
)
register(
    "correspondence.outgoing.external",
    label=_("Outgoing documents sent outside the council"),
    unit=DOCUMENTS,
    definition=_("Outgoing documents registered in the period, other than internal ones."),
    records=_outgoing(None, external=True),
)
register(
    "correspondence.decided_on_time",
    label=_("Cases decided on time"),
    unit=DOCUMENTS,
    definition=_(
        "Incoming documents with a due date answered, refused or forwarded within the period "
        "on or before their due date."
    ),
    compute=_on_time,
)
register(
    "correspondence.decided_on_time_percent",
    label=_("Cases decided on time, per cent"),
    unit="%",
    definition=_(
        "Share of the incoming documents with a due date decided within the period that were "
        "decided on or before their due date."
    ),
    compute=_on_time_percent,
)
register(
    "correspondence.overdue",
    label=_("Overdue cases"),
    unit=DOCUMENTS,
    definition=_(
        "Incoming documents whose due date had passed without a decision at the period's end."
    ),
    records=_overdue,
)
register(
    "correspondence.long_term_control",
    label=_("Documents on long-term control"),
    unit=DOCUMENTS,
    definition=_("Documents on long-term control and not closed at the period's end."),
    records=_long_term_control,
)


def _cohort(field: str) -> Callable[[Period], int]:
    """The on-time statistics' own figure, summed over the departments: the report and the
    public page count the same cases the same way (`selectors.on_time_statistics`)."""

    def compute(period: Period) -> int:
        rows = selectors.on_time_statistics(start=period.start, end=period.end, today=period.end)
        return sum(getattr(row, field) for row in rows if row.month == 0)

    return compute


for _field, _label, _definition in (
    (
        "received",
        _("Cases with a legal term received"),
        _("Incoming documents registered in the period that got a statutory due date."),
    ),
    (
        "answered_on_time",
        _("Of them, answered on time"),
        _(
            "Of the cases received in the period, those answered, forwarded or refused on or "
            "before their due date (the public on-time statistics, summed over departments)."
        ),
    ),
    (
        "answered_late",
        _("Of them, answered late"),
        _("Of the cases received in the period, those decided after their due date."),
    ),
    (
        "overdue_now",
        _("Of them, overdue at the period's end"),
        _("Of the cases received in the period, those undecided past their due date at its end."),
    ),
):
    register(
        f"correspondence.cases.{_field}",
        label=_label,
        unit=DOCUMENTS,
        definition=_definition,
        compute=_cohort(_field),
    )
