"""The journal admin: registering through the services, days left in words, filters, export,
the case actions, the deadlines dashboard, and personal data only for those allowed (logged)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from hromada.correspondence import admin_listing, services
from hromada.correspondence.models import Document
from hromada.correspondence.services import RequesterData
from hromada.correspondence.workflow import Kind, Status

pytestmark = pytest.mark.django_db

PERSON = RequesterData(
    name="Шевченко Марія", email="maria@example.org", postal_address="вул. Свободи, 3"
)


def case(**fields: Any) -> Document:
    return services.register_incoming(
        kind=fields.pop("kind", Kind.PUBLIC_INFO_REQUEST),
        subject=fields.pop("subject", "Запит про ремонт школи"),
        requester=PERSON,
        **fields,
    )


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def views_logged(document: Document) -> int:
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Document),
        object_id=str(document.pk),
        action="correspondence.view_personal_data",
    ).count()


def test_journal_lists_days_left_in_words(admin_user: Any) -> None:
    today = timezone.localdate()
    case(registered_on=today - dt.timedelta(days=30), subject="Прострочений запит")
    response = logged_in(admin_user).get(
        reverse("correspondence_journal:index"), {"deadline": "overdue"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Прострочений запит" in html
    assert "days-left--overdue" in html
    assert "⚠" in html  # a mark, not colour alone


def test_journal_filters_and_exports(admin_user: Any) -> None:
    client = logged_in(admin_user)
    index = reverse("correspondence_journal:index")
    # The period's fields are those the filter drawer's date range picker sends.
    response = client.get(
        index,
        {
            "kind": "internal",
            "direction": "outgoing",
            "registered_on_from": "2020-01-01",
            "registered_on_to": "2020-12-31",
        },
    )
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 171
    march = client.get(
        index,
        {
            "kind": "internal",
            "direction": "outgoing",
            "registered_on_from": "2020-03-01",
            "registered_on_to": "2020-03-31",
        },
    )
    in_march = Document.objects.filter(
        kind="internal", direction="outgoing", registered_on__range=("2020-03-01", "2020-03-31")
    ).count()
    assert 0 < in_march < 171
    assert march.context["page_obj"].paginator.count == in_march
    exported = client.get(
        index, {"export": "csv", "kind": "citizen_appeal", "direction": "incoming"}
    )
    assert exported.status_code == 200
    body = b"".join(exported.streaming_content).decode("utf-8-sig")
    assert body.count("\n") >= 10
    xlsx = client.get(index, {"export": "xlsx"})
    assert xlsx.status_code == 200


def test_journal_rows_match_the_headers_and_escape_what_staff_typed(admin_user: Any) -> None:
    today = timezone.localdate()
    document = case(registered_on=today, subject="<script>alert(1)</script> & ремонт")
    response = logged_in(admin_user).get(
        reverse("correspondence_journal:index"), {"registered_on_from": today.isoformat()}
    )
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; ремонт" in html
    table = html[html.index('<table class="listing journal-listing">') :]
    table = table[: table.index("</table>")]
    head, body = table.split("<tbody>")
    headers = head.count("</th>")
    rows = body.split("<tr>")[1:]
    assert rows and all(row.count("</td>") == headers for row in rows)
    edit = reverse("correspondence_journal:edit", args=[document.pk])
    inspect = reverse("correspondence_journal:inspect", args=[document.pk])
    assert f'<a href="{edit}">{document.reg_number}</a>' in html
    assert f'href="{inspect}"' in html
    assert today.strftime("%d.%m.%Y") in html
    assert document.due_date is not None
    left = (document.due_date - today).days
    assert f"{left} дн" in html  # "залишилося N днів/дні" in words


def test_staff_who_may_only_view_open_the_case_page(django_user_model: Any) -> None:
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="correspondence", codename="view_document"),
    )
    document = case(registered_on=timezone.localdate())
    html = logged_in(viewer).get(reverse("correspondence_journal:index")).content.decode()
    inspect = reverse("correspondence_journal:inspect", args=[document.pk])
    assert f'<a href="{inspect}">{document.reg_number}</a>' in html
    assert reverse("correspondence_journal:edit", args=[document.pk]) not in html


def test_a_broad_journal_counts_up_to_the_cap(
    admin_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(admin_listing, "COUNT_CAP", 100)
    client = logged_in(admin_user)
    response = client.get(reverse("correspondence_journal:index"), {"direction": "incoming"})
    assert Document.objects.filter(direction="incoming").count() > 100
    assert response.context["page_obj"].paginator.count == 100
    assert response.context["journal_count_capped"]
    assert "Понад 100 записів" in response.content.decode()
    narrow = client.get(
        reverse("correspondence_journal:index"),
        {"direction": "incoming", "kind": "public_info_request"},
    )
    assert not narrow.context["journal_count_capped"]
    assert (
        narrow.context["page_obj"].paginator.count
        == Document.objects.filter(direction="incoming", kind="public_info_request").count()
    )


def test_registering_in_the_admin_numbers_and_sets_the_due_date(admin_user: Any) -> None:
    response = logged_in(admin_user).post(
        reverse("correspondence_journal:add"),
        {
            "direction": "incoming",
            "kind": "citizen_appeal",
            "registered_on": "2024-05-02",
            "subject": "Про освітлення",
            "urgency": "normal",
            "requester_name": "Мельник Ірина",
            "requester_email": "iryna@example.org",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(subject="Про освітлення")
    assert document.reg_number
    assert document.due_date == dt.date(2024, 6, 3)  # 2 June 2024 is a Sunday
    assert document.requester.name == "Мельник Ірина"


def test_an_anonymous_appeal_cannot_be_registered_in_the_admin(admin_user: Any) -> None:
    response = logged_in(admin_user).post(
        reverse("correspondence_journal:add"),
        {
            "direction": "incoming",
            "kind": "citizen_appeal",
            "registered_on": "2024-05-02",
            "subject": "Анонімка",
            "urgency": "normal",
        },
    )
    assert response.status_code == 200
    assert not Document.objects.filter(subject="Анонімка").exists()


def test_personal_data_for_assignee_head_and_admin_only_and_each_view_logged(
    admin_user: Any, specialist: Any, colleague: Any, head: Any
) -> None:
    document = case(assignee=specialist)
    url = reverse("correspondence_journal:inspect", args=[document.pk])
    access = reverse("correspondence_journal:access", args=[document.pk])
    for user, purpose in ((specialist, "handling"), (head, "supervision"), (admin_user, "")):
        client = logged_in(user)
        client.post(access, {"purpose": purpose or "authority_request"})
        html = client.get(url).content.decode()
        assert "maria@example.org" in html
    assert views_logged(document) == 3
    html = logged_in(colleague).get(url).content.decode()
    assert "maria@example.org" not in html and "Шевченко" not in html
    assert views_logged(document) == 3


def test_the_case_actions_run_the_services(admin_user: Any, specialist: Any) -> None:
    document = case(registered_on=dt.date(2024, 5, 2))
    client = logged_in(admin_user)
    action = "correspondence_journal:action"
    response = client.post(
        reverse(action, args=[document.pk, "assign"]), {"assignee": specialist.pk}
    )
    assert response.status_code == 302
    response = client.post(
        reverse(action, args=[document.pk, "refuse"]), {"ground": "393_art8_1", "letter": "x"}
    )
    assert response.status_code == 200  # an appeal ground for a request: refused, shown
    response = client.post(
        reverse(action, args=[document.pk, "answer"]),
        {"answered_on": "2024-05-06", "letter": "Відповідь"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Status.ANSWERED and document.assignee == specialist
    inspect = client.get(reverse("correspondence_journal:inspect", args=[document.pk]))
    assert reverse(action, args=[document.pk, "close"]) in inspect.content.decode()
    assert reverse(action, args=[document.pk, "extend"]) not in inspect.content.decode()


def test_deadlines_dashboard(admin_user: Any) -> None:
    today = timezone.localdate()
    case(registered_on=today - dt.timedelta(days=40), subject="Давно прострочений")
    response = logged_in(admin_user).get(reverse("correspondence_deadlines:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Давно прострочений" in html
    assert '<td class="days-left days-left--overdue"><span class="days-left__mark"' in html
    assert "прострочено на" in html


def test_a_user_without_journal_rights_cannot_open_it(django_user_model: Any) -> None:
    outsider = django_user_model.objects.create_user("outsider", password="x", is_staff=True)
    response = logged_in(outsider).get(reverse("correspondence_deadlines:index"))
    assert response.status_code in (302, 403)


def test_editing_changes_only_descriptive_fields_and_is_audited(admin_user: Any) -> None:
    document = case(registered_on=dt.date(2024, 5, 2))
    response = logged_in(admin_user).post(
        reverse("correspondence_journal:edit", args=[document.pk]),
        {
            "correspondent": "",
            "subject": "Запит про ремонт школи № 5",
            "text": "",
            "notes": "Уточнено тему",
            "status": "closed",
            "due_date": "2030-01-01",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.subject == "Запит про ремонт школи № 5"
    assert document.status == Status.REGISTERED
    assert document.due_date == dt.date(2024, 5, 9)  # unchanged: the statutory term
    entry = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Document),
        object_id=str(document.pk),
        action="wagtail.edit",
    ).get()
    assert entry.data["changes"]["subject"]["after"] == "Запит про ремонт школи № 5"


def test_nobody_deletes_journal_entries(admin_user: Any) -> None:
    document = case()
    response = logged_in(admin_user).post(
        reverse("correspondence_journal:delete", args=[document.pk])
    )
    assert response.status_code in (302, 403)
    assert Document.objects.filter(pk=document.pk).exists()
