"""The register of civic organizations as a live open dataset."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from hromada.core.datasets import DatasetColumn, LiveDataset, register


def rows() -> Iterator[dict[str, Any]]:
    from hromada.organizations import selectors

    return selectors.export_rows(selectors.register().iterator(chunk_size=500))


def last_modified() -> Any:
    from hromada.organizations.models import Organization

    return Organization.objects.filter(archived=False).aggregate(latest=Max("updated_at"))["latest"]


COLUMNS = (
    DatasetColumn("id", _("Identifier")),
    DatasetColumn("kind", _("Kind"), _("party_unit, ngo, religious, trade_union, charity, other")),
    DatasetColumn("name", _("Name")),
    DatasetColumn("short_name", _("Short name")),
    DatasetColumn("edrpou", _("EDRPOU code")),
    DatasetColumn("legal_form", _("Organizational and legal form")),
    DatasetColumn("registered_on", _("Registration date")),
    DatasetColumn("terminated_on", _("Termination date")),
    DatasetColumn("status", _("Status")),
    DatasetColumn("address", _("Address")),
    DatasetColumn("head", _("Head")),
    DatasetColumn("parent", _("Parent party")),
    DatasetColumn("phone", _("Phone")),
    DatasetColumn("email", _("Email")),
    DatasetColumn("website", _("Website")),
)

ORGANIZATIONS_REGISTER = register(
    LiveDataset(
        slug="organizations-register",
        title=_("Register of civic organizations"),
        description=_(
            "Political party units, public, religious and other civic organizations registered "
            "in the city, with registration and termination dates."
        ),
        module="organizations",
        columns=COLUMNS,
        rows=rows,
        keywords=("громадські організації", "політичні партії", "релігійні організації"),
        last_modified=last_modified,
    )
)
