"""Organizations in the site-wide search: by name, short name, EDRPOU, head or address."""

from __future__ import annotations

from urllib.parse import urlencode

from hromada.core.sitesearch import COUNT_CAP, Found, Hit
from hromada.organizations import selectors
from hromada.organizations.models import OrganizationRegisterPage


def search_organizations(query: str, limit: int) -> Found:
    pages = {page.kind: page for page in OrganizationRegisterPage.objects.live().public()}
    matches = selectors.register(q=query).filter(kind__in=list(pages))
    hits = [
        Hit(
            title=organization.name,
            url=pages[organization.kind].organization_url(organization),
            details=" · ".join(
                part for part in (organization.get_kind_display(), organization.edrpou) if part
            ),
        )
        for organization in matches[:limit]
    ]
    return Found(hits=hits, count=matches[:COUNT_CAP].count())


def browse_organizations(query: str) -> str:
    page = OrganizationRegisterPage.objects.live().public().order_by("path").first()
    return f"{page.url}?{urlencode({'q': query})}" if page and page.url else ""
