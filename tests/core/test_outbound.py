"""The guarded transport against a server on 127.0.0.1: internal addresses are refused before
any request, redirect hops included; allowed kinds go through to the checked address."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from django.utils import translation

from hromada.core import outbound
from tests.conftest import SlowDns


class Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Handler.requests.append(self.path)
        if self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        elif self.path == "/to-self":
            self.send_response(302)
            self.send_header("Location", "/ok")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    Handler.requests = []
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _get(guard: outbound.Guard, url: str) -> httpx.Response:
    with httpx.Client(
        transport=outbound.GuardedTransport(guard), follow_redirects=True, timeout=2
    ) as client:
        return client.get(url)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("8.8.8.8", outbound.PUBLIC),
        ("2001:4860:4860::8888", outbound.PUBLIC),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("fd00::1", "private"),
        ("100.64.0.1", "reserved"),
    ],
)
def test_address_class(address: str, kind: str) -> None:
    assert outbound.address_class(ipaddress.ip_address(address)) == kind


def test_internal_address_is_refused_before_any_request(server: str) -> None:
    with translation.override("en"), pytest.raises(outbound.AddressRefused) as refused:
        _get(outbound.Guard(), f"{server}/ok")
    assert str(refused.value) == "127.0.0.1 (127.0.0.1): address in a private network"
    with translation.override("uk"), pytest.raises(outbound.AddressRefused) as refused:
        _get(outbound.Guard(), f"{server}/ok")
    assert str(refused.value) == "127.0.0.1 (127.0.0.1): адреса у внутрішній мережі"
    # a name is refused by what it resolves to
    with pytest.raises(outbound.AddressRefused):
        _get(outbound.Guard(), server.replace("127.0.0.1", "localhost") + "/ok")
    assert Handler.requests == []


def test_allowed_kind_goes_through_and_every_redirect_hop_is_checked(server: str) -> None:
    loopback = outbound.Guard(frozenset({"loopback"}))
    response = _get(loopback, f"{server}/to-self")
    assert (response.status_code, response.text) == (200, "ok")
    with translation.override("en"), pytest.raises(outbound.AddressRefused) as refused:
        _get(loopback, f"{server}/to-metadata")
    assert "169.254.169.254" in str(refused.value)
    assert Handler.requests == ["/to-self", "/ok", "/to-metadata"]
    assert _get(outbound.Guard.everything(), f"{server}/ok").status_code == 200


def test_a_name_that_does_not_resolve_is_a_connect_error() -> None:
    with pytest.raises(httpx.ConnectError):
        _get(outbound.Guard(), "http://no-such-host.invalid/")


def test_guard_for_reads_the_features_setting(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SOME_FEATURE_ALLOW_PRIVATE = True
    assert outbound.guard_for("SOME_FEATURE_ALLOW_PRIVATE") == outbound.Guard.everything()
    settings.SOME_FEATURE_ALLOW_PRIVATE = False
    assert outbound.guard_for("SOME_FEATURE_ALLOW_PRIVATE") == outbound.Guard()
    assert outbound.guard_for("NOT_A_SETTING") == outbound.Guard()


# --- DNS that does not answer ------------------------------------------------------------


def test_a_name_the_dns_does_not_resolve_in_time_is_given_up(
    server: str, slow_dns: SlowDns
) -> None:
    port = server.rsplit(":", 1)[1]
    guard = outbound.Guard(outbound.Guard.everything().allowed, getaddrinfo=slow_dns)
    started = time.monotonic()
    with translation.override("en"), pytest.raises(httpx.ConnectTimeout) as timed_out:
        _get(guard, f"http://media.slow.test:{port}/ok")  # HROMADA_OUTBOUND_DNS_TIMEOUT: 0.3
    assert time.monotonic() - started < 2  # not the resolver's 30 s
    assert str(timed_out.value) == "media.slow.test: the DNS server did not answer within 0.3 s"
    assert outbound.resolution_timed_out(timed_out.value)
    with translation.override("uk"), pytest.raises(httpx.ConnectTimeout) as timed_out:
        _get(guard, f"http://media.slow.test:{port}/ok")
    assert str(timed_out.value) == "media.slow.test: DNS-сервер не відповів за 0.3 с"
    assert slow_dns.asked == ["media.slow.test", "media.slow.test"]
    assert Handler.requests == []
    # httpx's own timeouts are not DNS timeouts
    assert not outbound.resolution_timed_out(httpx.ConnectTimeout("timed out"))


def test_the_guards_own_dns_timeout_and_the_connect_timeout_bound_the_lookup(
    server: str, slow_dns: SlowDns
) -> None:
    port = server.rsplit(":", 1)[1]
    allowed = outbound.Guard.everything().allowed
    with translation.override("en"), pytest.raises(httpx.ConnectTimeout, match=r"within 0\.1 s"):
        _get(
            outbound.Guard(allowed, dns_timeout=0.1, getaddrinfo=slow_dns),
            f"http://a.slow.test:{port}/",
        )
    # the request's connect timeout is shorter than the DNS timeout: it wins
    started = time.monotonic()
    with (
        translation.override("en"),
        httpx.Client(
            transport=outbound.GuardedTransport(
                outbound.Guard(allowed, dns_timeout=20, getaddrinfo=slow_dns)
            ),
            timeout=httpx.Timeout(5, connect=0.2),
        ) as client,
        pytest.raises(httpx.ConnectTimeout, match=r"within 0\.2 s"),
    ):
        client.get(f"http://b.slow.test:{port}/")
    assert time.monotonic() - started < 2


def test_a_hung_lookup_does_not_hold_up_the_next_ones(server: str, slow_dns: SlowDns) -> None:
    port = server.rsplit(":", 1)[1]
    loopback = outbound.Guard(frozenset({"loopback"}), getaddrinfo=slow_dns)
    for _attempt in range(3):
        with pytest.raises(httpx.ConnectTimeout):
            _get(loopback, f"http://hung.slow.test:{port}/ok")
    # the three lookups still hang in their threads; a normal name resolves meanwhile
    response = _get(loopback, server.replace("127.0.0.1", "localhost") + "/ok")
    assert (response.status_code, response.text) == (200, "ok")
    assert Handler.requests == ["/ok"]
    # and once the DNS answers, the name resolves (to 127.0.0.1 here) and is checked as usual
    slow_dns.release.set()
    assert _get(loopback, f"http://hung.slow.test:{port}/ok").status_code == 200
    with translation.override("en"), pytest.raises(outbound.AddressRefused):
        _get(outbound.Guard(getaddrinfo=slow_dns), f"http://hung.slow.test:{port}/ok")


def test_a_loopback_name_resolves_with_the_system_resolver(server: str) -> None:
    assert ipaddress.ip_address("127.0.0.1") in outbound.resolve("localhost", 80)
    assert outbound.classes_of("localhost", 80) >= {"loopback"}
    response = _get(
        outbound.Guard(frozenset({"loopback"})), server.replace("127.0.0.1", "localhost") + "/ok"
    )
    assert response.status_code == 200


def test_classes_of_a_name_that_does_not_resolve_in_time_is_empty(system_slow_dns: SlowDns) -> None:
    started = time.monotonic()
    assert outbound.classes_of("portal.slow.test", 443) == set()
    assert time.monotonic() - started < 2


# --- The one client ------------------------------------------------------------------------


def test_get_follows_redirects_hop_by_hop_and_checks_each(server: str) -> None:
    loopback = outbound.Guard(frozenset({"loopback"}))
    answer = outbound.get(f"{server}/to-self", guard=loopback, max_bytes=10)
    assert (answer.url, answer.status, answer.content) == (f"{server}/ok", 200, b"ok")
    seen: list[tuple[str, int]] = []
    outbound.get(
        f"{server}/to-self", guard=loopback, max_bytes=10, check=lambda u, h: seen.append((u, h))
    )
    assert seen == [(f"{server}/to-self", 0), (f"{server}/ok", 1)]
    # with no redirects allowed, a redirect is the answer
    answer = outbound.get(f"{server}/to-self", guard=loopback, max_bytes=10, max_redirects=0)
    assert (answer.status, answer.headers["location"], answer.content) == (302, "/ok", b"")
    with pytest.raises(outbound.AddressRefused):
        outbound.get(f"{server}/to-metadata", guard=loopback, max_bytes=10)
    Handler.requests = []
    with translation.override("en"), pytest.raises(outbound.TooManyRedirects) as too_many:
        outbound.get(f"{server}/loop", guard=loopback, max_bytes=10, max_redirects=2)
    assert str(too_many.value) == "more than 2 redirects"
    assert isinstance(too_many.value, httpx.HTTPError)  # handled like httpx's own
    assert Handler.requests == ["/loop"] * 3


def test_get_refuses_an_answer_larger_than_the_limit(server: str) -> None:
    with pytest.raises(outbound.TooLarge) as too_large:
        outbound.get(f"{server}/ok", guard=outbound.Guard.everything(), max_bytes=1)
    assert (too_large.value.size, too_large.value.limit, too_large.value.declared) == (2, 1, True)
