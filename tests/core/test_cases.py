"""The case engine on its own: the workflow table's own checks, and what a transition does to
a real record (a correspondence journal entry here): the check, the reason, the clock, the due
date kept or cleared, the fields changed with the move, one audit entry, assignment,
reminders' selection, e-mail after the commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from hromada.core import cases, legal_calendar
from hromada.correspondence import services
from hromada.correspondence.models import Document
from hromada.correspondence.workflow import WORKFLOW, Kind, Status

STATUSES = {"new": "Нова", "open": "Розглядається", "done": "Вирішена", "dropped": "Знята"}


def table(**options: Any) -> cases.Workflow:
    return cases.Workflow(
        name="test",
        audit_prefix="correspondence",
        labels=STATUSES,
        transitions={
            "new": frozenset({"open", "dropped"}),
            "open": frozenset({"done", "dropped"}),
            "done": frozenset(),
            "dropped": frozenset(),
        },
        **options,
    )


def test_a_table_naming_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown statuses"):
        table(open_statuses=frozenset({"new", "waiting"}))


def test_an_assignment_move_must_be_in_the_table() -> None:
    with pytest.raises(ValueError, match="cannot become"):
        table(on_assign={"new": "done"})


def test_a_clock_must_be_a_legal_calendar_rule() -> None:
    with pytest.raises(KeyError, match="unknown deadline rule"):
        table(clocks={"open": "three_days_or_so"})


def test_allowed_moves_in_the_tables_order_and_the_refusal_names_both_statuses() -> None:
    workflow = table()
    assert workflow.allowed_next("new") == ["open", "dropped"]
    assert workflow.can("open", "done") and not workflow.can("done", "open")
    with (
        translation.override("en"),
        pytest.raises(cases.TransitionError, match="“Вирішена” cannot become “Розглядається”"),
    ):
        workflow.check("done", "open")


def test_a_clock_counts_from_the_legal_calendar() -> None:
    workflow = table(clocks={"open": "public_info_request"})
    received = dt.date(2020, 3, 2)
    assert workflow.due("open", received) == legal_calendar.due_date(
        "public_info_request", received
    )
    assert workflow.due("open", received) == dt.date(2020, 3, 10)
    assert workflow.due("new", received) is None


@pytest.fixture
def letter() -> Document:
    document = services.register_incoming(
        kind=Kind.LETTER, subject="Лист про ремонт", registered_on=dt.date(2024, 5, 2)
    )
    document.status = "new"  # the test table's statuses, never saved outside a transition
    return document


def log_entries(document: Document) -> Any:
    return ModelLogEntry.objects.for_instance(document).exclude(action="wagtail.create")


@pytest.mark.django_db
def test_a_transition_stamps_clocks_saves_and_audits_once(letter: Document) -> None:
    workflow = table(clocks={"open": "public_info_request"}, open_statuses=frozenset({"open"}))
    before = timezone.now()
    previous = cases.transition(
        letter,
        workflow,
        "open",
        today=dt.date(2020, 3, 2),
        changes={"notes": "Передано до відділу"},
        data={"source": "test"},
    )
    assert previous == "new"
    letter.refresh_from_db()
    assert letter.status == "open" and letter.status_changed_at >= before
    assert letter.due_date == dt.date(2020, 3, 10)
    entry = log_entries(letter).get()
    assert entry.action == "correspondence.status"
    assert entry.data["workflow"] == "test"
    assert (entry.data["from"], entry.data["to"], entry.data["source"]) == ("new", "open", "test")
    assert entry.data["changes"]["notes"] == {"before": "", "after": "Передано до відділу"}
    assert entry.data["changes"]["status"]["after"] == "open"


@pytest.mark.django_db
def test_leaving_the_open_statuses_clears_the_due_date_unless_the_table_keeps_it(
    letter: Document,
) -> None:
    letter.due_date = dt.date(2024, 5, 20)
    cases.transition(letter, table(open_statuses=frozenset({"new", "open"})), "open")
    assert letter.due_date == dt.date(2024, 5, 20)  # still open: untouched
    kept = table(open_statuses=frozenset({"new", "open"}), keeps_due_date=True)
    cases.transition(letter, kept, "done")
    assert letter.due_date == dt.date(2024, 5, 20)
    letter.status = "open"
    cases.transition(letter, table(open_statuses=frozenset({"open"})), "dropped")
    letter.refresh_from_db()
    assert letter.due_date is None


@pytest.mark.django_db
def test_an_explicit_term_wins_over_the_clock(letter: Document) -> None:
    workflow = table(clocks={"open": "public_info_request"})
    cases.transition(letter, workflow, "open", today=dt.date(2020, 3, 2), due=dt.date(2020, 3, 31))
    assert letter.due_date == dt.date(2020, 3, 31)


@pytest.mark.django_db
def test_a_move_that_needs_a_reason_is_refused_without_one(letter: Document) -> None:
    workflow = table(needs_reason=frozenset({"dropped"}))
    with translation.override("en"), pytest.raises(cases.TransitionError, match="reason"):
        cases.transition(letter, workflow, "dropped", reason="   ")
    with pytest.raises(cases.TransitionError):
        cases.transition(letter, workflow, "done")
    assert not log_entries(letter).exists()
    cases.transition(letter, workflow, "dropped", reason=" Дублікат ")
    assert log_entries(letter).get().data["reason"] == "Дублікат"


@pytest.mark.django_db
def test_assignment_moves_a_case_on_where_the_table_says(
    letter: Document, django_user_model: Any
) -> None:
    clerk = django_user_model.objects.create_user("clerk", email="clerk@example.org")
    workflow = table(open_statuses=frozenset({"new", "open"}), on_assign={"new": "open"})
    cases.assign(letter, workflow, assignee=clerk)
    assert (letter.status, letter.assignee) == ("open", clerk)
    cases.assign(letter, workflow, assignee=None)  # open, no move: only the assignee changes
    letter.refresh_from_db()
    assert letter.status == "open" and letter.assignee is None
    assert list(log_entries(letter).values_list("action", flat=True)) == [
        "correspondence.assign",
        "correspondence.assign",
    ]
    cases.transition(letter, workflow, "done")
    with translation.override("en"), pytest.raises(cases.TransitionError, match="open case"):
        cases.assign(letter, workflow, assignee=clerk)


@pytest.mark.django_db
def test_reminders_select_open_cases_due_soon_or_overdue() -> None:
    today = dt.date(2024, 5, 10)
    made = {}
    for name, due, status in [
        ("overdue", dt.date(2024, 5, 1), Status.IN_PROGRESS),
        ("soon", dt.date(2024, 5, 12), Status.REGISTERED),
        ("later", dt.date(2024, 5, 20), Status.REGISTERED),
        ("answered", dt.date(2024, 5, 11), Status.ANSWERED),
        ("no term", None, Status.REGISTERED),
    ]:
        document = services.register_incoming(
            kind=Kind.LETTER, subject=name, registered_on=dt.date(2024, 4, 30), due_date=due
        )
        Document.objects.filter(pk=document.pk).update(status=status)
        made[name] = document.pk
    found = cases.overdue_or_due_soon(
        Document.objects.filter(pk__in=made.values()), WORKFLOW, today=today, days=2
    )
    assert set(found.values_list("subject", flat=True)) == {"overdue", "soon"}


@pytest.mark.django_db
def test_notify_sends_after_the_commit_only(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cases.notify(subject="Тема", body="Текст", to=["", "resident@example.org"])
        cases.notify(subject="Нікому", body="Текст", to=[""])
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert [(m.subject, m.to) for m in mail.outbox] == [("Тема", ["resident@example.org"])]


def test_every_workflow_has_its_log_actions_once() -> None:
    from wagtail.log_actions import registry

    assert {"correspondence", "participation"} <= set(cases.audit_prefixes())
    for action in ("correspondence.status", "participation.status", "participation.assign"):
        assert registry.action_exists(action)
    actions = [action for action, _label in registry.get_choices()]
    assert len(actions) == len(set(actions))
