"""Services: validation, atomicity, audit, announcements, templates, coverage, social figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from hromada.activities import selectors, services
from hromada.activities.models import (
    Activity,
    CoverageContract,
    Event,
    EventAttachment,
    Observance,
    SocialAccount,
    Text,
)
from hromada.monitoring.models import Outlet
from hromada.portal.models import EventPage

pytestmark = pytest.mark.django_db
D = dt.date


def test_record_activity_is_idempotent_by_source_ref(admin_user) -> None:  # type: ignore[no-untyped-def]
    first = services.record_activity(
        kind="weekly_note",
        date=D(2021, 3, 5),
        title="Довідка № 9",
        user=admin_user,
        source="monitoring",
        source_ref="monitoring.note:9",
    )
    again = services.record_activity(
        kind="weekly_note",
        date=D(2021, 3, 5),
        title="Довідка № 9 (уточнено)",
        details="x",
        source="monitoring",
        source_ref="monitoring.note:9",
    )
    assert again.pk == first.pk
    assert Activity.objects.get(pk=first.pk).title == "Довідка № 9 (уточнено)"
    assert ModelLogEntry.objects.filter(object_id=str(first.pk), action="wagtail.create").exists()
    assert services.withdraw_activity(source_ref="monitoring.note:9")
    assert selectors.count_activities("weekly_note", D(2021, 1, 1), D(2021, 12, 31)) == 0


@pytest.mark.parametrize(
    ("kind", "day", "field"),
    [("unknown", D(2020, 1, 1), "kind"), ("speech", D(2099, 1, 1), "date")],
)
def test_record_activity_refuses_bad_input(kind: str, day: dt.date, field: str) -> None:
    before = Activity.objects.count()
    with pytest.raises(ValidationError) as error:
        services.record_activity(kind=kind, date=day, title="X")
    assert field in error.value.message_dict
    assert Activity.objects.count() == before


def test_event_ending_before_it_starts_is_refused_and_nothing_saved() -> None:
    before = Event.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_event(
            kind="organized",
            title="X",
            start_date=D(2021, 5, 9),
            end_date=D(2021, 5, 8),
            place="Площа",
        )
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_event(kind="attended", title="X", start_date=D(2099, 5, 9), place="П")
    assert "2099" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.create_event(kind="attended", title="X", start_date=D(2021, 5, 9))
    assert "place" in error.value.message_dict
    assert Event.objects.count() == before


def test_disguised_attachment_is_refused() -> None:
    event = services.create_event(
        kind="meeting", title="Нарада", start_date=D(2021, 2, 2), place="Каб. 5"
    )
    attachment = EventAttachment(
        event=event,
        title="Протокол",
        file=SimpleUploadedFile("protocol.pdf", b"MZ\x90\x00" + b"\x00" * 64),
    )
    with pytest.raises(ValidationError) as error:
        attachment.full_clean()
    assert error.value.error_dict["file"][0].code == "executable"
    good = EventAttachment(
        event=event,
        title="Протокол",
        file=SimpleUploadedFile("protocol.txt", "Протокол наради".encode()),
    )
    good.full_clean()


def test_publish_as_announcement_in_one_step_and_again(admin_user) -> None:  # type: ignore[no-untyped-def]
    observance = Observance.objects.get(key="flag-day")
    year = dt.date.today().year + 1
    event = services.plan_event_for_observance(observance=observance, year=year, user=admin_user)
    assert event.kind == "organized" and event.start_date == D(year, 8, 23)
    assert services.plan_event_for_observance(observance=observance, year=year).pk == event.pk
    page = services.publish_announcement(event=event, user=admin_user)
    assert page.live and isinstance(page, EventPage)
    assert page.get_parent().specific_class.__name__ == "EventIndexPage"
    event.refresh_from_db()
    assert event.is_public and event.announcement_id == page.pk
    services.update_event(event=event, title="День Прапора: урочистості", user=admin_user)
    again = services.publish_announcement(event=event, user=admin_user)
    assert again.pk == page.pk
    assert EventPage.objects.get(pk=page.pk).title == "День Прапора: урочистості"


def test_only_organized_events_are_announced() -> None:
    event = services.create_event(kind="training", title="Т", start_date=D(2021, 2, 2), online=True)
    with pytest.raises(ValidationError):
        services.publish_announcement(event=event)


def test_text_from_template_and_publication(admin_user) -> None:  # type: ignore[no-untyped-def]
    template = Text.objects.filter(is_template=True, kind="greeting").first()
    assert template is not None
    outlet = Outlet.objects.get(name="Новий путь")
    greeting = services.text_from_template(template=template, date=D(2021, 8, 23), user=admin_user)
    assert greeting.body == template.body and greeting.template_id == template.pk
    services.add_publication(text=greeting, outlet=outlet, date=D(2021, 8, 24))
    assert selectors.count_activities("greeting", D(2021, 1, 1), D(2021, 12, 31)) == 1
    assert selectors.count_activities("greeting_published", D(2021, 1, 1), D(2021, 12, 31)) == 1
    with pytest.raises(ValidationError):
        services.add_publication(text=template, outlet=outlet, date=D(2021, 8, 24))
    with pytest.raises(ValidationError):
        services.text_from_template(template=greeting, date=D(2021, 8, 23))


def test_coverage_request_links_the_contract_in_force() -> None:
    outlet = Outlet.objects.get(name="ІРТА")
    request = services.create_coverage_request(
        date=D(2020, 6, 1), outlet=outlet, subject="Висвітлення сесії"
    )
    assert request.contract == CoverageContract.objects.get(outlet=outlet, date__year=2020)
    other = Outlet.objects.get(name="Новий путь")
    with pytest.raises(ValidationError):
        services.create_coverage_request(
            date=D(2020, 6, 1), outlet=other, subject="X", contract=request.contract
        )


def test_followers_by_hand_and_by_a_fetcher() -> None:
    account = SocialAccount.objects.get(platform="facebook")
    services.record_followers(account=account, date=D(2021, 6, 30), followers=900)
    services.record_followers(account=account, date=D(2021, 6, 30), followers=950)
    assert selectors.followers_on(D(2021, 12, 31)) == 950
    assert selectors.followers_on(D(2020, 12, 31)) == 816

    def broken(account: SocialAccount) -> int:
        raise RuntimeError("no network")

    services.register_fetcher("facebook", lambda account: 1000)
    services.register_fetcher("telegram", broken)
    SocialAccount.objects.create(platform="telegram", name="T", url="https://t.me/x.example")
    try:
        fetched = services.fetch_followers(today=D(2021, 7, 1))
    finally:
        services.unregister_fetcher("facebook")
        services.unregister_fetcher("telegram")
    assert fetched == {account.url: 1000}
    assert selectors.followers_on(D(2021, 7, 1)) == 1000


def test_selectors_for_the_report() -> None:
    trainings = list(selectors.trainings(D(2020, 1, 1), D(2020, 12, 31)))
    assert len(trainings) == 11
    lviv = next(t for t in trainings if "діалогу" in t.title)
    assert lviv.organizers == "ОБСЄ" and lviv.dates_display == "04.03.2020–06.03.2020"
    assert any("USAID" in t.organizers or "USAID" in t.partners for t in trainings)
    organized = selectors.events_organized(D(2020, 1, 1), D(2020, 12, 31))
    assert organized.count() == 18
    assert organized.first().start_date == D(2020, 1, 22)
    rows = selectors.commissions(D(2020, 1, 1), D(2020, 12, 31))
    assert len(rows) == 6
    assert all(row.members for row in rows)
    assert [a.date for a in selectors.civic_actions(D(2020, 1, 1), D(2020, 12, 31))] == [
        D(2020, 1, 14),
        D(2020, 7, 1),
    ]


def test_records_of_another_module_keep_their_identity() -> None:
    legacy = services.record_activity(kind="daily_note", date=D(2021, 4, 1), title="Довідка")
    adopted = services.record_activity(
        kind="daily_note",
        date=D(2021, 4, 1),
        title="Довідка",
        source="monitoring",
        source_ref="monitoring.note:1",
    )
    assert adopted.pk == legacy.pk  # the legacy record is the same note
    second = services.record_activity(
        kind="daily_note",
        date=D(2021, 4, 1),
        title="Довідка",
        source="monitoring",
        source_ref="monitoring.note:2",
    )
    assert second.pk != adopted.pk
    assert selectors.count_activities("daily_note", D(2021, 4, 1), D(2021, 4, 1)) == 2


def test_commission_links_its_establishing_act_from_the_register() -> None:
    from hromada.acts.models import Act
    from hromada.core import metrics
    from hromada.core.metrics import Period

    act = Act.objects.filter(status="adopted").order_by("pk").first()
    assert act is not None
    commission = services.create_commission(
        name="Робоча група з питань Smart City", act=act, establishing_act="(текст)"
    )
    services.add_membership(
        commission=commission, member_name="Іваненко І. І.", start_date=D(2031, 3, 4)
    )
    assert commission.establishing_act_text == str(act)
    report_list = next(r for r in metrics.all_lists() if r.key == "activities.commissions")
    item = next(i for i in report_list.compute(Period.year(2031)) if i.title == commission.name)
    assert str(act) in item.details
