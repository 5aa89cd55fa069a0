"""The fetcher against a real local server: timeouts, size cap, redirects, retries, robots."""

from __future__ import annotations

import pytest
from django.utils import translation

from hromada.core import outbound
from hromada.monitoring.fetching import Fetcher, FetchError, FetchPolicy, retry_after_seconds


def test_user_agent_and_robots_are_sent_and_respected(media_server, fetcher):
    response = fetcher.get(media_server.url("/rss.xml"))
    assert response.status == 200
    assert b"<rss" in response.content
    assert media_server.paths()[0] == "/robots.txt"
    assert all(
        h["user-agent"] == "Hromada-test (press@city.example)" for _, h in media_server.requests
    )
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/private/secret.html"))
    assert error.value.reason == "robots"
    assert "/private/secret.html" not in media_server.paths()
    # robots.txt is read once per site
    assert media_server.paths().count("/robots.txt") == 1


def test_read_timeout_on_a_server_that_does_not_answer(media_server, fetcher):
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/slow.xml"))
    assert error.value.reason == "timeout"
    # retried with backoff, then given up
    assert media_server.hits["/slow.xml"] == 3
    assert fetcher.waits == [1.0, 2.0]


@pytest.mark.parametrize("path", ["/big.xml", "/big-declared.xml"])
def test_body_over_the_cap_is_refused_without_reading_it_all(media_server, fetcher, path):
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url(path))
    assert error.value.reason == "too_large"


def test_a_redirect_loop_stops_when_it_comes_back(media_server, fetcher):
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/loop-a"))
    assert error.value.reason == "redirects"
    assert str(error.value) == (
        f"{media_server.url('/loop-a')}: redirect loop, "
        f"{media_server.url('/loop-b')} redirects to {media_server.url('/loop-a')}"
    )
    assert (media_server.hits["/loop-a"], media_server.hits["/loop-b"]) == (1, 1)


def test_too_many_redirects_stop_at_the_limit(media_server, fetcher):
    # /r1 → /r2 → … → /r6: more than the policy's 3 redirects
    for n in range(1, 6):
        media_server.redirects[f"/r{n}"] = media_server.url(f"/r{n + 1}")
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/r1"))
    assert error.value.reason == "redirects"
    assert str(error.value) == f"{media_server.url('/r1')}: too many redirects (more than 3)"
    assert media_server.paths() == ["/robots.txt", "/r1", "/r2", "/r3", "/r4"]


def test_a_site_that_sets_a_cookie_and_redirects_to_itself_is_no_loop(media_server, fetcher):
    response = fetcher.get(media_server.url("/cookie-gate"))
    assert response.status == 200 and b"<rss" in response.content
    assert media_server.hits["/cookie-gate"] == 2


def test_a_redirect_to_a_bad_address_is_an_error(media_server, fetcher):
    media_server.redirects["/to-nowhere"] = "http://example.org:port/"
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/to-nowhere"))
    # httpx reads the Location header itself and refuses it (as it did when it followed)
    assert str(error.value).startswith(f"{media_server.url('/to-nowhere')}: RemoteProtocolError")
    assert "Invalid URL in location header" in str(error.value)


def test_a_redirect_within_the_limit_is_followed(media_server, fetcher):
    response = fetcher.get(media_server.url("/moved.xml"))
    assert response.status == 200
    assert response.url.endswith("/rss.xml")


# --- redirects to another site: its robots.txt and politeness ---------------------------


def test_a_redirect_to_another_site_asks_that_sites_robots_txt(media_server, other_site, fetcher):
    # the first site allows the page; the site it redirects to forbids where it leads
    media_server.redirects["/to-b-private"] = other_site.url("/private/secret.html")
    media_server.redirects["/to-b-feed"] = other_site.url("/rss.xml")
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/to-b-private"))
    assert error.value.reason == "robots"
    assert str(error.value) == (
        f"robots.txt forbids {other_site.url('/private/secret.html')} "
        f"(redirected from {media_server.url('/to-b-private')})"
    )
    assert other_site.paths() == ["/robots.txt"]  # the forbidden page was never requested
    # where the other site's robots.txt allows it, the redirect is followed
    response = fetcher.get(media_server.url("/to-b-feed"))
    assert (response.status, response.url) == (200, other_site.url("/rss.xml"))
    assert b"<rss" in response.content
    assert other_site.paths() == ["/robots.txt", "/rss.xml"]  # robots.txt read once
    assert media_server.paths() == ["/robots.txt", "/to-b-private", "/to-b-feed"]


