"""Spam resistance shared by the public forms: the honeypot and the signed fill time, the rate
limit per client address, and the client address behind trusted proxies only."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django import forms
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory

from hromada.core import spam

PROXY = "10.0.0.5"

# Counts and used tokens live in the database when there is no Redis.
pytestmark = pytest.mark.django_db


def request(remote: str = "203.0.113.7", forwarded: str | None = None) -> Any:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/form/", **headers)


# --- Client address ----------------------------------------------------------------------


def test_without_trusted_proxies_the_header_is_never_believed(settings: Any) -> None:
    settings.HROMADA_TRUSTED_PROXIES = []
    assert spam.client_address(request(PROXY, "198.51.100.1")) == PROXY
    assert spam.client_address(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_a_trusted_proxy_names_the_client(settings: Any) -> None:
    settings.HROMADA_TRUSTED_PROXIES = [PROXY]
    assert spam.client_address(request(PROXY, "198.51.100.1")) == "198.51.100.1"
    assert spam.client_address(request(PROXY)) == PROXY  # no header: the proxy itself


def test_an_untrusted_connection_cannot_choose_its_address(settings: Any) -> None:
    settings.HROMADA_TRUSTED_PROXIES = [PROXY]
    assert spam.client_address(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_the_client_is_the_rightmost_untrusted_hop(settings: Any) -> None:
    # A client that sends its own X-Forwarded-For gets the real address appended by nginx;
    # what it wrote to the left is ignored, however many entries it invents.
    settings.HROMADA_TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.1"]
    spoofed = "1.1.1.1, 8.8.8.8, 198.51.100.9, 10.0.0.20"
    assert spam.client_address(request("192.0.2.1", spoofed)) == "198.51.100.9"


def test_only_trusted_hops_leave_the_leftmost(settings: Any) -> None:
    settings.HROMADA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert spam.client_address(request(PROXY, "10.1.2.3, 10.0.0.9")) == "10.1.2.3"


def test_garbage_in_the_header_counts_against_the_proxy_that_passed_it(settings: Any) -> None:
    settings.HROMADA_TRUSTED_PROXIES = [PROXY]
    assert spam.client_address(request(PROXY, "unknown")) == PROXY
    assert spam.client_address(request(PROXY, "198.51.100.1, <script>")) == PROXY


def test_ipv6_ports_and_mapped_addresses(settings: Any) -> None:
    settings.HROMADA_TRUSTED_PROXIES = ["2001:db8::/32", "127.0.0.1"]
    assert spam.client_address(request("2001:db8::1", "2a00:1450::5")) == "2a00:1450::5"
    assert spam.client_address(request("2001:db8::1", "[2a00:1450::5]:443")) == "2a00:1450::5"
    assert spam.client_address(request("::ffff:127.0.0.1", "198.51.100.1:5000")) == ("198.51.100.1")
    assert spam.client_address(request("")) == "unknown"


def test_a_bad_entry_in_the_setting_fails_the_system_check(settings: Any) -> None:
    settings.HROMADA_TRUSTED_PROXIES = ["10.0.0.0/24", "proxy.example"]
    errors = spam.check_trusted_proxies()
    assert [error.id for error in errors] == ["hromada.E001"]
    assert "proxy.example" in errors[0].msg
    with pytest.raises(SystemCheckError, match=r"proxy\.example"):
        call_command("check", tags=["security"])
    settings.HROMADA_TRUSTED_PROXIES = "10.0.0.0/24, 192.0.2.1"  # a string, as in the env
    assert spam.check_trusted_proxies() == []


# --- Rate limit --------------------------------------------------------------------------


def test_the_limit_counts_each_client_behind_the_proxy_apart(settings: Any) -> None:
    settings.HROMADA_TRUSTED_PROXIES = [PROXY]
    first = [spam.hit(request(PROXY, "198.51.100.1"), "test", limit=3, window=60) for _ in "1234"]
    assert [result.allowed for result in first] == [True, True, True, False]
    assert first[-1].count == 4
    assert spam.hit(request(PROXY, "198.51.100.2"), "test", limit=3, window=60).allowed
    assert spam.hit(request(PROXY, "198.51.100.1"), "other", limit=3, window=60).allowed


def test_without_trust_everyone_behind_the_proxy_shares_one_limit(settings: Any) -> None:
    settings.HROMADA_TRUSTED_PROXIES = []
    for number in range(3):
        assert spam.hit(request(PROXY, f"198.51.100.{number}"), "test", limit=3, window=60).allowed
    assert not spam.hit(request(PROXY, "198.51.100.99"), "test", limit=3, window=60).allowed


def test_without_redis_two_workers_share_one_count(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker process has its own local-memory cache: counted there, a limit of 3 let
    3 requests through each worker. The count is the database's, so 3 in all."""
    settings.HROMADA_RATE_LIMITS_IN_CACHE = False
    workers = [LocMemCache(f"worker-{number}", {}) for number in (1, 2)]
    allowed = []
    for attempt in range(6):
        monkeypatch.setattr(spam, "cache", workers[attempt % 2])
        allowed.append(spam.hit(request(), "shared", limit=3, window=60).allowed)
    assert allowed == [True, True, True, False, False, False]


