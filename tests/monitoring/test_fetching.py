"""The fetcher against a real local server: timeouts, size cap, redirects, retries, robots."""

from __future__ import annotations

import pytest
from django.utils import translation

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


def test_redirect_loop_stops_at_the_limit(media_server, fetcher):
    with pytest.raises(FetchError) as error:
        fetcher.get(media_server.url("/loop-a"))
    assert error.value.reason == "redirects"
    assert media_server.hits["/loop-a"] + media_server.hits["/loop-b"] <= 4


def test_a_redirect_within_the_limit_is_followed(media_server, fetcher):
    response = fetcher.get(media_server.url("/moved.xml"))
    assert response.status == 200
    assert response.url.endswith("/rss.xml")


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
