"""The case engine through its services: deadlines from the legal calendar, transitions,
refusals and forwarding with their legal grounds, letters to the requester, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from hromada.correspondence import services, workflow
from hromada.correspondence.models import Document
from hromada.correspondence.services import RequesterData
from hromada.correspondence.workflow import Kind, RefusalGround, Status, Urgency

pytestmark = pytest.mark.django_db

PERSON = RequesterData(name="Петренко Ольга Іванівна", email="olha@example.org")


def request(day: dt.date, **fields: Any) -> Document:
    return services.register_incoming(
        kind=fields.pop("kind", Kind.PUBLIC_INFO_REQUEST),
        subject="Кошторис на ремонт доріг",
        registered_on=day,
        requester=fields.pop("requester", PERSON),
        **fields,
    )


def log_actions(document: Document) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(
            object_id=str(document.pk), content_type=ContentType.objects.get_for_model(Document)
        )
        .order_by("timestamp", "id")
        .values_list("action", flat=True)
    )


def test_request_due_on_the_fifth_working_day_skipping_the_8_march_day_off() -> None:
    # docs/architecture.md, legal conventions: received Monday 2 March 2020, due Tuesday
    # 10 March (9 March was a day off).
    assert request(dt.date(2020, 3, 2)).due_date == dt.date(2020, 3, 10)


def test_request_over_the_new_year_holidays() -> None:
    # Received 30.12.2019. 31 December (moved day off), 1 January, 6 January (moved) and
    # 7 January are days off: the working days are 2, 3, 8, 9 and 10 January.
    assert request(dt.date(2019, 12, 30)).due_date == dt.date(2020, 1, 10)


def test_martial_law_years_count_holidays_as_working_days() -> None:
    # 2023: 8 March is a working day under martial law; received Mon 6 March → Mon 13 March.
    assert request(dt.date(2023, 3, 6)).due_date == dt.date(2023, 3, 13)


def test_urgent_request_has_48_hours() -> None:
    document = request(dt.date(2020, 3, 2), urgency=Urgency.URGENT)
    assert document.due_date == dt.date(2020, 3, 4)


def test_appeal_one_month_moved_off_a_weekend_and_15_days_without_study() -> None:
    appeal = request(dt.date(2020, 2, 7), kind=Kind.CITIZEN_APPEAL)
    # 7 March 2020 is a Saturday, 8 March a Sunday, 9 March the day off for it.
    assert appeal.due_date == dt.date(2020, 3, 10)
    quick = request(dt.date(2020, 6, 1), kind=Kind.CITIZEN_APPEAL, urgency=Urgency.NO_STUDY)
    assert quick.due_date == dt.date(2020, 6, 16)


def test_an_urgency_that_does_not_fit_the_kind_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        request(dt.date(2020, 3, 2), urgency=Urgency.NO_STUDY)
    assert "urgency" in error.value.message_dict
    assert not Document.objects.filter(registered_on=dt.date(2020, 3, 2), source="manual").exists()


def test_letters_have_no_statutory_term() -> None:
    letter = services.register_incoming(
        kind=Kind.LETTER, subject="Лист", registered_on=dt.date(2024, 5, 2)
    )
    assert letter.due_date is None


def test_anonymous_appeal_is_not_registered() -> None:
    with pytest.raises(ValidationError) as error:
        request(dt.date(2024, 5, 2), kind=Kind.CITIZEN_APPEAL, requester=None)
    assert "requester" in error.value.message_dict


def test_public_info_extension_20_working_days_with_notice_in_5(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        document = request(dt.date(2020, 3, 2))
        services.extend(
            document=document, reason="Великий обсяг інформації", extended_on=dt.date(2020, 3, 5)
        )
    document.refresh_from_db()
    assert document.status == Status.EXTENDED
    assert document.initial_due_date == dt.date(2020, 3, 10)
    # 20 working days after 2 March 2020, 9 March being a day off.
    assert document.due_date == dt.date(2020, 3, 31)
    assert document.extension_notice_due == dt.date(2020, 3, 10)
    assert [m.to for m in mail.outbox] == [["olha@example.org"]]
    assert "31.03.2020" in mail.outbox[-1].body


def test_appeal_extension_capped_at_45_days() -> None:
    appeal = request(dt.date(2024, 1, 10), kind=Kind.CITIZEN_APPEAL)
    with pytest.raises(ValidationError) as error:
        services.extend(
            document=appeal,
            reason="Додаткова перевірка",
            new_due=dt.date(2024, 2, 27),
            extended_on=dt.date(2024, 1, 20),
        )
    assert "new_due" in error.value.message_dict
    appeal.refresh_from_db()
    assert appeal.status == Status.REGISTERED
    services.extend(document=appeal, reason="Додаткова перевірка", extended_on=dt.date(2024, 1, 20))
    assert appeal.due_date == dt.date(2024, 2, 26)  # 24 February is a Saturday → Monday 26th


def test_letters_cannot_be_extended() -> None:
    letter = services.register_incoming(
        kind=Kind.LETTER, subject="Лист", registered_on=dt.date(2024, 5, 2)
    )
    with pytest.raises(ValidationError):
        services.extend(document=letter, reason="x")


def test_full_case_answered_and_closed_is_audited(
    specialist: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        document = request(dt.date(2024, 5, 2), tracking=True)
        services.assign(document=document, assignee=specialist, user=specialist)
        assert document.status == Status.IN_PROGRESS
        services.answer(
            document=document, answered_on=dt.date(2024, 5, 6), letter="Надаємо кошторис."
        )
        services.close(document=document, closed_on=dt.date(2024, 5, 7))
    document.refresh_from_db()
    assert document.status == Status.CLOSED
    assert document.answer is not None and document.answer.direction == "outgoing"
    assert document.answered_on == dt.date(2024, 5, 6)
    assert log_actions(document) == [
        "wagtail.create",
        "correspondence.assign",
        "correspondence.answer",
        "correspondence.close",
    ]
    assert any("Надаємо кошторис." in m.body for m in mail.outbox)
    assert any(m.to == ["specialist@example.org"] for m in mail.outbox)


def test_transitions_not_in_the_table_are_refused() -> None:
    document = request(dt.date(2024, 5, 2))
    services.answer(document=document, answered_on=dt.date(2024, 5, 3))
    with pytest.raises(workflow.TransitionError):
        services.refuse(document=document, ground=RefusalGround.NOT_HELD)
    with pytest.raises(workflow.TransitionError):
        services.extend(document=document, reason="x")
    services.close(document=document)
    with pytest.raises(workflow.TransitionError):
        services.answer(document=document)
    document.refresh_from_db()
    assert document.status == Status.CLOSED


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (Status.REGISTERED, Status.ANSWERED, True),
        (Status.EXTENDED, Status.EXTENDED, False),
        (Status.ANSWERED, Status.IN_PROGRESS, False),
        (Status.REFUSED, Status.CLOSED, True),
        (Status.CLOSED, Status.REGISTERED, False),
    ],
)
def test_transition_table(current: str, target: str, allowed: bool) -> None:
    assert workflow.can_transition(current, target) is allowed


def test_refusal_records_the_art_22_ground_and_sends_the_letter(
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = request(dt.date(2024, 5, 2))
    with pytest.raises(ValidationError):
        services.refuse(document=document, ground=RefusalGround.APPEAL_ANONYMOUS)
    with pytest.raises(ValidationError):
        services.refuse(document=document, ground="made_up")
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse(document=document, ground=RefusalGround.NOT_HELD, letter="Не володіємо.")
    document.refresh_from_db()
    assert document.status == Status.REFUSED
    assert document.refusal_ground == "art22_1_1"
    assert mail.outbox[-1].to == ["olha@example.org"]
    assert "22" in mail.outbox[-1].body


def test_forwarding_names_the_body_and_tells_the_requester(
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = request(dt.date(2024, 5, 2))
    with django_capture_on_commit_callbacks(execute=True):
        services.forward(document=document, to="Луганська ОДА", ground="art22_3")
    assert document.status == Status.FORWARDED
    assert "Луганська ОДА" in mail.outbox[-1].body


def test_a_failed_transition_sends_nothing(django_capture_on_commit_callbacks: Any) -> None:
    document = request(dt.date(2024, 5, 2))
    services.close(document=document)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.TransitionError):
        services.refuse(document=document, ground=RefusalGround.NOT_HELD)
    assert mail.outbox == []


def test_a_request_cannot_be_extended_after_the_notice_was_due() -> None:
    document = request(dt.date(2020, 3, 2))  # notice due with the first term, 10 March 2020
    with pytest.raises(ValidationError) as error:
        services.extend(document=document, reason="Обсяг", extended_on=dt.date(2020, 3, 11))
    assert "10.03.2020" in str(error.value)
    document.refresh_from_db()
    assert document.status == Status.REGISTERED


def test_an_appeal_cannot_be_extended_after_its_term_ran_out() -> None:
    appeal = request(dt.date(2024, 1, 10), kind=Kind.CITIZEN_APPEAL)  # due 12 February 2024
    with pytest.raises(ValidationError):
        services.extend(document=appeal, reason="Пізно", extended_on=dt.date(2024, 2, 13))


def test_every_change_of_status_is_stamped_and_a_decided_case_keeps_its_term(
    specialist: Any,
) -> None:
    document = request(dt.date(2024, 5, 2))
    registered_at = document.status_changed_at
    assert registered_at is not None
    services.set_long_term_control(document=document, on=True)
    assert document.status_changed_at == registered_at  # not a change of status
    services.assign(document=document, assignee=specialist)
    assigned_at = document.status_changed_at
    assert assigned_at > registered_at
    services.answer(document=document, answered_on=dt.date(2024, 5, 6))
    document.refresh_from_db()
    assert document.status_changed_at > assigned_at
    assert document.due_date == dt.date(2024, 5, 9)  # kept: answered on time, by 9 May


def test_a_status_change_is_logged_with_the_move_and_the_fields_it_set() -> None:
    document = request(dt.date(2024, 5, 2))
    services.refuse(document=document, ground=RefusalGround.NOT_HELD, letter="Не володіємо.")
    entry = ModelLogEntry.objects.for_instance(document).get(action="correspondence.refuse")
    assert (entry.data["workflow"], entry.data["from"], entry.data["to"]) == (
        "correspondence",
        "registered",
        "refused",
    )
    changes = entry.data["changes"]
    assert changes["refusal_ground"]["after"] == "art22_1_1"
    assert changes["decision_text"]["after"] == "Не володіємо."
    assert "status_changed_at" in changes