def test_a_site_forbidding_everything_is_not_entered_by_a_redirect(
    media_server, other_site, fetcher
):
    other_site.robots = b"User-agent: *\nDisallow: /\n"
    media_server.redirects["/to-b"] = other_site.url("/rss.xml")
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/to-b"))
    assert error.value.reason == "robots"
    assert other_site.url("/rss.xml") in str(error.value)
    assert other_site.paths() == ["/robots.txt"]


def test_every_hop_keeps_its_sites_politeness_delay(media_server, other_site):
    media_server.redirects["/to-self"] = media_server.url("/rss.xml")
    media_server.redirects["/to-b"] = other_site.url("/atom.xml")
    waits: list[float] = []
    fetcher = Fetcher(
        user_agent="t",
        policy=FetchPolicy(politeness_seconds=5.0, retries=0),
        sleep=waits.append,
        clock=lambda: 100.0,  # no time passes: every second request to a site waits 5 s
    )
    with fetcher:
        fetcher.get(media_server.url("/to-self"))  # robots.txt, /to-self (5 s), /rss.xml (5 s)
        assert waits == [5.0, 5.0]
        fetcher.get(media_server.url("/to-b"))  # /to-b (5 s), B's robots.txt, /atom.xml (5 s)
    assert waits == [5.0, 5.0, 5.0, 5.0]
    assert other_site.paths() == ["/robots.txt", "/atom.xml"]


def test_robots_txt_itself_is_fetched_through_its_redirects(media_server, other_site, fetcher):
    # a site whose robots.txt moved (http → https, another host) is still read
    other_site.robots = b"User-agent: *\nDisallow: /atom.xml\n"
    media_server.redirects["/robots.txt"] = other_site.url("/robots.txt")
    assert fetcher.get(media_server.url("/rss.xml")).status == 200
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/atom.xml"))
    assert str(error.value) == f"robots.txt forbids {media_server.url('/atom.xml')}"
    assert other_site.paths() == ["/robots.txt"]


def test_429_waits_what_retry_after_asks(media_server, fetcher, sleeps):
    response = fetcher.get(media_server.url("/busy.xml"))
    assert response.status == 200
    assert sleeps == [7.0]
    assert media_server.hits["/busy.xml"] == 2


def test_retry_after_beyond_the_bound_gives_up_for_this_pass(media_server, fetcher, sleeps):
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/busy-long.xml"))
    assert error.value.reason == "retry_later"
    assert sleeps == []
    assert media_server.hits["/busy-long.xml"] == 1


def test_5xx_is_retried_with_backoff(media_server, fetcher, sleeps):
    response = fetcher.get(media_server.url("/flaky.xml"))
    assert response.status == 200
    assert sleeps == [1.0, 2.0]


def test_404_and_persistent_500_raise(media_server, fetcher):
    with pytest.raises(FetchError) as missing:
        fetcher.get(media_server.url("/missing.xml"))
    assert "404" in str(missing.value)
    with pytest.raises(FetchError) as down:
        fetcher.get(media_server.url("/down.xml"))
    assert "500" in str(down.value)
    assert media_server.hits["/down.xml"] == 3


def test_conditional_get_gets_304(media_server, fetcher):
    first = fetcher.get(media_server.url("/etag.xml"))
    assert first.headers["etag"] == '"v1-feed"'
    second = fetcher.get(media_server.url("/etag.xml"), headers={"If-None-Match": '"v1-feed"'})
    assert second.status == 304
    assert second.content == b""


def test_politeness_spaces_requests_to_one_site(media_server):
    waits: list[float] = []
    now = [100.0]
    fetcher = Fetcher(
        user_agent="t",
        policy=FetchPolicy(politeness_seconds=5.0, retries=0),
        sleep=waits.append,
        clock=lambda: now[0],
    )
    with fetcher:
        fetcher.get(media_server.url("/rss.xml"))  # robots.txt, then the feed
        fetcher.get(media_server.url("/atom.xml"))
    assert waits == [5.0, 5.0]


