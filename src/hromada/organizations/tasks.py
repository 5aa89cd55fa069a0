"""Background jobs of the organizations module: thin wrappers."""

from __future__ import annotations

from django_tasks import task


@task()
def index_organizations(ids: list[int]) -> int:
    """Add organizations created in bulk (imports) to the search index."""
    from hromada.core.search import index_in_bulk
    from hromada.organizations.models import Organization

    # A few queries per 500 organizations, not one index write per organization.
    return index_in_bulk(
        Organization, Organization.objects.filter(pk__in=ids).iterator(chunk_size=500)
    )
