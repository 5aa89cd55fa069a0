"""Background jobs of the participation module: thin wrappers around services."""

from __future__ import annotations

from django_tasks import task

from hromada.participation.petitions import services as petitions
from hromada.participation.problems import services as problems


@task()
def archive_petitions() -> int:
    """Daily: archive e-petitions whose collection period ended below the threshold."""
    return petitions.archive_failed_petitions()


@task()
def send_reminders() -> int:
    """Daily: remind assignees of petitions due for consideration within 3 days or overdue."""
    return petitions.send_reminders()


@task()
def send_problem_reminders() -> int:
    """Daily: remind responsible departments of problem reports due within 3 days or overdue."""
    return problems.send_problem_reminders()
