"""The catalogue's report figures. `opendata.datasets` and `opendata.resources` are fixed by
docs/architecture.md (the seed report: 112 datasets holding 1,070 documents on 01.01.2021)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy

from hromada.core.metrics import Period, register
from hromada.opendata import selectors


def datasets(period: Period) -> QuerySet[Any]:
    return selectors.datasets_published_by(period.bounds()[1])


def resources(period: Period) -> QuerySet[Any]:
    return selectors.resources_published_by(period.bounds()[1])


def datasets_on_time(period: Period) -> int:
    return selectors.datasets_on_time_at(period.end, period.bounds()[1])


register(
    "opendata.datasets",
    label=_("Open datasets published"),
    definition=_("Datasets in the open-data catalogue at the end of the period."),
    unit=npgettext_lazy("report unit", "dataset", "datasets"),
    records=datasets,
)
register(
    "opendata.resources",
    label=_("Open data resources published"),
    definition=_(
        "Resources (files and links) of the catalogue's datasets at the end of the period."
    ),
    unit=npgettext_lazy("report unit", "resource", "resources"),
    records=resources,
)
register(
    "opendata.datasets_on_time",
    label=_("Open datasets updated on time"),
    definition=_(
        "Datasets with an update schedule whose last upload before the period's end kept "
        "them current on its last day."
    ),
    unit=npgettext_lazy("report unit", "dataset", "datasets"),
    compute=datasets_on_time,
)
