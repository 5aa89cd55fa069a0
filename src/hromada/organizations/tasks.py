"""Background jobs of the organizations module: thin wrappers."""

from __future__ import annotations

from django_tasks import task


@task()
def index_organizations(ids: list[int]) -> int:
    """Add organizations created in bulk (imports) to the search index."""
    from wagtail.search.index import insert_or_update_object

    from hromada.organizations.models import Organization

    count = 0
    for organization in Organization.objects.filter(pk__in=ids).iterator(chunk_size=500):
        insert_or_update_object(organization)
        count += 1
    return count