def test_unreachable_site_is_a_network_error():
    fetcher = Fetcher(
        user_agent="t", policy=FetchPolicy(retries=0, connect_timeout=1.0), sleep=lambda s: None
    )
    with fetcher, pytest.raises(FetchError) as error:
        fetcher.get("http://127.0.0.1:9/feed.xml")
    assert error.value.reason == "robots"  # robots.txt unreadable: the site is skipped
    assert str(error.value).startswith(
        "http://127.0.0.1:9/feed.xml: not fetched, robots.txt unreadable: "
        "http://127.0.0.1:9/robots.txt: ConnectError"
    )


def test_a_site_whose_dns_does_not_answer_is_skipped_with_the_reason(media_server, slow_dns):
    port = media_server.base.rsplit(":", 1)[1]
    guard = outbound.Guard(outbound.Guard.everything().allowed, getaddrinfo=slow_dns)
    fetcher = Fetcher(
        user_agent="t", policy=FetchPolicy(retries=0), sleep=lambda s: None, guard=guard
    )
    url = f"http://news.slow.test:{port}/rss.xml"
    with fetcher, translation.override("en"), pytest.raises(FetchError) as error:
        fetcher.get(url)  # HROMADA_OUTBOUND_DNS_TIMEOUT is 0.3 s here
    assert error.value.reason == "robots"  # robots.txt could not be read: skipped this pass
    assert str(error.value) == (
        f"{url}: not fetched, robots.txt unreadable: http://news.slow.test:{port}/robots.txt: "
        "news.slow.test: the DNS server did not answer within 0.3 s"
    )
    # the page itself (robots.txt already known) times out the same way, naming the host
    fetcher._robots.clear()
    fetcher._robots[f"http://news.slow.test:{port}"] = None
    with fetcher, translation.override("uk"), pytest.raises(FetchError) as error:
        fetcher.get(url)
    assert error.value.reason == "timeout"
    assert str(error.value) == f"{url}: news.slow.test: DNS-сервер не відповів за 0.3 с"
    assert media_server.requests == []


def test_not_http_is_refused(fetcher):
    with pytest.raises(FetchError):
        fetcher._request("file:///etc/passwd", headers={}, retries=0)


def test_retry_after_forms():
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    import datetime as dt

    now = dt.datetime(2020, 3, 2, 10, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("Mon, 02 Mar 2020 10:01:00 GMT", now=now) == 60.0


# --- internal addresses (SSRF) --------------------------------------------------------


def test_a_site_at_an_internal_address_is_refused_without_a_request(media_server, settings):
    settings.MONITORING_FETCH_ALLOW_PRIVATE = False  # as in production
    fetcher = Fetcher(user_agent="t", policy=FetchPolicy(retries=2), sleep=lambda s: None)
    with fetcher, translation.override("en"), pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/rss.xml"))
    assert error.value.reason == "refused"  # not "robots": robots.txt was refused too
    assert str(error.value) == (
        f"{media_server.url('/rss.xml')}: not fetched: "
        "127.0.0.1 (127.0.0.1): address in a private network"
    )
    assert fetcher.waits == []  # not retried
    assert media_server.requests == []


@pytest.mark.parametrize(
    ("path", "target"),
    [("/to-metadata", "169.254.169.254 (169.254.169.254)"), ("/to-localhost", "localhost (")],
)
def test_a_redirect_to_an_internal_address_is_refused(
    media_server, server_only, settings, path, target
):
    settings.MONITORING_FETCH_ALLOW_PRIVATE = False
    fetcher = Fetcher(
        user_agent="t", policy=FetchPolicy(retries=0), sleep=lambda s: None, guard=server_only
    )
    with fetcher, translation.override("en"):
        assert fetcher.get(media_server.url("/rss.xml")).status == 200  # the site is reachable
        with pytest.raises(FetchError) as error:
            fetcher.get(media_server.url(path))
    assert error.value.reason == "refused"
    assert target in str(error.value) and "address in a private network" in str(error.value)
    assert media_server.paths() == ["/robots.txt", "/rss.xml", path]
