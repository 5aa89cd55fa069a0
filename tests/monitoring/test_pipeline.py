"""A whole fetch pass against the local server: the inbox gets the city's items only."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import translation

from hromada.monitoring import selectors
from hromada.monitoring.fetching import Fetcher, FetchPolicy
from hromada.monitoring.models import (
    Feed,
    MediaItem,
    MonitoringSettings,
    Outlet,
    Relevance,
    Topic,
)
from hromada.monitoring.pipeline import fetch_media

pytestmark = pytest.mark.django_db


def _outlet(name: str, *urls: str) -> Outlet:
    outlet = Outlet.objects.create(name=name, kind="online", site_url="http://127.0.0.1/")
    for url in urls:
        Feed.objects.create(outlet=outlet, url=url)
    return outlet


@pytest.fixture
def sources(media_server):  # type: ignore[no-untyped-def]
    Outlet.objects.update(is_active=False)  # only the local server's outlets in these tests
    config = MonitoringSettings.load()
    config.politeness_seconds = 0
    config.pause_after_failures = 2
    config.save()
    Topic.objects.update(is_active=False)  # only this test's topic
    Topic.objects.create(name="Ремонт доріг", keywords="ремонт\nдорог")
    return {
        "donbas": _outlet("Локальні новини", media_server.url("/rss.xml")),
        "luhansk": _outlet("Локальна Луганщина", media_server.url("/atom.xml")),
        "visti": _outlet("Міські вісті", media_server.url("/cp1251.xml")),
        "broken": _outlet("Зламана стрічка", media_server.url("/broken.xml")),
    }


def _item(media_server, path: str) -> MediaItem:
    return MediaItem.objects.get(url=media_server.url(path))


def test_one_pass_fills_the_inbox_with_the_citys_items_only(media_server, fetcher, sources):
    summary = fetch_media(fetcher=fetcher)
    assert summary.feeds_failed == 0, summary.errors
    assert summary.new_items == 7
    assert summary.relevant_items == 6

    # the deputy Лисиченко is a look-alike: kept aside, not in the inbox
    unrelated = _item(media_server, "/news/3.html")
    assert unrelated.status == Relevance.UNRELATED
    assert not unrelated.mentions_city
    inbox = set(selectors.inbox().values_list("url", flat=True))
    assert media_server.url("/news/3.html") not in inbox
    assert media_server.url("/news/1.html") in inbox

    # the page text was extracted, its body links kept, the mention highlighted
    first = _item(media_server, "/news/1.html")
    assert "Prozorro" in first.text
    assert "Популярне" not in first.text
    assert "https://lysychansk.gov.ua/news/remont-hetmanska" in first.links
    assert first.cites_official
    assert {"kind": "link", "value": "https://lysychansk.gov.ua/news/remont-hetmanska"} in (
        first.citation_evidence
    )
    assert "<mark>Лисичанську</mark>" in first.mentions.first().snippet
    assert list(first.topics.values_list("name", flat=True)) == ["Ремонт доріг"]

    # robots.txt forbids the page: the feed's summary is kept, the page never requested
    secret = _item(media_server, "/private/secret.html")
    assert "/private/secret.html" not in media_server.paths()
    assert secret.mentions_city
    assert "Лисичанці" in secret.text

    # windows-1251 feed and page without declared encoding, a Ukrainian date
    contest = _item(media_server, "/cp1251/1.html")
    assert contest.title == "Конкурс на проєкт скверу"
    assert "Лисичанська міська рада оголосила конкурс" in contest.text
    assert contest.published_at == dt.datetime(2020, 3, 10, 10, 15, tzinfo=ZoneInfo("Europe/Kyiv"))
    assert contest.cites_official  # names the official site in its text

    # a broken but readable feed still gives its readable entry
    assert _item(media_server, "/broken/1.html").mentions_city

    # the office named in the text is a citation
    school = _item(media_server, "/atom/2.html")
    assert school.cites_official
    assert any(e["kind"] == "phrase" for e in school.citation_evidence)

    # the rewritten reprint joins the first story; sharing one quote does not
    reprint = _item(media_server, "/atom/1.html")
    assert reprint.story_id == first.story_id is not None
    assert school.story_id != first.story_id
    story = first.story
    assert story.item_count == 2
    assert story.first_item == first

    sources["donbas"].refresh_from_db()
    assert sources["donbas"].consecutive_failures == 0
    assert sources["donbas"].last_success_at is not None


def test_a_second_pass_adds_nothing_and_skips_unchanged_feeds(media_server, fetcher, sources):
    fetch_media(fetcher=fetcher)
    count = MediaItem.objects.count()
    pages = media_server.paths().count("/news/1.html")
    summary = fetch_media(fetcher=fetcher)
    assert summary.new_items == 0
    assert summary.feeds_unchanged == 4
    assert MediaItem.objects.count() == count
    assert media_server.paths().count("/news/1.html") == pages


def test_conditional_get_uses_the_stored_etag(media_server, fetcher, sources):
    outlet = _outlet("Стрічка з ETag", media_server.url("/etag.xml"))
    fetch_media(fetcher=fetcher, outlets=[outlet])
    feed = outlet.feeds.get()
    assert feed.etag == '"v1-feed"'
    assert feed.last_modified
    summary = fetch_media(fetcher=fetcher, outlets=[outlet])
    assert summary.feeds_unchanged == 1
    headers = [h for path, h in media_server.requests if path == "/etag.xml"][-1]
    assert headers["if-none-match"] == '"v1-feed"'
    feed.refresh_from_db()
    assert feed.last_status == "304"


def test_failing_source_is_paused_after_repeated_failures(media_server, fetcher, sources):
    outlet = _outlet(
        "Мертвий сайт", media_server.url("/missing.xml"), media_server.url("/garbage.xml")
    )
    first = fetch_media(fetcher=fetcher, outlets=[outlet])
    assert first.feeds_failed == 2
    outlet.refresh_from_db()
    assert outlet.consecutive_failures == 1
    assert "404" in outlet.last_error
    assert outlet.paused_at is None
    second = fetch_media(fetcher=fetcher, outlets=[outlet])
    outlet.refresh_from_db()
    assert second.paused == ["Мертвий сайт"]
    assert outlet.paused_at is not None
    assert outlet in selectors.unhealthy_outlets()
    # a paused outlet is skipped by the regular pass
    third = fetch_media(fetcher=fetcher)
    assert "Мертвий сайт" not in third.paused
    from hromada.monitoring.services import resume_outlet

    resume_outlet(outlet=outlet)
    outlet.refresh_from_db()
    assert outlet.paused_at is None and outlet.consecutive_failures == 0


def test_hostile_feeds_fail_cleanly(media_server, fetcher, sources):
    outlet = _outlet(
        "Ворожий сайт",
        media_server.url("/big.xml"),
        media_server.url("/loop-a"),
        media_server.url("/slow.xml"),
        media_server.url("/busy-long.xml"),
    )
    summary = fetch_media(fetcher=fetcher, outlets=[outlet])
    assert summary.feeds_failed == 4
    statuses = set(outlet.feeds.values_list("last_status", flat=True))
    assert any("bytes" in status for status in statuses)
    assert any("redirects" in status for status in statuses)
    assert any("timed out" in status for status in statuses)
    assert any("retry after" in status for status in statuses)
    assert not MediaItem.objects.filter(outlet=outlet).exists()


def test_fetch_media_command(media_server, sources):
    out = io.StringIO()
    call_command("fetch_media", stdout=out, stderr=io.StringIO())
    assert "new items 7" in out.getvalue()
    ua = media_server.requests[0][1]["user-agent"]
    assert ua.startswith("Hromada/")
    assert "lysychanska miska rada" in ua
    assert "lysychansk.gov.ua" in ua
    assert "press@lysychansk.example" in ua


def test_unrelated_items_are_dropped_after_30_days(media_server, fetcher, sources):
    from django.utils import timezone

    from hromada.monitoring.services import drop_unrelated

    fetch_media(fetcher=fetcher)
    assert drop_unrelated() == 0
    later = timezone.now() + dt.timedelta(days=31)
    assert drop_unrelated(now=later) == 1
    assert not MediaItem.objects.filter(url=media_server.url("/news/3.html")).exists()
    assert MediaItem.objects.filter(url=media_server.url("/news/1.html")).exists()


# --- internal addresses (SSRF) --------------------------------------------------------


def test_a_feed_at_an_internal_address_fails_with_the_reason(media_server, sources, settings):
    settings.MONITORING_FETCH_ALLOW_PRIVATE = False  # as in production
    outlet = _outlet("Сайт у внутрішній мережі", media_server.url("/etag.xml"))
    summary = fetch_media(outlets=[outlet])  # the default fetcher reads the setting
    assert summary.feeds_failed == 1
    feed = outlet.feeds.get()
    assert feed.last_status.endswith("127.0.0.1 (127.0.0.1): адреса у внутрішній мережі")
    outlet.refresh_from_db()
    assert outlet.consecutive_failures == 1
    assert "адреса у внутрішній мережі" in outlet.last_error
    assert media_server.requests == []


def test_items_linking_to_internal_addresses_are_kept_without_their_pages(
    media_server, server_only, sources, settings
):
    settings.MONITORING_FETCH_ALLOW_PRIVATE = False
    outlet = _outlet("Ворожа стрічка", media_server.url("/internal-links.xml"))
    fetcher = Fetcher(
        user_agent="t",
        policy=FetchPolicy(retries=0, politeness_seconds=0),
        sleep=lambda s: None,
        guard=server_only,  # the fixtures' server is reachable, every other internal address not
    )
    with fetcher, translation.override("en"):
        summary = fetch_media(fetcher=fetcher, outlets=[outlet])
    assert (summary.feeds_failed, summary.new_items) == (0, 4)
    # Only the feed and the one public-like page were requested; the redirect was not followed.
    assert set(media_server.paths()) == {
        "/robots.txt",
        "/internal-links.xml",
        "/news/1.html",
        "/to-metadata",
    }
    refused = [error for error in summary.errors if "address in a private network" in error]
    assert len(refused) == 3
    assert any("169.254.169.254/latest/meta-data/: not fetched" in e for e in refused)
    assert any("127.0.0.1:9/admin/" in e for e in refused)
    assert any("/to-metadata: not fetched: 169.254.169.254" in e for e in refused)
    feed = outlet.feeds.get()
    assert feed.last_status.startswith("200: 4; 3 item page(s) refused: ")
    metadata = MediaItem.objects.get(url="http://169.254.169.254/latest/meta-data/")
    assert metadata.text == "Лисичанськ отримав нові автобуси."  # the feed's summary
    fetched = _item(media_server, "/news/1.html")
    assert fetched.text != fetched.summary  # the article's own text
    outlet.refresh_from_db()  # the feed works: the outlet stays healthy
    assert (outlet.consecutive_failures, outlet.last_error) == (0, "")


# --- redirects to other sites: their robots.txt ---------------------------------------

AWAY_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Новини з переспрямуваннями</title><link>{a}/</link>
<description>Посилання ведуть на інший сайт</description>
<item><title>У Лисичанську ремонтуватимуть вулицю Гетьманську</title>
  <link>{a}/away/1</link><description>Лисичанськ: роботи до кінця вересня.</description>
  <pubDate>Mon, 02 Mar 2020 12:00:00 +0200</pubDate></item>
<item><title>Лисичанськ: закрита сторінка</title>
  <link>{a}/away/2</link><description>Лисичанськ відкрив сквер.</description>
  <pubDate>Mon, 02 Mar 2020 13:00:00 +0200</pubDate></item>
</channel></rss>"""


