"""One register of appeals: a problem report is an electronic appeal in the correspondence
journal, with its number, its clock, the journal's reminders and answer letter, linked both
ways, and counted once in the report."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.correspondence import selectors as journal_selectors
from hromada.correspondence.models import Document
from hromada.participation.models import ProblemReport
from hromada.participation.problems import services as problems_services

pytestmark = pytest.mark.django_db


def _report(resident: Any, category: Any, address: str) -> ProblemReport:
    return problems_services.report_problem(
        resident=resident, category=category, description="Не світить ліхтар", address=address
    )


def test_a_report_is_registered_in_the_journal_with_the_same_clock(
    resident: Any, category: Any, admin_user: Any
) -> None:
    report = _report(resident, category, "вул. Журнальна, 1")
    document = report.appeal
    assert document is not None and list(report.appeals.all()) == [document]
    assert (document.direction, document.kind, document.source) == (
        "incoming",
        "citizen_appeal",
        "problem",
    )
    assert document.reg_number and document.registered_on == timezone.localdate()
    assert document.due_date == report.due_date
    assert f"№ {report.pk}" in document.subject or f"No. {report.pk}" in document.subject
    # The requester is the resident by name; their e-mail stays in the account (no double mail).
    assert document.requester.name == resident.full_name and document.requester.email == ""
    # The journal's own reminders see it like any appeal.
    assert document.pk in {
        d.pk for d in journal_selectors.journal(kind="citizen_appeal", status="registered")
    }

    staff = Client()
    staff.force_login(admin_user)
    inspect = reverse("correspondence_journal:inspect", args=[document.pk])
    page = staff.get(inspect).content.decode()
    assert f"/admin/participation_problems/edit/{report.pk}/" in page


def test_closing_answers_the_appeal_and_reopening_registers_a_repeated_one(
    resident: Any, category: Any, admin_user: Any
) -> None:
    report = _report(resident, category, "вул. Журнальна, 2")
    first = report.appeal
    assert first is not None
    problems_services.change_problem_status(report=report, status="accepted", user=admin_user)
    problems_services.change_problem_status(report=report, status="solved", user=admin_user)
    first.refresh_from_db()
    assert first.status == "answered" and first.answered_on == timezone.localdate()
    assert first.answer is not None and first.answer.direction == "outgoing"
    assert "вул. Журнальна, 2" in first.answer.text  # the letter the reporter got

    reopened = problems_services.reopen_problem(
        report=report, resident=resident, reason="Знову не світить"
    )
    second = reopened.appeal
    assert second is not None and second.pk != first.pk and second.is_open
    assert reopened.due_date == second.due_date
    assert set(reopened.appeals.values_list("pk", flat=True)) == {first.pk, second.pk}
    problems_services.change_problem_status(
        report=reopened, status="forwarded", forwarded_to="АТ «Обленерго»", user=admin_user
    )
    second.refresh_from_db()
    assert (second.status, second.forwarded_to) == ("forwarded", "АТ «Обленерго»")


def test_the_report_counts_each_appeal_once(resident: Any, category: Any, admin_user: Any) -> None:
    today = timezone.localdate()
    period = Period(today, today)

    def value(key: str) -> int:
        return metrics.get(key).compute(period)

    keys = (
        "correspondence.incoming",
        "correspondence.incoming.citizen_appeal",
        "correspondence.incoming.from_participation",
        "participation.problems_reported",
    )
    before = {key: value(key) for key in keys}
    reports = [_report(resident, category, f"вул. Лічильна, {n}") for n in range(3)]
    after = {key: value(key) for key in keys}
    assert {key: after[key] - before[key] for key in keys} == dict.fromkeys(keys, 3)
    # One journal entry per report, never two.
    assert Document.objects.filter(
        pk__in=[r.appeal_id for r in reports], source="problem"
    ).count() == len(reports)


def test_a_failed_petition_becomes_an_appeal_at_its_authors_choice(
    client: Client,
    petitions_page: Any,
    petition: Any,
    resident: Any,
    make_resident: Any,
    admin_user: Any,
) -> None:
    from django.core.exceptions import ValidationError

    from hromada.participation.models import Petition
    from hromada.participation.petitions import services as petitions_services

    detail = f"{petitions_page.url}{petition.pk}/"
    client.force_login(resident.user)
    # Still collecting: not yet.
    assert client.post(detail, {"action": "appeal"}).status_code == 400
    assert Petition.objects.get(pk=petition.pk).appeal_id is None
    Petition.objects.filter(pk=petition.pk).update(status="archived")
    assert "Зареєструвати як моє звернення" in client.get(detail).content.decode()
    other = Client()
    other.force_login(make_resident().user)
    assert other.post(detail, {"action": "appeal"}).status_code == 403
    assert client.post(detail, {"action": "appeal"}).status_code == 302
    registered = Petition.objects.get(pk=petition.pk)
    document = registered.appeal
    assert document is not None
    assert (document.kind, document.source) == ("citizen_appeal", "petition")
    assert document.requester.name == resident.full_name and document.due_date
    with pytest.raises(ValidationError):  # once
        petitions_services.register_petition_as_appeal(petition=registered, resident=resident)
    staff = Client()
    staff.force_login(admin_user)
    page = staff.get(reverse("correspondence_journal:inspect", args=[document.pk])).content
    assert f"/admin/participation_petitions/edit/{petition.pk}/" in page.decode()
