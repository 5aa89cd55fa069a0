"""Background jobs of the acts module: thin wrappers."""

from __future__ import annotations

from django_tasks import task


@task()
def extract_act_file_text(file_id: int) -> bool:
    """Extract the text of a file added in the admin, then make it searchable."""
    from hromada.acts import services

    return services.extract_pending_file(file_id=file_id)
