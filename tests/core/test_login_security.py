"""Admin log-in protection: django-axes lock-out and CSRF."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from hromada.core.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"


@pytest.fixture(autouse=True)
def _no_attempts_left_over() -> Iterator[None]:
    reset()
    yield
    reset()


def log_in(client: Client, password: str, username: str = DEMO_ADMIN_USERNAME):  # type: ignore[no-untyped-def]
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"})


def is_logged_in(client: Client) -> bool:
    return (
        settings.SESSION_COOKIE_NAME in client.cookies and client.get("/admin/").status_code == 200
    )


def test_lockout_is_on_by_default_with_five_failures() -> None:
    assert settings.AXES_ENABLED is True
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_the_demo_admin_logs_in(client: Client) -> None:
    response = log_in(client, DEMO_ADMIN_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not is_logged_in(client)  # a superuser's second step comes first
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    assert (
        client.post("/admin/two-factor/verify/", {"code": out.getvalue().strip()}).status_code
        == 302
    )
    assert is_logged_in(client)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_user_out_even_with_the_right_password(client: Client) -> None:
    for _ in range(2):
        response = log_in(client, "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    locked = log_in(client, "wrong-password")  # the third failure reaches the limit
    assert locked.status_code == 429

    response = log_in(client, DEMO_ADMIN_PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "15" in html  # the lock-out page says for how long
    assert not is_logged_in(client)
    attempt = AccessAttempt.objects.get(username=DEMO_ADMIN_USERNAME)
    assert attempt.failures_since_start >= 3


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_user_name_and_address(client: Client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    django_user_model.objects.create_user("editor", password="Другий-пароль-2020", is_staff=True)
    for _ in range(3):
        log_in(client, "wrong-password")
    # Another account from the same address is not locked.
    response = client.post(LOGIN_URL, {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    # The same account from another address is not locked either.
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert log_in(other, DEMO_ADMIN_PASSWORD).status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_success_before_the_limit_resets_the_count(client: Client) -> None:
    for _ in range(2):
        log_in(client, "wrong-password")
    assert log_in(client, DEMO_ADMIN_PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert log_in(client, "wrong-password").status_code == 200
    assert log_in(client, DEMO_ADMIN_PASSWORD).status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_reset_unlocks(client: Client) -> None:
    for _ in range(3):
        log_in(client, "wrong-password")
    assert log_in(client, DEMO_ADMIN_PASSWORD).status_code == 429
    reset(username=DEMO_ADMIN_USERNAME)
    assert log_in(client, DEMO_ADMIN_PASSWORD).status_code == 302


def test_login_post_without_csrf_token_is_refused() -> None:
    client = Client(enforce_csrf_checks=True)
    response = log_in(client, DEMO_ADMIN_PASSWORD)
    assert response.status_code == 403
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_login_post_with_the_csrf_token_works() -> None:
    client = Client(enforce_csrf_checks=True)
    form = client.get(LOGIN_URL)
    token = form.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        LOGIN_URL,
        {
            "username": DEMO_ADMIN_USERNAME,
            "password": DEMO_ADMIN_PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302


def test_admin_post_without_csrf_token_is_refused(admin_user) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/admin/pages/2/unpublish/", {})
    assert response.status_code == 403


# --- The client address behind a reverse proxy (HROMADA_TRUSTED_PROXIES, as the forms) ---

PROXY = "10.0.0.2"


def attempts_by_address() -> dict[str | None, int]:
    return {
        attempt.ip_address: attempt.failures_since_start
        for attempt in AccessAttempt.objects.filter(username=DEMO_ADMIN_USERNAME)
    }


def test_axes_takes_the_address_from_the_forms_function() -> None:
    assert getattr(settings, "AXES_CLIENT_IP_CALLABLE", None) == (
        "hromada.core.spam.login_client_address"
    )
    assert getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) is None


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, HROMADA_TRUSTED_PROXIES=[PROXY])
def test_behind_a_trusted_proxy_the_forwarded_address_is_locked_out() -> None:
    # The client forges a first hop; nginx appends the real address; only that one counts.
    resident = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    for _ in range(3):
        log_in(resident, "wrong-password")
    assert attempts_by_address() == {"203.0.113.5": 3}
    assert log_in(resident, DEMO_ADMIN_PASSWORD).status_code == 429
    # Someone else behind the same proxy is not locked out with them.
    neighbour = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert log_in(neighbour, DEMO_ADMIN_PASSWORD).status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, HROMADA_TRUSTED_PROXIES=[PROXY])
def test_from_an_untrusted_peer_the_header_is_ignored() -> None:
    attacker = Client(REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="203.0.113.5")
    for _ in range(3):
        log_in(attacker, "wrong-password")
    assert attempts_by_address() == {"192.0.2.44": 3}
    # Changing the header does not get round the lock-out.
    rotated = Client(REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert log_in(rotated, DEMO_ADMIN_PASSWORD).status_code == 429
    # And the address named in the header was never locked.
    victim = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert log_in(victim, DEMO_ADMIN_PASSWORD).status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, HROMADA_TRUSTED_PROXIES=[])
def test_with_no_trusted_proxy_the_header_is_never_believed() -> None:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    for _ in range(3):
        log_in(client, "wrong-password")
    assert attempts_by_address() == {PROXY: 3}


def test_an_old_proxy_count_is_reported(settings) -> None:  # type: ignore[no-untyped-def]
    from hromada.core.spam import check_trusted_proxies

    settings.HROMADA_OBSOLETE_ENV = []
    assert check_trusted_proxies() == []
    settings.HROMADA_OBSOLETE_ENV = ["PROXY_COUNT"]
    assert [message.id for message in check_trusted_proxies()] == ["hromada.W001"]
