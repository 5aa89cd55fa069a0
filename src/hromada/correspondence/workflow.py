"""Correspondence on the case engine: kinds, statuses, the transition table
(:data:`WORKFLOW`, a :class:`hromada.core.cases.Workflow`) and the legal clock of each case.

Pure functions and tables, no database: the services apply them through
:func:`hromada.core.cases.transition`, as participation does for e-petitions and problem
reports. Deadlines always come from :mod:`hromada.core.legal_calendar`; nothing here counts
days.

Inspired by Alaveteli's request states (mysociety/alaveteli, `InfoRequest::State`): every
status names what happened to the case and the table below lists exactly where it may go next;
"overdue" is not a stored status but derived from the due date, as Alaveteli calculates
`waiting_response_overdue` from the described state and the legal deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core import cases, legal_calendar
from hromada.core.cases import TransitionError as TransitionError  # the engine's, re-exported


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


class Kind(models.TextChoices):
    LETTER = "letter", _("Letter")
    PUBLIC_INFO_REQUEST = "public_info_request", _("Public-information request")
    CITIZEN_APPEAL = "citizen_appeal", _("Citizens' appeal")
    AUTHORITY_REQUEST = "authority_request", _("Request from an authority")
    INTERNAL = "internal", _("Internal document")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENDED = "extended", _("Term extended")
    ANSWERED = "answered", _("Answered")
    FORWARDED = "forwarded", _("Forwarded")
    REFUSED = "refused", _("Refused")
    CLOSED = "closed", _("Closed")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal term")
    URGENT = "urgent", _("48 hours: life, freedom, environment, food, accident or emergency")
    NO_STUDY = "no_study", _("15 days: needs no extra study")


class RefusalGround(models.TextChoices):
    """Law 2939-VI Art. 22 part 1 (the exhaustive list) and Law 393/96-ВР Art. 8 for appeals."""

    NOT_HELD = "art22_1_1", _("Art. 22 part 1 item 1: the office does not hold the information")
    RESTRICTED = "art22_1_2", _("Art. 22 part 1 item 2: information with restricted access")
    NOT_PAID = "art22_1_3", _("Art. 22 part 1 item 3: copying or printing costs not paid")
    REQUIREMENTS = "art22_1_4", _("Art. 22 part 1 item 4: the request does not meet Art. 19 part 5")
    APPEAL_ANONYMOUS = "393_art8_1", _("Law 393/96 Art. 8 part 1: anonymous appeal")
    APPEAL_REPEATED = "393_art8_2", _("Law 393/96 Art. 8 part 2: repeated appeal already decided")


class ForwardGround(models.TextChoices):
    PUBLIC_INFO = (
        "art22_3",
        _("Law 2939-VI Art. 22 part 3: the information is held by another body"),
    )
    APPEAL = "393_art7_3", _("Law 393/96 Art. 7 part 3: the issue is for another body")
    OTHER = "other", _("Other: within another body's competence")


REFUSAL_GROUNDS_BY_KIND: dict[str, set[str]] = {
    Kind.PUBLIC_INFO_REQUEST: {
        RefusalGround.NOT_HELD,
        RefusalGround.RESTRICTED,
        RefusalGround.NOT_PAID,
        RefusalGround.REQUIREMENTS,
    },
    Kind.CITIZEN_APPEAL: {RefusalGround.APPEAL_ANONYMOUS, RefusalGround.APPEAL_REPEATED},
}

#: Where each status may go next. Anything not listed is refused by the services.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.REGISTERED: frozenset(
        {
            Status.IN_PROGRESS,
            Status.EXTENDED,
            Status.ANSWERED,
            Status.FORWARDED,
            Status.REFUSED,
            Status.CLOSED,
        }
    ),
    Status.IN_PROGRESS: frozenset(
        {Status.EXTENDED, Status.ANSWERED, Status.FORWARDED, Status.REFUSED}
    ),
    Status.EXTENDED: frozenset({Status.ANSWERED, Status.FORWARDED, Status.REFUSED}),
    Status.ANSWERED: frozenset({Status.CLOSED}),
    Status.FORWARDED: frozenset({Status.CLOSED}),
    Status.REFUSED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
#: Statuses in which the case still runs against its due date.
OPEN_STATUSES = frozenset({Status.REGISTERED, Status.IN_PROGRESS, Status.EXTENDED})
#: Statuses in which the requester has had the office's decision.
DECIDED_STATUSES = frozenset({Status.ANSWERED, Status.FORWARDED, Status.REFUSED})
#: Kinds whose correspondent is a private person (personal data, Law 2297-VI).
PERSONAL_KINDS = frozenset({Kind.PUBLIC_INFO_REQUEST, Kind.CITIZEN_APPEAL})


#: The table on the case engine. A decided case keeps its due date (the statistics tell
#: whether it was met); assigning a registered case puts it in progress; an extension needs
#: its reason; every save validates the fields.
WORKFLOW = cases.Workflow(
    name="correspondence",
    audit_prefix="correspondence",
    labels=dict(Status.choices),
    transitions=TRANSITIONS,
    open_statuses=OPEN_STATUSES,
    needs_reason=frozenset({Status.EXTENDED}),
    on_assign={Status.REGISTERED: Status.IN_PROGRESS},
    keeps_due_date=True,
    validates=True,
)


def can_transition(current: str, target: str) -> bool:
    return WORKFLOW.can(current, target)


# --- Legal clocks ------------------------------------------------------------------------

#: (kind, urgency) → the legal-calendar rule of the initial term. Other kinds have no
#: statutory term; the office may set one by hand.
INITIAL_RULES: dict[tuple[str, str], str] = {
    (Kind.PUBLIC_INFO_REQUEST, Urgency.NORMAL): "public_info_request",
    (Kind.PUBLIC_INFO_REQUEST, Urgency.URGENT): "public_info_request_urgent",
    (Kind.CITIZEN_APPEAL, Urgency.NORMAL): "citizen_appeal",
    (Kind.CITIZEN_APPEAL, Urgency.NO_STUDY): "citizen_appeal_no_study",
}
#: kind → the rule of the longest term an extension may give.
EXTENSION_RULES: dict[str, str] = {
    Kind.PUBLIC_INFO_REQUEST: "public_info_request_extended",
    Kind.CITIZEN_APPEAL: "citizen_appeal_extended",
}
#: kind → the rule of the written notice an extension needs (Law 2939-VI Art. 20 part 4).
EXTENSION_NOTICE_RULES: dict[str, str] = {
    Kind.PUBLIC_INFO_REQUEST: "public_info_extension_notice",
}


class DeadlineError(ValueError):
    """A term asked for that the law does not allow."""


def valid_urgencies(kind: str) -> list[str]:
    return [urgency for (rule_kind, urgency) in INITIAL_RULES if rule_kind == kind]


def initial_rule(kind: str, urgency: str = Urgency.NORMAL) -> str | None:
    """The rule key of the statutory term for an incoming document, or None."""
    if (kind, urgency) in INITIAL_RULES:
        return INITIAL_RULES[(kind, urgency)]
    if urgency != Urgency.NORMAL and (kind, Urgency.NORMAL) in INITIAL_RULES:
        raise DeadlineError(
            _("The term “%(urgency)s” does not apply to %(kind)s.")
            % {"urgency": Urgency(urgency).label, "kind": Kind(kind).label}
        )
    return None


def initial_due(kind: str, received: dt.date, urgency: str = Urgency.NORMAL) -> dt.date | None:
    """The statutory due date of an incoming document received on ``received``."""
    rule_key = initial_rule(kind, urgency)
    return None if rule_key is None else legal_calendar.due_date(rule_key, received)


@dataclass(frozen=True)
class Extension:
    due: dt.date
    notice_due: dt.date | None
    rule_key: str


def extension(kind: str, received: dt.date, requested: dt.date | None = None) -> Extension:
    """The extended term of a case received on ``received``.

    Public-information requests: 20 working days, with the written notice due within 5 working
    days of receipt (Law 2939-VI Art. 20 part 4). Appeals: the date asked for, at most 45 days
    from receipt (Law 393/96-ВР Art. 20); without a date, the longest allowed.
    """
    rule_key = EXTENSION_RULES.get(kind)
    if rule_key is None:
        raise DeadlineError(
            _("The law provides no extension for %(kind)s.") % {"kind": Kind(kind).label}
        )
    longest = legal_calendar.due_date(rule_key, received)
    due = longest
    if requested is not None:
        if kind == Kind.PUBLIC_INFO_REQUEST and requested != longest:
            raise DeadlineError(
                _("A public-information request is extended to 20 working days: %(date)s.")
                % {"date": longest.strftime("%d.%m.%Y")}
            )
        if requested > longest:
            raise DeadlineError(
                _("The term cannot exceed %(rule)s: %(date)s at the latest.")
                % {
                    "rule": legal_calendar.RULES[rule_key].label,
                    "date": longest.strftime("%d.%m.%Y"),
                }
            )
        due = requested
    notice_rule = EXTENSION_NOTICE_RULES.get(kind)
    notice_due = legal_calendar.due_date(notice_rule, received) if notice_rule else None
    return Extension(due=due, notice_due=notice_due, rule_key=rule_key)


def days_left(due: dt.date | None, today: dt.date) -> int | None:
    return None if due is None else legal_calendar.days_left(due, today)
