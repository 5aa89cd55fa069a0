"""Background jobs of the open-data module: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders() -> int:
    """E-mail responsible persons whose datasets are due soon or overdue."""
    from hromada.opendata import services

    return len(services.send_reminders())


@task()
def sync_live_datasets() -> int:
    """Bring the live datasets' passports and "last change" in step with their registers."""
    from hromada.opendata import services

    return len(services.sync_live_datasets())


@task()
def check_links() -> int:
    """Check the catalogue's external links; returns how many are broken."""
    from hromada.opendata.links import check_links as run

    return run()[1]


@task()
def refresh_packages() -> int:
    """Build the CKAN API's stored packages left empty (bulk writes, a failed rebuild)."""
    from hromada.opendata import packages

    return packages.refresh_stale()


@task()
def regenerate_live_dataset(slug: str) -> None:
    """Move a live dataset after the changes gathered within a second of its previous move."""
    from hromada.opendata import live

    live.regenerate(slug)


@task()
def load_datastore(version_id: str) -> None:
    """Load a published CSV or XLSX version's rows for `datastore_search`."""
    from hromada.opendata import datastore

    datastore.load_version(version_id)
