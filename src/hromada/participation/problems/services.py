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
from hromada.participation.problems.models import (
    PROBLEM_WORKFLOW,
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
    for report in ProblemReport.objects.filter(
        category=category, status__in=PROBLEM_WORKFLOW.open_statuses
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
) -> ProblemReport:
    """A new report, routed to the category's department; photos are validated by content
    and re-encoded. A bad photo refuses the whole report (nothing half-written)."""
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
    *, report: ProblemReport, status: str, user: Actor | None, reason: str = ""
) -> ProblemReport:
    report = ProblemReport.objects.select_for_update().get(pk=report.pk)
    cases.transition(report, PROBLEM_WORKFLOW, status, user=user, reason=reason)
    report.status_reason = reason.strip()
    report.solved_at = timezone.now() if status == ProblemStatus.SOLVED else None
    report.save(update_fields=["status_reason", "solved_at"])
    letter(
        report.reporter,
        _("Your problem report: %(status)s") % {"status": report.status_label()},
        _("Your report “%(address)s” is now: %(status)s.\n%(reason)s")
        % {"address": report.address, "status": report.status_label(), "reason": reason},
    )
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
