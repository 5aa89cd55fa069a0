"""One case engine for everything the office and the residents follow as a case: the
correspondence module's public-information requests and citizens' appeals, and the
participation module's e-petitions and problem reports.

A *workflow* is a table: the statuses, where each may go next, which are still open (running
against a due date), which legal-calendar rule sets the clock when a case enters a status,
which moves need a reason, and where an open case goes when someone is assigned to it.

The engine applies a move checked against the table (:func:`transition`), stamps
``status_changed_at``, the assignee and the due date (always from
:mod:`hromada.core.legal_calendar`; nothing here counts days), saves, and audits the change
in one log entry (before/after values, the workflow, from, to and the reason). It assigns
cases (:func:`assign`), finds open cases due soon or overdue for reminders
(:func:`overdue_or_due_soon`), and queues e-mail to be sent after the commit
(:func:`notify`, :func:`hromada.core.mail.queue_email`). What each module adds on top (the
grounds of a refusal, the letters it writes) stays in that module's services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, legal_calendar
from hromada.core.mail import queue_email

__all__ = [
    "Case",
    "TransitionError",
    "Workflow",
    "assign",
    "audit_prefixes",
    "notify",
    "overdue_or_due_soon",
    "transition",
]

#: The audit prefixes of every workflow built, in order (core's wagtail_hooks registers the
#: engine's log actions for each).
_AUDIT_PREFIXES: dict[str, None] = {}


def audit_prefixes() -> list[str]:
    return list(_AUDIT_PREFIXES)


class TransitionError(ValueError):
    """The case cannot go from its status to the one asked for."""


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
    #: short name, kept in every log entry of a status change
    name: str
    #: the audit actions are "<audit_prefix>.status" and "<audit_prefix>.assign" unless a
    #: service names its own (each module registers the labels of its actions)
    audit_prefix: str
    labels: Mapping[str, Any]
    transitions: Mapping[str, frozenset[str]]
    open_statuses: frozenset[str] = frozenset()
    #: status → legal-calendar rule whose term starts when the case enters that status
    clocks: Mapping[str, str] = field(default_factory=dict)
    #: statuses that need a reason (rejections, extensions)
    needs_reason: frozenset[str] = frozenset()
    #: status → the status an open case moves to when someone is assigned to it
    on_assign: Mapping[str, str] = field(default_factory=dict)
    #: keep the due date once the case is decided (to tell later whether it was met);
    #: otherwise a case leaving the open statuses has no due date any more
    keeps_due_date: bool = False
    #: validate the model's fields (``full_clean``) before every save
    validates: bool = False

    def __post_init__(self) -> None:
        known = set(self.labels)
        used = (
            set(self.transitions)
            | {target for targets in self.transitions.values() for target in targets}
            | set(self.open_statuses)
            | set(self.clocks)
            | set(self.needs_reason)
            | set(self.on_assign)
            | set(self.on_assign.values())
        )
        if used - known:
            raise ValueError(f"workflow {self.name}: unknown statuses {sorted(used - known)}")
        for status, target in self.on_assign.items():
            if not self.can(status, target):
                raise ValueError(f"workflow {self.name}: {status} cannot become {target}")
        for rule_key in self.clocks.values():
            legal_calendar.rule(rule_key)  # KeyError for a rule the calendar does not have
        _AUDIT_PREFIXES.setdefault(self.audit_prefix)

    def action(self, what: str) -> str:
        return f"{self.audit_prefix}.{what}"

    def allowed_next(self, current: str) -> list[str]:
        allowed = self.transitions.get(current, frozenset())
        return [status for status in self.labels if status in allowed]

    def can(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, frozenset())

    def is_open(self, status: str) -> bool:
        return status in self.open_statuses

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
        rule_key = self.clocks.get(status)
        return legal_calendar.due_date(rule_key, start) if rule_key else None


def _save(case: Any, workflow: Workflow) -> None:
    if workflow.validates:
        case.full_clean(validate_unique=False, validate_constraints=False)
    case.save()


def transition(
    case: Any,
    workflow: Workflow,
    target: str,
    *,
    user: Any = None,
    reason: str = "",
    today: dt.date | None = None,
    assignee: Any = None,
    due: dt.date | None = None,
    changes: Mapping[str, Any] | None = None,
    action: str = "",
    data: Mapping[str, Any] | None = None,
) -> str:
    """Move ``case`` to ``target``: checked, clocked, saved and audited. Call it inside the
    service's transaction; returns the status the case had.

    The due date: ``due`` when the service computed the term itself from the legal calendar
    (an extension, whose length depends on the kind of case), else the clock of ``target``
    started ``today``; a case that leaves the open statuses loses its due date unless the
    workflow keeps it. ``changes`` are the other fields set with the move (the answer, the
    legal ground, the date of the decision), so the one log entry shows their values before
    and after; ``action`` names that entry (``<audit_prefix>.status`` by default) and
    ``data`` adds to what it records.
    """
    workflow.check(case.status, target)
    reason = reason.strip()
    if target in workflow.needs_reason and not reason:
        raise TransitionError(_("Give the reason for this decision."))
    before = audit.snapshot(case)
    previous = case.status
    case.status = target
    case.status_changed_at = timezone.now()
    if due is None:
        due = workflow.due(target, today or timezone.localdate())
    if due is not None:
        case.due_date = due
    elif target not in workflow.open_statuses and not workflow.keeps_due_date:
        case.due_date = None
    if assignee is not None:
        case.assignee = assignee
    for name, value in (changes or {}).items():
        setattr(case, name, value)
    _save(case, workflow)
    audit.record(
        case,
        action or workflow.action("status"),
        user=user,
        before=before,
        data={
            "workflow": workflow.name,
            "from": previous,
            "to": target,
            "reason": reason,
            **(data or {}),
        },
    )
    return previous


def assign(
    case: Any, workflow: Workflow, *, assignee: Any, user: Any = None, action: str = ""
) -> None:
    """Give an open case to ``assignee``; it moves on where the workflow says (a registered
    request goes in progress). Call it inside the service's transaction."""
    if case.status not in workflow.open_statuses:
        raise TransitionError(_("Only an open case can be assigned."))
    action = action or workflow.action("assign")
    target = workflow.on_assign.get(case.status)
    if target is not None:
        transition(case, workflow, target, user=user, assignee=assignee, action=action)
        return
    before = audit.snapshot(case)
    case.assignee = assignee
    _save(case, workflow)
    audit.record(case, action, user=user, before=before, data={"workflow": workflow.name})


def overdue_or_due_soon(queryset: Any, workflow: Workflow, *, today: dt.date, days: int) -> Any:
    """Open cases of ``queryset`` due within ``days`` calendar days of ``today``, or overdue."""
    return queryset.filter(
        status__in=workflow.open_statuses,
        due_date__isnull=False,
        due_date__lte=today + dt.timedelta(days=days),
    )


def notify(*, subject: str, body: str, to: Sequence[str]) -> None:
    """Queue an e-mail to the people of a case, sent only after the transaction commits."""
    queue_email(subject=subject, body=body, to=to)
