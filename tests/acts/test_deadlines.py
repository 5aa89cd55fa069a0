"""Drafts on time: Law 2939-VI Art. 15 part 3, 10 working days before consideration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from hromada.acts import selectors, services
from hromada.acts.models import Act, Status
from hromada.acts.selectors import DeadlineState, check_draft_dates
from hromada.core import roles

# Thursday 26 March 2020: ten working days before it is Thursday 12 March.
CONSIDERATION = dt.date(2020, 3, 26)


def test_published_ten_working_days_before_is_on_time() -> None:
    deadline = check_draft_dates(
        consideration=CONSIDERATION, published_on=dt.date(2020, 3, 12), today=CONSIDERATION
    )
    assert deadline.latest_publication == dt.date(2020, 3, 12)
    assert deadline.state is DeadlineState.ON_TIME
    assert deadline.working_days_before == 10


def test_published_nine_working_days_before_is_late() -> None:
    deadline = check_draft_dates(
        consideration=CONSIDERATION, published_on=dt.date(2020, 3, 13), today=CONSIDERATION
    )
    assert deadline.state is DeadlineState.LATE
    assert deadline.working_days_before == 9


def test_holidays_are_not_working_days() -> None:
    # Monday 9 March 2020 was the day off for 8 March: ten working days before Friday
    # 20 March is Thursday 5 March (Friday 6 March without the holiday).
    deadline = check_draft_dates(
        consideration=dt.date(2020, 3, 20), published_on=None, today=dt.date(2020, 3, 2)
    )
    assert deadline.latest_publication == dt.date(2020, 3, 5)
    assert deadline.state is DeadlineState.WAITING


def test_unpublished_drafts_are_at_risk_then_late() -> None:
    at_risk = check_draft_dates(
        consideration=CONSIDERATION, published_on=None, today=dt.date(2020, 3, 10)
    )
    assert at_risk.state is DeadlineState.AT_RISK
    late = check_draft_dates(
        consideration=CONSIDERATION, published_on=None, today=dt.date(2020, 3, 13)
    )
    assert late.state is DeadlineState.LATE
    assert late.comment_days_left == 9
    unknown = check_draft_dates(consideration=None, published_on=None, today=CONSIDERATION)
    assert unknown.state is DeadlineState.UNKNOWN


@pytest.mark.django_db
def test_late_draft_message_cites_the_law_and_import_style_refusal() -> None:
    late = Act(
        status=Status.DRAFT, published_on=dt.date(2020, 3, 13), consideration_date=CONSIDERATION
    )
    message = services.late_draft_message(late)
    assert "9" in message and "12.03.2020" in message and "2939-VI" in message
    on_time = Act(
        status=Status.DRAFT, published_on=dt.date(2020, 3, 12), consideration_date=CONSIDERATION
    )
    assert services.late_draft_message(on_time) == ""
    with pytest.raises(Exception) as error:
        services.create_act(
            kind="council_decision",
            date=dt.date(2020, 3, 13),
            title="Пізній проєкт",
            status=Status.DRAFT,
            published_on=dt.date(2020, 3, 13),
            consideration_date=CONSIDERATION,
            allow_late=False,
        )
    assert "consideration_date" in error.value.message_dict  # type: ignore[attr-defined]
    assert not Act.objects.filter(title="Пізній проєкт").exists()


@pytest.mark.django_db
def test_the_dashboard_lists_the_demo_drafts_that_are_late_or_at_risk(
    client: Client, admin_user
) -> None:  # type: ignore[no-untyped-def]
    watched = {act.title: deadline.state for act, deadline in selectors.drafts_to_watch()}
    assert watched["Про встановлення тарифів на вивезення побутових відходів"] == "late"
    assert watched["Про затвердження плану діяльності з підготовки регуляторних актів"] == (
        "at_risk"
    )
    assert "Про затвердження Положення про громадський бюджет міста" not in watched
    client.force_login(admin_user)
    response = client.get(reverse("acts_drafts_on_time:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Про встановлення тарифів на вивезення побутових відходів" in html
    assert "Положення про громадський бюджет" not in html


def _form(**fields: str) -> dict[str, str]:
    data = {
        "kind": "council_decision",
        "status": "draft",
        "number": "П-900",
        "date": "2020-03-13",
        "title": "Проєкт для перевірки попередження",
        "published_on": "2020-03-13",
        "consideration_date": "2020-03-26",
        "issuing_body": "",
        "department": "",
        "summary": "",
        "lustration_category": "",
        "person_position": "",
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
    }
    for formset in ("amendment_links", "repeal_links"):
        data.update(
            {
                f"{formset}-TOTAL_FORMS": "0",
                f"{formset}-INITIAL_FORMS": "0",
                f"{formset}-MIN_NUM_FORMS": "0",
                f"{formset}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return data


@pytest.mark.django_db
def test_the_editor_is_warned_when_saving_a_draft_nine_working_days_ahead(
    client: Client, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    editor = django_user_model.objects.create_user("editor-acts", password="x")
    editor.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    client.force_login(editor)
    response = client.post(reverse("acts:add"), _form(), follow=True)
    assert response.status_code == 200
    act = Act.objects.get(number="П-900")
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert any("9" in w and "12.03.2020" in w for w in warnings), warnings
    # Opening it again warns again, while editing.
    response = client.get(reverse("acts:edit", args=[act.pk]))
    assert any("12.03.2020" in str(m) for m in get_messages(response.wsgi_request))
    # Published in time: no warning.
    response = client.post(
        reverse("acts:edit", args=[act.pk]), _form(published_on="2020-03-12"), follow=True
    )
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert not warnings
    assert Act.objects.get(pk=act.pk).published_on == dt.date(2020, 3, 12)


@pytest.mark.django_db
def test_who_may_do_what_in_the_admin(client: Client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("acts:index")).status_code == 302  # to the login page
    moderator = django_user_model.objects.create_user("moderator-acts", password="x")
    moderator.groups.add(Group.objects.get(name=roles.MODERATOR))
    client.force_login(moderator)
    assert client.get(reverse("acts:index")).status_code == 200
    assert client.get(reverse("acts:add")).status_code in (302, 403)
    steward = django_user_model.objects.create_user("steward-acts", password="x")
    steward.groups.add(Group.objects.get(name=roles.DATA_STEWARD))
    client.force_login(steward)
    assert client.get(reverse("acts_drafts_on_time:index")).status_code in (302, 403)
    act = Act.objects.first()
    assert act is not None
    admin = django_user_model.objects.get(username="admin")
    client.force_login(admin)
    assert client.get(reverse("acts:delete", args=[act.pk])).status_code in (302, 403)
