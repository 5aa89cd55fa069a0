"""Every write of problem reports: reporting, status changes, reopening, reminders."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, cases
from hromada.core.types import Actor
from hromada.core.uploads import validated_image
from hromada.correspondence import services as journal
from hromada.correspondence.models import Document, ForwardGround, Source
from hromada.participation.problems.models import (
    CLOSING_STATUSES,
    PROBLEM_WORKFLOW,
    Moderation,
    ProblemCategory,
    ProblemPhoto,
    ProblemReport,
    ProblemStatus,
)
from hromada.participation.residents.models import Resident
from hromada.participation.residents.services import letter
from hromada.participation.shared import services as shared
from hromada.participation.verification import require


def similar_problems(*, category: ProblemCategory, address: str) -> list[ProblemReport]:
    """Open reports of the same category at a similar address."""
    wanted = " ".join(address.lower().split())
    found = []
    # Only published reports: the form links them, and an unread report's text is not public.
    for report in ProblemReport.objects.filter(
        category=category,
        status__in=PROBLEM_WORKFLOW.open_statuses,
        moderation=Moderation.PUBLISHED,
    ).only("pk", "address"):
        ratio = difflib.SequenceMatcher(None, wanted, " ".join(report.address.lower().split()))
        if ratio.ratio() >= 0.85:
            found.append(report)
    return found


@dataclass(frozen=True)
class Point:
    latitude: Decimal
    longitude: Decimal


@transaction.atomic
def report_problem(
    *,
    resident: Resident,
    category: ProblemCategory,
    description: str,
    address: str,
    point: Point | None = None,
    photos: Sequence[Any] = (),
    register: bool = True,
) -> ProblemReport:
    """A new report, routed to the category's department and registered in the journal as an
    electronic appeal (``register=False`` only for the demo, whose journal is the seed's);
    photos are validated by content and re-encoded. A bad photo refuses the whole report
    (nothing half-written)."""
    require(resident, "problem.report")
    if len(photos) > shared.MAX_PHOTOS:
        raise ValidationError({"photos": _("Attach at most %(count)s photos.") % {"count": 5}})
    cleaned = []
    for photo in photos:
        try:
            cleaned.append(validated_image(photo))
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from error
    if not address.strip():
        raise ValidationError({"address": _("Give the address.")})
    report = ProblemReport.objects.create(
        reporter=resident,
        category=category,
        responsible=category.responsible,
        description=description.strip(),
        address=" ".join(address.split()),
        latitude=point.latitude if point else None,
        longitude=point.longitude if point else None,
        due_date=PROBLEM_WORKFLOW.due(ProblemStatus.NEW, shared.today()),
    )
    for image in cleaned:
        ProblemPhoto.objects.create(report=report, image=image)
    if register:
        _register_appeal(report)
    audit.record(report, "wagtail.create", user=resident.user)
    if category.responsible_email:
        cases.notify(
            subject=_("New problem report: %(category)s") % {"category": category.name},
            body=f"{report.address}\n\n{report.description}\n",
            to=[category.responsible_email],
        )
    return report


@transaction.atomic
def change_problem_status(
    *,
    report: ProblemReport,
    status: str,
    user: Actor | None,
    reason: str = "",
    planned_on: dt.date | None = None,
    forwarded_to: str = "",
    duplicate_of: ProblemReport | None = None,
) -> ProblemReport:
    """Move a report; a closing state carries what the public page shows with it: a plan its
    date (and the commitment as the reason), a forwarding the body it went to, a duplicate the
    original report (followed to its own original, never itself)."""
    report = ProblemReport.objects.select_for_update().get(pk=report.pk)
    forwarded_to = " ".join(forwarded_to.split())
    if status == ProblemStatus.PLANNED and planned_on is None:
        raise ValidationError({"planned_on": _("Give the date by which it will be done.")})
    if status == ProblemStatus.FORWARDED and not forwarded_to:
        raise ValidationError(
            {"forwarded_to": _("Name the body responsible for it, to which it was forwarded.")}
        )
    if status == ProblemStatus.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError({"duplicate_of": _("Give the number of the original report.")})
        # Read from the database: the caller's copy may predate the original's own move.
        original = ProblemReport.objects.get(pk=duplicate_of.pk)
        while original.duplicate_of is not None and original.duplicate_of_id != report.pk:
            original = original.duplicate_of
        duplicate_of = original
        if original.pk == report.pk or original.duplicate_of_id == report.pk:
            raise ValidationError({"duplicate_of": _("A report cannot be a duplicate of itself.")})
    cases.transition(report, PROBLEM_WORKFLOW, status, user=user, reason=reason)
    if status == ProblemStatus.REOPENED and report.appeal_id:
        _register_appeal(report)  # a repeated appeal (reports made before the register: not)
    report.status_reason = reason.strip()
    report.solved_at = timezone.now() if status == ProblemStatus.SOLVED else None
    report.planned_on = planned_on if status == ProblemStatus.PLANNED else None
    report.forwarded_to = forwarded_to if status == ProblemStatus.FORWARDED else ""
    report.duplicate_of = duplicate_of if status == ProblemStatus.DUPLICATE else None
    report.save(
        update_fields=[
            "status_reason",
            "solved_at",
            "planned_on",
            "forwarded_to",
            "duplicate_of",
            "appeal",
        ]
    )
    text = _("Your report “%(address)s” is now: %(status)s.\n%(reason)s") % {
        "address": report.address,
        "status": report.status_label(),
        "reason": reason,
    } + closing_note(report)
    letter(
        report.reporter,
        _("Your problem report: %(status)s") % {"status": report.status_label()},
        text,
    )
    if status in CLOSING_STATUSES:
        _answer_appeal(report, text=text, user=user)
    return report


def _register_appeal(report: ProblemReport) -> None:
    """Register the report in the journal as an electronic appeal (Law 393/96-ВР, Art. 5) and
    take its term from there: the journal's clock is the report's. The resident's e-mail stays
    in their account (participation writes to them), so the journal does not write twice."""
    resident = report.reporter
    received = shared.today()
    document = journal.register_incoming(
        kind="citizen_appeal",
        subject=_("Problem report No. %(number)s: %(category)s, %(address)s")
        % {"number": report.pk, "category": report.category.name, "address": report.address},
        registered_on=received,
        correspondent=resident.full_name if resident else "",
        text=report.description,
        requester=journal.RequesterData(name=resident.full_name, consent_at=resident.consent_at)
        if resident
        else None,
        source=Source.PROBLEM,
        department=report.responsible,
        notes=_("Routed to: %(body)s") % {"body": report.responsible},
    )
    report.appeal = document
    report.due_date = document.due_date
    report.save(update_fields=["appeal", "due_date"])
    report.appeals.add(document)


def _answer_appeal(report: ProblemReport, *, text: str, user: Actor | None) -> None:
    """A closing state is the appeal's answer: forwarded to the responsible body (Law
    393/96-ВР, Art. 7 part 3) or answered with the same letter the reporter got."""
    document = report.appeal
    if document is None:
        return
    document = Document.objects.get(pk=document.pk)
    if not document.is_open:
        return  # staff answered it in the journal already
    if report.status == ProblemStatus.FORWARDED:
        journal.forward(
            document=document,
            to=report.forwarded_to,
            ground=ForwardGround.APPEAL,
            letter=text,
            user=user,
        )
    else:
        journal.answer(document=document, letter=text, user=user)


def closing_note(report: ProblemReport) -> str:
    """What a closing state adds to the reporter's letter (the public page shows the same)."""
    if report.status == ProblemStatus.PLANNED and report.planned_on:
        return "\n" + _("Planned to be done by %(date)s.") % {
            "date": report.planned_on.strftime("%d.%m.%Y")
        }
    if report.status == ProblemStatus.FORWARDED:
        return "\n" + _("Forwarded to: %(body)s.") % {"body": report.forwarded_to}
    if report.status == ProblemStatus.DUPLICATE and report.duplicate_of_id:
        return "\n" + _("The same problem is followed in report No. %(number)s.") % {
            "number": report.duplicate_of_id
        }
    return ""


