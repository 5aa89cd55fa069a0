"""The register of civic organizations as a live open dataset."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import DatasetColumn, LiveDataset, Watch, register
from hromada.organizations import selectors


def rows() -> Iterator[dict[str, Any]]:
    return selectors.export_rows(selectors.register().iterator(chunk_size=500))


def last_modified() -> Any:
    from hromada.organizations.models import Organization

    return Organization.objects.filter(archived=False).aggregate(latest=Max("updated_at"))["latest"]


# Titles of the public export's columns (selectors.EXPORT_COLUMNS, the one list of them).
COLUMN_TITLES: dict[str, tuple[str | Promise, str | Promise]] = {
    "id": (_("Identifier"), ""),
    "kind": (_("Kind"), _("party_unit, ngo, religious, trade_union, charity, other")),
    "name": (_("Name"), ""),
    "short_name": (_("Short name"), ""),
    "edrpou": (_("EDRPOU code"), ""),
    "legal_form": (_("Organizational and legal form"), ""),
    "registered_on": (_("Registration date"), ""),
    "terminated_on": (_("Termination date"), ""),
    "status": (_("Status"), ""),
    "address": (_("Address"), ""),
    "head": (_("Head"), ""),
    "parent": (_("Parent party"), ""),
    "phone": (_("Phone"), ""),
    "email": (_("Email"), ""),
    "website": (_("Website"), ""),
}
COLUMNS = tuple(DatasetColumn(name, *COLUMN_TITLES[name]) for name in selectors.EXPORT_COLUMNS)

ORGANIZATIONS_REGISTER = register(
    LiveDataset(
        slug="organizations-register",
        title=_("Register of civic organizations"),
        description=_(
            "Political party units, public, religious and other civic organizations registered "
            "in the city, with registration and termination dates."
        ),
        module="organizations",
        watches=(
            Watch(
                "organizations.Organization",
                rows=selectors.register,
                fields=(
                    *(c for c in selectors.EXPORT_COLUMNS if c not in ("id", "parent")),
                    "parent__name",
                    "parent_name",
                ),
            ),
        ),
        columns=COLUMNS,
        rows=rows,
        keywords=("громадські організації", "політичні партії", "релігійні організації"),
        last_modified=last_modified,
    )
)
