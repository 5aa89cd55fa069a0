"""The register's report figures. `organizations.<kind>` is fixed by the metric contract
(docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy

from hromada.core.metrics import Period, register
from hromada.organizations import selectors
from hromada.organizations.models import Organization
from hromada.organizations.records import Kind

LABELS = {
    Kind.PARTY_UNIT: (
        _("Political party units registered"),
        _("Political party units registered during the period"),
        _("Political party units terminated during the period"),
    ),
    Kind.NGO: (
        _("Public organizations registered"),
        _("Public organizations registered during the period"),
        _("Public organizations terminated during the period"),
    ),
    Kind.RELIGIOUS: (
        _("Religious organizations registered"),
        _("Religious organizations registered during the period"),
        _("Religious organizations terminated during the period"),
    ),
    Kind.TRADE_UNION: (
        _("Trade unions registered"),
        _("Trade unions registered during the period"),
        _("Trade unions terminated during the period"),
    ),
    Kind.CHARITY: (
        _("Charitable organizations registered"),
        _("Charitable organizations registered during the period"),
        _("Charitable organizations terminated during the period"),
    ),
    Kind.OTHER: (
        _("Other civic organizations registered"),
        _("Other civic organizations registered during the period"),
        _("Other civic organizations terminated during the period"),
    ),
}


Records = Callable[[Period], QuerySet[Organization]]


def count_at_end(kind: str) -> Records:
    def records(period: Period) -> QuerySet[Organization]:
        return selectors.existing_on(period.end, kind=kind)

    return records


def registered(kind: str) -> Records:
    def records(period: Period) -> QuerySet[Organization]:
        return selectors.registered_in(period.start, period.end, kind=kind)

    return records


def terminated(kind: str) -> Records:
    def records(period: Period) -> QuerySet[Organization]:
        return selectors.terminated_in(period.start, period.end, kind=kind)

    return records


_COMPUTE: dict[str, tuple[Records, ...]] = {
    kind.value: (count_at_end(kind.value), registered(kind.value), terminated(kind.value))
    for kind in Kind
}

for _kind, (_at_end, _registered, _terminated) in LABELS.items():
    _count_fn, _reg_fn, _term_fn = _COMPUTE[_kind.value]
    register(
        f"organizations.{_kind.value}",
        label=_at_end,
        unit=npgettext_lazy("report unit", "organization", "organizations"),
        definition=_(
            "Registered on or before the period's last day and not terminated on or before it."
        ),
        records=_count_fn,
    )
    register(
        f"organizations.registered.{_kind.value}",
        label=_registered,
        unit=npgettext_lazy("report unit", "organization", "organizations"),
        definition=_("Registration date within the period."),
        records=_reg_fn,
    )
    register(
        f"organizations.terminated.{_kind.value}",
        label=_terminated,
        unit=npgettext_lazy("report unit", "organization", "organizations"),
        definition=_("Termination date within the period."),
        records=_term_fn,
    )
