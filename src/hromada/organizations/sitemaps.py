"""Every public organization's page in the sitemap (the `organizations` section)."""

from __future__ import annotations

from functools import cached_property

from django.db.models import QuerySet

from hromada.core.sitemaps import RecordSitemap
from hromada.organizations import selectors
from hromada.organizations.models import Organization, OrganizationRegisterPage


class OrganizationsSitemap(RecordSitemap):
    @cached_property
    def pages(self) -> dict[str, OrganizationRegisterPage]:
        return {page.kind: page for page in OrganizationRegisterPage.objects.live().public()}

    def items(self) -> QuerySet[Organization]:
        return (
            selectors.public_organizations()
            .filter(kind__in=list(self.pages))
            .only("pk", "kind", "edrpou", "updated_at")
            .order_by("pk")
        )

    def record_url(self, record: Organization) -> str:
        return self.pages[record.kind].organization_url(record)