def test_with_redis_the_count_is_the_caches(settings: Any) -> None:
    settings.HROMADA_RATE_LIMITS_IN_CACHE = True
    results = [spam.hit(request(), "in-cache", limit=2, window=60).allowed for _ in "123"]
    assert results == [True, True, False]
    assert not spam.RateCounter.objects.filter(key__contains="in-cache").exists()


def test_an_ended_window_starts_again(settings: Any) -> None:
    settings.HROMADA_RATE_LIMITS_IN_CACHE = False
    assert [spam.hit(request(), "window", limit=1, window=60).allowed for _ in "12"] == [
        True,
        False,
    ]
    spam.RateCounter.objects.filter(key__contains="window").update(expires_at="2000-01-01T00:00Z")
    assert spam.hit(request(), "window", limit=1, window=60).allowed


def test_accounts_are_counted_by_a_digest(settings: Any) -> None:
    settings.HROMADA_RATE_LIMITS_IN_CACHE = False
    assert spam.hit_key("reset", "olga@example.org", limit=1, window=60).allowed
    assert not spam.hit_key("reset", "olga@example.org", limit=1, window=60).allowed
    assert spam.hit_key("reset", "petro@example.org", limit=1, window=60).allowed
    assert not spam.RateCounter.objects.filter(key__contains="example.org").exists()


# --- The form ----------------------------------------------------------------------------


class ContactForm(spam.SpamProtectedForm):
    message = forms.CharField()


def test_a_new_form_carries_a_signed_start_time() -> None:
    token = ContactForm().initial["started"]
    with pytest.raises(spam.TimingProblem, match="too fast"):
        spam.check_started(token)
    spam.check_started(token, now=time.time() + 60)


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"website": "http://spam.example"}, "website", "honeypot"),
        ({"started": "now"}, "started", "too_fast"),
        ({"started": "12345:forged"}, "started", "expired"),
        ({"started": ""}, "started", "expired"),
        ({"started": "day-old"}, "started", "expired"),
    ],
)
def test_robots_are_refused(extra: dict[str, str], field: str, code: str) -> None:
    tokens = {
        "now": spam.started_token(),
        "day-old": spam.started_token(now=time.time() - spam.MAX_FORM_AGE - 10),
    }
    data = {"message": "Привіт", "started": spam.started_token(now=time.time() - 60), **extra}
    data["started"] = tokens.get(data["started"], data["started"])
    form = ContactForm(data)
    assert not form.is_valid()
    assert form.has_error(field, code)


def test_a_person_gets_through() -> None:
    form = ContactForm({"message": "Привіт", "started": spam.started_token(time.time() - 60)})
    assert form.is_valid(), form.errors


def test_a_replayed_token_is_refused() -> None:
    data = {"message": "Привіт", "started": spam.started_token(time.time() - 60)}
    assert ContactForm(data).is_valid()
    again = ContactForm(data)
    assert not again.is_valid()
    assert again.has_error("started", "expired")


def test_a_form_shown_again_carries_a_fresh_token_with_the_same_start() -> None:
    token = spam.started_token(time.time() - 60)
    form = ContactForm({"message": "Привіт", "started": token})
    assert form.is_valid()
    fresh = form["started"].value()
    assert fresh != token
    assert ContactForm({"message": "Привіт", "started": fresh}).is_valid()  # not "too fast"


def test_a_form_with_a_mistake_keeps_its_token_for_the_correction() -> None:
    token = spam.started_token(time.time() - 60)
    assert not ContactForm({"message": "", "started": token}).is_valid()
    assert ContactForm({"message": "Привіт", "started": token}).is_valid()


def test_forms_shown_in_the_same_second_get_different_tokens() -> None:
    now = time.time() - 60
    assert spam.started_token(now) != spam.started_token(now)


def test_a_token_from_before_the_upgrade_is_still_read() -> None:
    from django.core import signing

    old = signing.dumps(int(time.time() - 60), salt=spam.SALT)
    spam.check_started(old)
