"""Spam resistance shared by the public forms: the honeypot and the signed fill time, the rate
limit per client address, and the client address behind trusted proxies only."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django import forms
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory

from hromada.core import spam

PROXY = "10.0.0.5"


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
