"""Background jobs of the correspondence module: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task

# E-mail is sent by core's task now. Jobs queued before an upgrade name this path; it stays
# the same task, so they are still sent.
from hromada.core.tasks import send_email as send_email


@task()
def send_deadline_reminders() -> int:
    """Daily: remind assignees and the head of office of cases due soon or overdue."""
    from hromada.correspondence import services

    return services.send_reminders()


@task()
def anonymize_closed_cases() -> int:
    """Daily: erase personal data of cases closed longer ago than the retention period."""
    from hromada.correspondence import services

    return services.anonymize_closed()