@transaction.atomic
def moderate_problem(
    *, report: ProblemReport, publish: bool, reason: str = "", user: Actor | None
) -> ProblemReport:
    """A moderator publishes a report's text or refuses to (the reason required and sent to the
    reporter). A refused or hidden report may be published later; the case itself (its clock,
    its answer) runs on either way: an appeal is considered even when its text stays private."""
    report = ProblemReport.objects.select_for_update().get(pk=report.pk)
    reason = reason.strip()
    if not publish and not reason:
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    if publish and report.moderation == Moderation.PUBLISHED:
        raise ValidationError(_("The report is already published."))
    if not publish and report.moderation != Moderation.PENDING:
        raise ValidationError(_("Only a report awaiting moderation can be refused."))
    return _set_moderation(
        report,
        Moderation.PUBLISHED if publish else Moderation.REFUSED,
        reason=reason,
        user=user,
        action="participation.moderated",
    )


@transaction.atomic
def hide_problem(*, report: ProblemReport, reason: str, user: Actor | None) -> ProblemReport:
    """Staff take a published report off the public pages (its photos too), with a reason the
    reporter reads in a letter and on the report's page."""
    report = ProblemReport.objects.select_for_update().get(pk=report.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this decision.")})
    if report.moderation != Moderation.PUBLISHED:
        raise ValidationError(_("Only a published report can be hidden."))
    return _set_moderation(
        report, Moderation.HIDDEN, reason=reason, user=user, action="participation.hidden"
    )


def _set_moderation(
    report: ProblemReport, moderation: str, *, reason: str, user: Actor | None, action: str
) -> ProblemReport:
    before = audit.snapshot(report)
    report.moderation = moderation
    report.moderation_reason = reason
    report.moderated_at = timezone.now()
    report.save(update_fields=["moderation", "moderation_reason", "moderated_at"])
    audit.record(report, action, user=user, before=before, data={"reason": reason})
    subject, body = {
        Moderation.PUBLISHED: (
            _("Your problem report is published"),
            _("A moderator has read your report “%(address)s” and published it."),
        ),
        Moderation.REFUSED: (
            _("Your problem report is not published"),
            _(
                "A moderator has read your report “%(address)s” and did not publish it: "
                "%(reason)s\nThe report is still registered and will be answered; only its "
                "text is not shown to the public."
            ),
        ),
        Moderation.HIDDEN: (
            _("Your problem report is hidden"),
            _(
                "Your report “%(address)s” is no longer shown to the public: %(reason)s\n"
                "It is still registered and will be answered."
            ),
        ),
    }[Moderation(moderation)]
    letter(report.reporter, subject, body % {"address": report.address, "reason": reason})
    return report


def reopen_problem(*, report: ProblemReport, resident: Resident, reason: str) -> ProblemReport:
    require(resident, "problem.reopen")
    if report.reporter_id != resident.pk:
        raise ValidationError(_("Only the reporter can reopen a report."))
    return change_problem_status(
        report=report, status=ProblemStatus.REOPENED, user=resident.user, reason=reason
    )


# --- Consultations on drafts -------------------------------------------------------------


def send_problem_reminders(*, today: dt.date | None = None, days: int = 3) -> int:
    """E-mail each responsible department (its category's e-mail) and each assignee one list
    of the open problem reports due within ``days`` or overdue; a report is in at most one
    reminder a day. Returns the number of letters."""
    today = today or shared.today()
    due = (
        cases.overdue_or_due_soon(
            ProblemReport.objects.select_related("category", "assignee"),
            PROBLEM_WORKFLOW,
            today=today,
            days=days,
        )
        .exclude(reminded_on=today)
        .order_by("due_date", "pk")
    )
    letters: dict[str, list[ProblemReport]] = {}
    for report in due:
        for address in {report.category.responsible_email, getattr(report.assignee, "email", "")}:
            if address:
                letters.setdefault(address.lower(), []).append(report)
    if not letters:
        return 0
    link = _problem_link()
    for address, reports in sorted(letters.items()):
        lines = []
        for report in reports:
            assert report.due_date is not None
            line = (
                _("— OVERDUE, was due %(date)s · %(category)s · %(address)s · %(status)s")
                if report.due_date < today
                else _("— due %(date)s · %(category)s · %(address)s · %(status)s")
            )
            lines.append(
                line
                % {
                    "date": report.due_date.strftime("%d.%m.%Y"),
                    "category": report.category.name,
                    "address": report.address,
                    "status": report.status_label(),
                }
            )
            if link:
                lines.append(f"  {link(report.pk)}")
        with transaction.atomic():
            cases.notify(
                subject=_("Problem reports to answer: %(count)s") % {"count": len(reports)},
                body=_(
                    "These problem reports of residents are due within %(days)s days or "
                    "overdue. A report is an appeal: it is answered within one month "
                    "(Law 393/96-ВР, Art. 20). Change its status in the admin (Participation "
                    "→ Problem reports); the resident is told at once."
                )
                % {"days": days}
                + "\n\n"
                + "\n".join(lines)
                + "\n",
                to=[address],
            )
    ProblemReport.objects.filter(pk__in=due.values("pk")).update(reminded_on=today)
    return len(letters)


def _problem_link() -> Callable[[int], str] | None:
    """report pk → the public address of its page, or None without a problems page."""
    # The page type sits above the services (pages.py hands requests to views); it is looked up
    # in the app registry, not imported, so nothing here imports upward.
    page = apps.get_model("participation", "ProblemsPage").objects.live().first()
    url = page.get_url() if page is not None else None
    if not url:
        return None
    assert page is not None
    base = "" if url.startswith("http") else settings.BASE_URL.rstrip("/")
    return lambda pk: f"{base}{url}{page.reverse_subpage('detail', args=[pk])}"
