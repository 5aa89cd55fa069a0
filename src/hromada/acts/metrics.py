"""The acts module's report figures. `acts.published`, `acts.published.<kind>`,
`acts.drafts_published` and `acts.lustration_documents` are fixed by the metric contract
(docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy

from hromada.acts import selectors
from hromada.acts.models import Act, Kind, Scope
from hromada.core.metrics import Period, register

KIND_LABELS = {
    Kind.COUNCIL_DECISION: _("Council decisions published"),
    Kind.EXECUTIVE_DECISION: _("Executive committee decisions published"),
    Kind.MAYOR_ORDER: _("Mayor's orders published"),
    Kind.HEAD_ORDER: _("Orders of the head of the military-civil administration published"),
}


def _published(scope: str, kind: str | None = None) -> Callable[[Period], QuerySet[Act]]:
    def records(period: Period) -> QuerySet[Act]:
        return selectors.published_in(period.start, period.end, scope=scope, kind=kind)

    return records


def _drafts_late(period: Period) -> int:
    return selectors.drafts_published_late(period.start, period.end)


register(
    "acts.published",
    label=_("Acts published"),
    unit=npgettext_lazy("report unit", "document", "documents"),
    definition=_(
        "Adopted acts of every kind (later repealed ones included) whose publication date is "
        "in the period; drafts and lustration documents are not counted."
    ),
    records=_published(Scope.ACTS),
)
for _kind, _label in KIND_LABELS.items():
    register(
        f"acts.published.{_kind.value}",
        label=_label,
        unit=npgettext_lazy("report unit", "document", "documents"),
        definition=_("As acts.published, for this kind of act."),
        records=_published(Scope.ACTS, _kind.value),
    )
register(
    "acts.drafts_published",
    label=_("Drafts published"),
    unit=npgettext_lazy("report unit", "document", "documents"),
    definition=_("Drafts (rejected ones included) whose publication date is in the period."),
    records=_published(Scope.DRAFTS),
)
register(
    "acts.drafts_published_late",
    label=_("Drafts published late"),
    unit=npgettext_lazy("report unit", "document", "documents"),
    definition=_(
        "Drafts published in the period later than 10 working days before their planned "
        "consideration (Law 2939-VI, Art. 15 part 3)."
    ),
    compute=_drafts_late,
)
register(
    "acts.lustration_documents",
    label=_("Lustration documents published"),
    unit=npgettext_lazy("report unit", "document", "documents"),
    definition=_(
        "Documents of the “Очищення влади” section (notices and results of checks) whose "
        "publication date is in the period."
    ),
    records=_published(Scope.LUSTRATION),
)
