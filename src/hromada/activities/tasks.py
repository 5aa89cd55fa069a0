"""Background jobs of the activity journal: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task


@task()
def send_observance_reminders() -> int:
    """E-mail staff about holidays and memorable dates coming up (each occurrence once)."""
    from hromada.activities import services

    return services.send_observance_reminders()


@task()
def fetch_social_followers() -> int:
    """Today's follower counts from the registered fetchers (none by default)."""
    from hromada.activities import services

    return len(services.fetch_followers())
