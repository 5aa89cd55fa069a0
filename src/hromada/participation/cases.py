"""One small case engine for residents' cases: e-petitions and problem reports.

A *workflow* is a table: the statuses, where each may go next, which are still open (running
against a due date), and which legal-calendar rule sets the clock when a case enters a status.
The engine applies a transition (checked against the table), stamps assignment and deadlines
(always from :mod:`hromada.core.legal_calendar`; nothing here counts days), audits the change
with its reason, and queues the e-mail to the resident after the commit.

It reuses what the correspondence module already has as it is: the transition check pattern
(``workflow.TransitionError``), and ``notifications.queue_email`` (sent by its task after the
commit). What correspondence would need to run on this engine is listed in README.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, legal_calendar
from hromada.correspondence.notifications import queue_email
from hromada.correspondence.workflow import TransitionError

__all__ = ["Case", "TransitionError", "Workflow", "notify", "transition"]


class Case(Protocol):
    """What a model needs to run on the engine."""

    pk: Any
    status: str
    assignee_id: Any
    due_date: dt.date | None
    status_changed_at: dt.datetime | None

    def save(self, *args: Any, **kwargs: Any) -> None: ...


@dataclass(frozen=True)
class Workflow:
    name: str
    labels: Mapping[str, Any]
    transitions: Mapping[str, frozenset[str]]
    open_statuses: frozenset[str] = frozenset()
    #: status → legal-calendar rule whose term starts when the case enters that status
    clocks: Mapping[str, str] = field(default_factory=dict)
    #: statuses that need a reason (refusals, rejections)
    needs_reason: frozenset[str] = frozenset()

    def allowed_next(self, current: str) -> list[str]:
        allowed = self.transitions.get(current, frozenset())
        return [status for status in self.labels if status in allowed]

    def can(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, frozenset())

    def check(self, current: str, target: str) -> None:
        if not self.can(current, target):
            raise TransitionError(
                _("A case in status “%(current)s” cannot become “%(target)s”.")
                % {
                    "current": self.labels.get(current, current),
                    "target": self.labels.get(target, target),
                }
            )

    def due(self, status: str, start: dt.date) -> dt.date | None:
        rule = self.clocks.get(status)
        return legal_calendar.due_date(rule, start) if rule else None


def transition(
    case: Any,
    workflow: Workflow,
    target: str,
    *,
    user: Any = None,
    reason: str = "",
    today: dt.date | None = None,
    assignee: Any = None,
) -> None:
    """Move ``case`` to ``target``: checked, clocked, saved and audited (call inside atomic)."""
    workflow.check(case.status, target)
    reason = reason.strip()
    if target in workflow.needs_reason and not reason:
        raise TransitionError(_("Give the reason for this decision."))
    before = audit.snapshot(case)
    previous = case.status
    case.status = target
    case.status_changed_at = timezone.now()
    today = today or timezone.localdate()
    due = workflow.due(target, today)
    if due is not None:
        case.due_date = due
    elif target not in workflow.open_statuses:
        case.due_date = None
    if assignee is not None:
        case.assignee = assignee
    case.save()
    audit.record(
        case,
        "participation.status",
        user=user,
        before=before,
        data={"workflow": workflow.name, "from": previous, "to": target, "reason": reason},
    )


def assign(case: Any, *, assignee: Any, user: Any = None) -> None:
    before = audit.snapshot(case)
    case.assignee = assignee
    case.save(update_fields=["assignee"])
    audit.record(case, "participation.assign", user=user, before=before)


def overdue_or_due_soon(queryset: Any, workflow: Workflow, *, today: dt.date, days: int) -> Any:
    """Open cases of ``queryset`` due within ``days`` calendar days (or overdue)."""
    return queryset.filter(
        status__in=workflow.open_statuses,
        due_date__isnull=False,
        due_date__lte=today + dt.timedelta(days=days),
    )


def notify(*, subject: str, body: str, to: list[str]) -> None:
    """Queue an e-mail for after the commit (correspondence's sender, reused as it is)."""
    queue_email(subject=subject, body=body, to=to)