def test_a_feed_redirected_to_a_site_whose_robots_txt_forbids_it_fails(
    media_server, other_site, fetcher, sources
):
    other_site.robots = b"User-agent: *\nDisallow: /\n"
    media_server.redirects["/moved-away.xml"] = other_site.url("/rss.xml")
    outlet = _outlet("Переїхала стрічка", media_server.url("/moved-away.xml"))
    summary = fetch_media(fetcher=fetcher, outlets=[outlet])
    assert (summary.feeds_failed, summary.new_items) == (1, 0)
    feed = outlet.feeds.get()
    assert feed.last_status == (
        f"robots.txt forbids {other_site.url('/rss.xml')} "
        f"(redirected from {media_server.url('/moved-away.xml')})"
    )
    assert not MediaItem.objects.filter(outlet=outlet).exists()
    assert other_site.paths() == ["/robots.txt"]  # the feed there was never requested


def test_item_pages_redirected_to_another_site_follow_its_robots_txt(
    media_server, other_site, fetcher, sources
):
    # The other site allows /news/ and forbids /private/ (the fixtures' robots.txt).
    media_server.extra["/away.xml"] = (
        AWAY_FEED.format(a=media_server.base).encode(),
        "application/rss+xml; charset=utf-8",
    )
    media_server.redirects["/away/1"] = other_site.url("/news/1.html")
    media_server.redirects["/away/2"] = other_site.url("/private/secret.html")
    outlet = _outlet("Новини з переспрямуваннями", media_server.url("/away.xml"))
    summary = fetch_media(fetcher=fetcher, outlets=[outlet])
    assert (summary.feeds_failed, summary.new_items) == (0, 2), summary.errors
    # The allowed page was fetched from the other site; the item keeps the feed's address
    # (the address the redirect started from), not the page's final one.
    fetched = MediaItem.objects.get(outlet=outlet, title__contains="Гетьманську")
    assert fetched.url == media_server.url("/away/1")
    assert "Prozorro" in fetched.text
    assert not MediaItem.objects.filter(url=other_site.url("/news/1.html")).exists()
    # The forbidden one was not requested: the item has the feed's summary.
    kept = MediaItem.objects.get(outlet=outlet, url=media_server.url("/away/2"))
    assert kept.text == "Лисичанськ відкрив сквер."
    assert other_site.paths() == ["/robots.txt", "/news/1.html"]
    assert media_server.paths() == ["/robots.txt", "/away.xml", "/away/1", "/away/2"]
