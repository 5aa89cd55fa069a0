"""Residents follow petitions, budget projects and problem reports and get the changes in a
digest (a real SMTP server on loopback), with RFC 8058 one-click unsubscribe; the page
listing what they follow."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hromada.outreach import delivery
from hromada.outreach.models import Follow, FollowSettings
from hromada.participation.models import BudgetProject, Petition
from tests.outreach.conftest import Inbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("follower-1", "follower@example.org", "x")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_follow_a_petition_and_get_its_change_in_a_digest(resident, smtp: Inbox):
    petition = Petition.objects.exclude(status="").order_by("pk").first()
    client = signed_in(resident)
    response = client.post(
        "/follows/add/", {"kind": "petition", "target_id": petition.pk, "next": "/follows/"}
    )
    assert response.status_code == 302 and response["Location"] == "/follows/"
    page = client.get("/follows/").content.decode()
    assert petition.title in page

    # Nothing changed: no digest.
    assert delivery.send_digests("daily") == 0
    new_status = next(
        value for value, _ in Petition._meta.get_field("status").choices if value != petition.status
    )
    Petition.objects.filter(pk=petition.pk).update(status=new_status)

    assert delivery.send_digests("weekly") == 0  # the resident chose daily (the default)
    assert delivery.send_digests("daily") == 1
    [(recipients, message)] = smtp.messages
    assert recipients == ["follower@example.org"]
    body = message.get_content()
    assert petition.title in body
    assert str(Petition(status=new_status).get_status_display()) in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = FollowSettings.objects.get(user=resident).token
    unsubscribe = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert unsubscribe.endswith(f"/follows/unsubscribe/{token}/")

    # Told once.
    assert delivery.send_digests("daily") == 0
    assert Follow.objects.get(user=resident).seen_state == new_status

    # One click from the mail client, with no cookie and no CSRF token.
    Client(enforce_csrf_checks=True).post(
        unsubscribe.split("://", 1)[1].split("/", 1)[1].join(["/", ""]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert FollowSettings.objects.get(user=resident).paused
    Petition.objects.filter(pk=petition.pk).update(status=petition.status)
    assert delivery.send_digests("daily") == 0


def test_follow_rules_and_the_settings(resident):
    client = signed_in(resident)
    assert (
        client.post("/follows/add/", {"kind": "petition", "target_id": 999999}).status_code
        in (
            400,
            404,
            500,
        )
        or not Follow.objects.exists()
    )
    project = BudgetProject.objects.order_by("pk").first()
    client.post("/follows/add/", {"kind": "budget_project", "target_id": project.pk})
    client.post("/follows/add/", {"kind": "budget_project", "target_id": project.pk})
    assert Follow.objects.filter(user=resident).count() == 1  # once
    client.post("/follows/", {"frequency": "weekly"})
    assert FollowSettings.objects.get(user=resident).frequency == "weekly"
    follow = Follow.objects.get(user=resident)
    client.post("/follows/", {"remove": follow.pk})
    assert not Follow.objects.filter(user=resident).exists()
    # Anonymous visitors are sent to sign in.
    assert Client().post("/follows/add/", {"kind": "petition", "target_id": 1}).status_code == 302
