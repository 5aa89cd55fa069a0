"""Every public act's page in the sitemap (the `acts` section of `/sitemap.xml`)."""

from __future__ import annotations

from functools import cached_property

from django.db.models import QuerySet

from hromada.acts import selectors
from hromada.acts.models import Act
from hromada.core.sitemaps import RecordSitemap


class ActsSitemap(RecordSitemap):
    @cached_property
    def pages(self) -> selectors.RegisterPages:
        return selectors.RegisterPages()

    def items(self) -> QuerySet[Act]:
        # Only what the address needs: the kind, the status (draft or act) and the lustration
        # mark choose the register page.
        acts = selectors.public_acts().only(
            "pk", "kind", "status", "lustration_category", "updated_at"
        )
        if not self.pages.pages:
            return acts.none()
        return acts.order_by("pk")

    def record_url(self, record: Act) -> str:
        return self.pages.url_for(record)
