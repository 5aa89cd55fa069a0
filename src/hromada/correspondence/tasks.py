"""Background jobs of the correspondence module: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text e-mail."""
    from django.conf import settings
    from django.core.mail import send_mail

    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


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
