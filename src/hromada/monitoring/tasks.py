"""Background jobs of the monitoring module: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task


@task()
def fetch_media() -> str:
    """One fetch-and-process pass over all active sources."""
    from hromada.monitoring.pipeline import fetch_media as run

    return run().line()


@task()
def drop_unrelated_items() -> int:
    """Delete collected items that do not mention the city once they are 30 days old."""
    from hromada.monitoring.services import drop_unrelated

    return drop_unrelated()


@task()
def refresh_word_forms() -> int:
    """Regenerate the city's word forms after the city profile changed."""
    from hromada.monitoring.services import refresh_word_forms as refresh

    return len(refresh().generated_forms.splitlines())
