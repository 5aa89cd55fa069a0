"""The public calendar (month grid, event pages, iCal feed, per-event .ics), the admin
calendar, planning from an observance and publishing an announcement from the admin."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hromada.activities import services
from hromada.activities.models import CityCalendarPage, Event, Observance
from hromada.core import datasets

pytestmark = pytest.mark.django_db
D = dt.date


def calendar_page() -> CityCalendarPage:
    return CityCalendarPage.objects.live().get()


def parse(body: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    for component in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert required in component, required
    return calendar


def test_month_grid_shows_public_events_and_memorable_dates(client: Client) -> None:
    page = calendar_page()
    response = client.get(page.month_url(2020, 1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Урочистий захід до Дня Соборності України" in html
    assert "день пам&#x27;яті жертв Голокосту" in html  # an observance
    assert "<caption>" in html and 'scope="col"' in html
    assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("suffix", ["2020/13/", "1200/1/"])
def test_impossible_months_are_not_found(client: Client, suffix: str) -> None:
    assert client.get(calendar_page().url + suffix).status_code == 404


def test_event_page_and_its_ics(client: Client) -> None:
    page = calendar_page()
    event = Event.objects.get(start_date=D(2020, 9, 1), end_date=D(2020, 9, 2))
    response = client.get(page.event_url(event))
    assert response.status_code == 200
    assert "01.09.2020–02.09.2020" in response.content.decode()
    response = client.get(page.event_ics_url(event))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = parse(response.content).walk("VEVENT")
    assert vevent.decoded("DTSTART") == D(2020, 9, 1)
    assert vevent.decoded("DTEND") == D(2020, 9, 3)  # exclusive end of an all-day event
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["URL"]).endswith(page.event_url(event))


def test_unpublished_event_is_not_found_anywhere(client: Client) -> None:
    page = calendar_page()
    hidden = Event.objects.filter(is_public=False).first()
    assert hidden is not None
    assert client.get(page.event_url(hidden)).status_code == 404
    assert client.get(page.event_ics_url(hidden)).status_code == 404
    assert client.get(page.url + "events/999999999/ical/").status_code == 404


def test_feed_parses_and_holds_only_public_events(client: Client) -> None:
    page = calendar_page()
    event = services.create_event(
        kind="organized",
        title="Толока в парку",
        start_date=timezone.localdate() + dt.timedelta(days=3),
        start_time=dt.time(9, 30),
        place="Парк",
        is_public=True,
    )
    services.create_event(
        kind="meeting",
        title="Закрита нарада",
        start_date=timezone.localdate() + dt.timedelta(days=3),
        place="Каб. 1",
    )
    response = client.get(page.url + "ical/")
    assert response.status_code == 200
    events = {str(e["SUMMARY"]): e for e in parse(response.content).walk("VEVENT")}
    assert "Толока в парку" in events and "Закрита нарада" not in events
    start = events["Толока в парку"].decoded("DTSTART")
    assert start.hour == 9 and start.minute == 30 and start.tzinfo is not None
    assert str(events["Толока в парку"]["UID"]) == f"event-{event.pk}@testserver"


def test_events_calendar_is_a_live_dataset() -> None:
    dataset = datasets.get("events-calendar")
    rows = list(dataset.rows())
    assert {c.name for c in dataset.columns} >= {"title", "start_date", "place", "organizers"}
    assert any(r["title"] == "Урочистий захід до Дня Соборності України" for r in rows)
    assert all(Event.objects.get(pk=r["id"]).is_public for r in rows)


def test_admin_calendar_plan_and_publish(admin_client: Client) -> None:
    response = admin_client.get(reverse("activities_calendar:index") + "?year=2020&month=8")
    assert response.status_code == 200
    assert "Урочистий мітинг та церемонія підняття Державного Прапора України" in (
        response.content.decode()
    )
    assert admin_client.get(reverse("activities_calendar:index") + "?month=13").status_code == 404
    observance = Observance.objects.get(key="dignity-freedom")
    year = timezone.localdate().year + 1
    url = reverse("activities_plan_observance", args=[observance.pk, year])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    event = Event.objects.get(observance=observance, start_date=D(year, 11, 21))
    assert response.status_code == 302
    assert response["Location"] == reverse("activities_events:edit", args=[event.pk])
    assert admin_client.get(response["Location"]).status_code == 200
    publish = reverse("activities_publish_event", args=[event.pk])
    assert admin_client.get(publish).status_code == 200
    admin_client.post(publish)
    event.refresh_from_db()
    assert event.announcement is not None and event.announcement.live and event.is_public


def test_admin_listings_and_exports(admin_client: Client) -> None:
    for name in (
        "activities_events",
        "activities_civic_actions",
        "activities_texts",
        "activities_contracts",
        "activities_coverage_requests",
        "activities_subscriptions",
        "activities_commissions",
        "activities_social_accounts",
        "activities_followers",
        "activities_observances",
        "activities_records",
    ):
        assert admin_client.get(reverse(f"{name}:index")).status_code == 200, name
        assert admin_client.get(reverse(f"{name}:add")).status_code == 200, name
    response = admin_client.get(reverse("activities_events:index") + "?export=csv&kind=training")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.count("\n") == 12  # the header and the 11 trainings of 2020
    xlsx = admin_client.get(reverse("activities_records:index") + "?export=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_public_users_cannot_reach_admin_views(client: Client) -> None:
    response = client.get(reverse("activities_calendar:index"))
    assert response.status_code == 302  # to the login page


def test_admin_event_form_refuses_bad_dates(admin_client: Client) -> None:
    before = Event.objects.count()
    form = {
        "kind": "organized",
        "title": "Захід з помилкою",
        "start_date": "2099-05-09",
        "end_date": "",
        "place": "Площа",
        "office_role": "organizer",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(reverse("activities_events:add"), form)
    assert response.status_code == 200
    assert "2099" in response.content.decode()
    form.update(start_date="2021-05-09", end_date="2021-05-08")
    response = admin_client.post(reverse("activities_events:add"), form)
    assert response.status_code == 200
    assert Event.objects.count() == before
    form.update(end_date="2021-05-10")
    response = admin_client.post(reverse("activities_events:add"), form)
    assert response.status_code == 302
    event = Event.objects.get(title="Захід з помилкою")
    assert event.created_by is not None and event.end_date == D(2021, 5, 10)
    edit = admin_client.get(reverse("activities_events:edit", args=[event.pk])).content.decode()
    assert reverse("activities_publish_event", args=[event.pk]) in edit


def test_the_admin_form_and_the_service_record_the_same_event(admin_client: Client) -> None:
    from django.contrib.auth import get_user_model
    from wagtail.models import ModelLogEntry

    admin = get_user_model().objects.get(username="admin")
    form = {
        "kind": "organized",
        "title": "  Толока   у сквері ",
        "start_date": "2021-04-17",
        "end_date": "2021-04-17",
        "place": "Сквер",
        "office_role": "",  # "by kind": the service's default
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    assert admin_client.post(reverse("activities_events:add"), form).status_code == 302
    by_admin = Event.objects.get(title="Толока у сквері", place="Сквер")
    by_service = services.create_event(
        kind="organized",
        title="  Толока   у сквері ",
        start_date=D(2021, 4, 17),
        end_date=D(2021, 4, 17),
        place="Сквер 2",
        user=admin,
    )
    ignored = {"id", "place", "created_at", "updated_at"}
    fields = [f.attname for f in Event._meta.concrete_fields if f.attname not in ignored]
    assert {f: getattr(by_admin, f) for f in fields} == {f: getattr(by_service, f) for f in fields}
    assert by_admin.office_role == "organizer" and by_admin.end_date is None
    assert by_admin.created_by == admin
    entries = ModelLogEntry.objects.for_instance(by_admin)
    assert entries.filter(action="wagtail.create").count() == 1
    # an edit goes through the update service: same rules, one audited entry with the change
    form.update(title="Толока  у парку", office_role="speaker")
    url = reverse("activities_events:edit", args=[by_admin.pk])
    assert admin_client.post(url, form).status_code == 302
    by_admin.refresh_from_db()
    assert (by_admin.title, by_admin.office_role) == ("Толока у парку", "speaker")
    edit = ModelLogEntry.objects.for_instance(by_admin).get(action="wagtail.edit")
    assert edit.data["changes"]["title"]["after"] == "Толока у парку"


def test_short_subscription_address_leads_to_the_feed(client: Client) -> None:
    response = client.get("/calendar.ics", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parse(response.content)


def test_the_admin_records_sessions_through_the_service(admin_client: Client) -> None:
    """Sessions typed in the event form reach `create_event`, which checks them: one outside
    the event's dates is shown on the form and nothing is saved."""
    form = {
        "kind": "training",
        "title": "Тренінг у два етапи",
        "start_date": "2021-07-22",
        "end_date": "2021-07-28",
        "place": "Бібліотека",
        "office_role": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-start_date": "2021-07-22",
        "sessions-0-end_date": "2021-07-23",
        "sessions-1-start_date": "2021-07-27",
        "sessions-1-end_date": "2021-07-29",
    }
    refused = admin_client.post(reverse("activities_events:add"), form)
    assert refused.status_code == 200
    assert not Event.objects.filter(title="Тренінг у два етапи").exists()

    form["sessions-1-end_date"] = "2021-07-28"
    assert admin_client.post(reverse("activities_events:add"), form).status_code == 302
    event = Event.objects.get(title="Тренінг у два етапи")
    assert event.session_dates == (
        (D(2021, 7, 22), D(2021, 7, 23)),
        (D(2021, 7, 27), D(2021, 7, 28)),
    )
