"""The register of acts and drafts as a live open dataset."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hromada.acts import selectors
from hromada.core.datasets import DatasetColumn, LiveDataset, Watch, register


def rows() -> Iterator[dict[str, Any]]:
    from hromada.core.selectors import default_site

    site = default_site()
    base = site.root_url if site is not None else ""
    queryset = selectors.public_acts().prefetch_related("files", "topics").order_by("-date", "-id")
    return selectors.export_rows(queryset, base_url=base)


def last_modified() -> Any:
    return selectors.public_acts().aggregate(latest=Max("updated_at"))["latest"]


def _model(name: str) -> Any:
    from django.apps import apps

    return apps.get_model("acts", name)


COLUMN_TITLES: dict[str, tuple[str | Promise, str | Promise]] = {
    "id": (_("Identifier"), ""),
    "kind": (
        _("Kind"),
        _("council_decision, executive_decision, mayor_order, head_order"),
    ),
    "number": (_("Number"), ""),
    "date": (_("Date"), ""),
    "title": (_("Title"), ""),
    "status": (_("Status"), _("draft, adopted, rejected, repealed")),
    "published_on": (_("Publication date"), ""),
    "consideration_date": (_("Planned consideration date"), _("Drafts only")),
    "issuing_body": (_("Issuing body"), ""),
    "department": (_("Responsible department"), ""),
    "topics": (_("Topics"), _("Separated by semicolons")),
    "draft_id": (_("Identifier of the draft"), _("For acts adopted from a draft")),
    "lustration_category": (_("Lustration document"), _("notice, result, other or empty")),
    "person_position": (_("Position of the person checked"), ""),
    "files": (_("Files"), _("Links, separated by spaces")),
    "url": (_("Page on the portal"), ""),
}
COLUMNS = tuple(DatasetColumn(name, *COLUMN_TITLES[name]) for name in selectors.EXPORT_COLUMNS)

ACTS_REGISTER = register(
    LiveDataset(
        slug="acts-register",
        title=_("Register of council acts and drafts"),
        description=_(
            "Council and executive-committee decisions, orders and their drafts published on "
            "the portal, with dates, status, links between them and their files."
        ),
        module="acts",
        watches=(
            Watch(
                "acts.Act",
                rows=selectors.public_acts,
                fields=(
                    *(
                        c
                        for c in selectors.EXPORT_COLUMNS
                        if c not in ("id", "url", "files", "topics")
                    ),
                    "topics__name",
                    "files__file",
                ),
            ),
            Watch(
                "acts.ActFile",
                rows=lambda: _model("ActFile").objects.filter(act__in=selectors.public_acts()),
                fields=("act_id", "file"),
            ),
            Watch(
                "acts.Topic",
                rows=lambda: _model("Topic").objects.filter(act__in=selectors.public_acts()),
                fields=("name",),
            ),
        ),
        columns=COLUMNS,
        rows=rows,
        keywords=("рішення", "розпорядження", "проєкти рішень", "нормативні акти"),
        last_modified=last_modified,
    )
)
