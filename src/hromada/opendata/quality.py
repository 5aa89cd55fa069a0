"""A dataset's quality score, on udata's published criteria, with what to fix.

udata (data.gouv.fr) scores nine criteria, one point each, divided by nine: a licence,
temporal coverage, spatial coverage, an update frequency, updated in time (true when there
is no due date), a description longer than 100 characters, and, when the dataset has
resources, at least one in an open format (udata counts PDF, DOC(X), XLS(X) and no format
as closed), every resource available, and documentation (a resource with a description;
here the link to the structure counts too). Mapped onto the Resolution 835 passport:
temporal coverage is "the date the data is current to" (DCAT's `dct:temporal`); spatial
coverage is the community, known when the city profile has its KATOTTG code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.opendata.models import Dataset

DESCRIPTION_LENGTH = 100  # udata's QUALITY_DESCRIPTION_LENGTH
CLOSED_FORMATS = {"PDF", "DOC", "DOCX", "WORD", "XLS", "EXCEL", "XLSX"}
MAX_SCORE = 9


@dataclass(frozen=True)
class Criterion:
    key: str
    passed: bool
    label: str
    fix: str


@dataclass(frozen=True)
class Quality:
    score: float  # 0 … 1
    criteria: list[Criterion]

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def to_fix(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.passed]


def _katottg() -> str:
    from hromada.core.selectors import city_profile

    try:
        return city_profile().katottg or ""
    except Exception:  # no site yet (a fresh install): no spatial coverage known
        return ""


def assess(
    dataset: Dataset, *, today: dt.date | None = None, katottg: str | None = None
) -> Quality:
    resources = [r for r in dataset.resources.all() if not r.archived]
    code = _katottg() if katottg is None else katottg
    checks: list[tuple[str, bool, Any, Any]] = [
        ("license", bool(dataset.licence), _("Licence"), _("Choose a licence.")),
        (
            "temporal_coverage",
            dataset.data_current_to is not None,
            _("Temporal coverage"),
            _("Fill in the date the data is current to."),
        ),
        (
            "spatial",
            bool(code),
            _("Spatial coverage"),
            _("Set the community's KATOTTG code in the city profile."),
        ),
        (
            "update_frequency",
            bool(dataset.update_frequency),
            _("Update frequency"),
            _("Choose how often the data is updated."),
        ),
        (
            "update_fulfilled_in_time",
            not dataset.is_overdue(today),
            _("Updated in time"),
            _("Upload the current data: the dataset is overdue."),
        ),
        (
            "dataset_description_quality",
            len(dataset.notes or "") > DESCRIPTION_LENGTH,
            _("Description"),
            _("Describe the dataset in more than 100 characters."),
        ),
    ]
    if resources:
        checks += [
            (
                "has_open_format",
                not all((r.format or "").upper() in CLOSED_FORMATS | {""} for r in resources),
                _("Open format"),
                _("Add the data in an open format (CSV, JSON, XML)."),
            ),
            (
                "all_resources_available",
                not any(r.link_broken for r in resources),
                _("Resources available"),
                _("Repair or replace the broken links."),
            ),
            (
                "resources_documentation",
                bool(dataset.structure_url) or any(r.description for r in resources),
                _("Documentation"),
                _("Describe a resource or give the link to the data structure."),
            ),
        ]
    criteria = [Criterion(key, passed, str(label), str(fix)) for key, passed, label, fix in checks]
    return Quality(score=sum(c.passed for c in criteria) / MAX_SCORE, criteria=criteria)
