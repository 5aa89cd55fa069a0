"""The residents' password reset (issue 23, finding 6): the link comes from BASE_URL, not the
Host header; letters are limited per client address and per account; staff accounts are
not served by the residents' flow."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hromada.core import password_reset, roles

pytestmark = pytest.mark.django_db

URL = "/account/password-reset/"


@pytest.fixture
def resident_user(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        "olha", email="olha@example.org", password="a-long-password-77"
    )


@pytest.fixture
def specialist(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user(
        "specialist", email="staff@example.org", password="a-long-password-77"
    )
    user.groups.add(Group.objects.get(name=roles.SPECIALIST))
    return user


def test_the_link_is_built_from_base_url_not_the_host_header(
    settings: Any, resident_user: Any
) -> None:
    settings.BASE_URL = "https://portal.example.gov.ua"
    settings.ALLOWED_HOSTS = ["*"]
    response = Client(HTTP_HOST="evil.example").post(URL, {"email": resident_user.email})
    assert response.status_code == 302
    (letter,) = mail.outbox
    assert "evil.example" not in letter.body
    link = re.search(r"https://portal\.example\.gov\.ua(/account/password-reset/\S+)", letter.body)
    assert link is not None
    assert b"new_password1" in Client().get(link.group(1), follow=True).content


def test_letters_are_limited_per_account(resident_user: Any) -> None:
    for number in range(password_reset.ACCOUNT_LIMIT + 2):
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")  # a different address each time
        assert client.post(URL, {"email": resident_user.email.upper()}).status_code == 302
    assert len(mail.outbox) == password_reset.ACCOUNT_LIMIT


def test_requests_are_limited_per_address(client: Client) -> None:
    statuses = [
        client.post(URL, {"email": f"nobody{number}@example.org"}).status_code
        for number in range(password_reset.ADDRESS_LIMIT + 1)
    ]
    assert statuses[:-1] == [302] * password_reset.ADDRESS_LIMIT
    assert statuses[-1] == 429


def test_staff_accounts_are_refused_in_the_residents_flow(
    client: Client, specialist: Any, admin_user: Any
) -> None:
    admin_user.email = "admin@example.org"
    admin_user.save()
    for user in (specialist, admin_user):
        assert client.post(URL, {"email": user.email}).status_code == 302
    assert mail.outbox == []  # the same "sent" page, but no letter
    # A link made before the account became staff does not open the form either.
    uid = urlsafe_base64_encode(force_bytes(specialist.pk))
    token = default_token_generator.make_token(specialist)
    response = client.get(
        reverse("participation:password_reset_confirm", args=[uid, token]), follow=True
    )
    assert b"new_password1" not in response.content
