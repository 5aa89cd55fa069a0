"""portal.feeds: the news as RSS 2.0 and Atom, valid XML with the demo's news."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime

import pytest
from defusedxml import ElementTree
from django.test import Client

from hromada.portal.feeds import FEED_ITEMS
from hromada.portal.models import NewsPage

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def newest_news() -> list[NewsPage]:
    return list(NewsPage.objects.live().order_by("-date")[:FEED_ITEMS])


def test_rss_feed(client: Client) -> None:
    response = client.get("/news/rss.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert "Лисичанськ" in channel.findtext("title")
    assert "Лисичанська міська рада" in channel.findtext("description")
    assert channel.findtext("link") == "http://testserver/"

    items = channel.findall("item")
    expected = newest_news()
    assert len(items) == len(expected) == FEED_ITEMS < NewsPage.objects.live().count()
    assert [item.findtext("title") for item in items] == [news.title for news in expected]
    first, news = items[0], expected[0]
    assert first.findtext("link").endswith(news.url)
    assert first.findtext("link").startswith("http")
    assert first.findtext("description") == news.lead
    assert first.findtext("category") == news.category.name
    assert parsedate_to_datetime(first.findtext("pubDate")) == news.date
    assert first.findtext("guid")


def test_atom_feed(client: Client) -> None:
    response = client.get("/news/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert "Лисичанськ" in root.findtext(f"{ATOM}title")
    assert "Лисичанська міська рада" in root.findtext(f"{ATOM}subtitle")
    entries = root.findall(f"{ATOM}entry")
    expected = newest_news()
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        news.title for news in expected
    ]
    entry, news = entries[0], expected[0]
    assert entry.find(f"{ATOM}link").get("href").endswith(news.url)
    assert dt.datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == news.date
    assert dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) >= news.date
    assert entry.findtext(f"{ATOM}summary") == news.lead


def test_feeds_follow_publishing(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    news = newest_news()[0]
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    titles = [
        item.findtext("title")
        for item in ElementTree.fromstring(client.get("/news/rss.xml").content).iter("item")
    ]
    assert news.title not in titles
    assert len(titles) == FEED_ITEMS


def test_feed_titles_follow_the_city_profile(
    client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from hromada.core.services import setup_city

    with django_capture_on_commit_callbacks(execute=True):
        setup_city(
            name="Сєвєродонецьк", domains=["sed.gov.ua"], council_name="Сєвєродонецька міська рада"
        )
    channel = ElementTree.fromstring(client.get("/news/rss.xml").content).find("channel")
    assert "Сєвєродонецьк" in channel.findtext("title")
    assert "Сєвєродонецька міська рада" in channel.findtext("description")


def test_pages_announce_both_feeds(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/news/rss.xml"' in html
    assert 'type="application/atom+xml"' in html and 'href="/news/atom.xml"' in html


def test_item_links_use_the_address_the_reader_used(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    """The Wagtail site record still says localhost:80 on most installs (nothing sets it):
    links built from it would be dead for every subscriber."""
    settings.ALLOWED_HOSTS = ["lysychansk.gov.ua"]
    news = newest_news()[0]
    rss = client.get("/news/rss.xml", HTTP_HOST="lysychansk.gov.ua", secure=True)
    link = ElementTree.fromstring(rss.content).find("channel/item/link").text
    assert link == f"https://lysychansk.gov.ua{news.url}"
    atom = client.get("/news/atom.xml", HTTP_HOST="lysychansk.gov.ua")
    entry = ElementTree.fromstring(atom.content).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}link").get("href") == f"http://lysychansk.gov.ua{news.url}"


def test_the_feed_object_keeps_no_request_state(client: Client) -> None:
    from hromada.config import urls

    client.get("/news/rss.xml")
    feeds = [
        p.callback for p in urls.urlpatterns if getattr(p, "name", "") in {"news_rss", "news_atom"}
    ]
    assert len(feeds) == 2
    assert all(not hasattr(feed, "request") for feed in feeds)
