"""Telegram channels as sources: their public web preview (t.me/s/<channel>, saved pages in
the real markup) read as a feed, older posts by paging (?before=), matched like articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hromada.monitoring import telegram_preview
from hromada.monitoring.models import Feed, MediaItem, MonitoringSettings, Outlet, Relevance
from hromada.monitoring.parsing import FeedError
from hromada.monitoring.pipeline import fetch_media

FIXTURES = Path(__file__).parent / "fixtures" / "telegram"
HTML = "text/html; charset=utf-8"


def test_a_preview_page_parsed(settings):
    page = telegram_preview.parse(
        (FIXTURES / "channel.html").read_bytes(), url="https://t.me/s/lys_news_test"
    )
    assert page.before == 1203
    assert [entry.url for entry in page.entries] == [
        "https://t.me/lys_news_test/1206",
        "https://t.me/lys_news_test/1205",
        "https://t.me/lys_news_test/1203",
    ]  # newest first; the photo without words is left out
    newest = page.entries[0]
    assert newest.published == dt.datetime(2020, 3, 2, 14, 5, tzinfo=dt.UTC)
    assert newest.views == 3400
    assert newest.summary == (
        "Лисичанськ: відновлено водопостачання на вулиці Садовій & Гагаріна.\n\n"
        "Дякуємо за терпіння!"
    )
    assert newest.title.startswith("Лисичанськ: відновлено водопостачання")
    assert page.entries[1].links == ["https://t.me/luhansk_ova_test/77"]  # forwarded from
    assert page.entries[2].links == ["https://lysychansk.example/news/grafik"]
    assert page.entries[2].views == 1200
    assert telegram_preview.channel_of("https://t.me/s/lys_news_test") == "lys_news_test"
    assert telegram_preview.channel_of("https://example.org/s/lys_news_test") is None
    with pytest.raises(FeedError):
        telegram_preview.parse(b"<html><body><p>not a channel</p></body></html>", url="x")


@pytest.mark.django_db
def test_a_channel_is_monitored_with_paging(media_server, fetcher, settings):
    settings.MONITORING_TELEGRAM_HOSTS = ["t.me", media_server.base.split("//", 1)[1]]
    media_server.extra["/s/lys_news_test"] = ((FIXTURES / "channel.html").read_bytes(), HTML)
    media_server.extra["/s/lys_news_test?before=1203"] = (
        (FIXTURES / "channel-before-1203.html").read_bytes(),
        HTML,
    )
    Outlet.objects.update(is_active=False)
    config = MonitoringSettings.load()
    config.politeness_seconds = 0
    config.save()
    outlet = Outlet.objects.create(
        name="Новини Лисичанська (Telegram)", kind="online", site_url="https://t.me/lys_news_test"
    )
    Feed.objects.create(outlet=outlet, url=media_server.url("/s/lys_news_test"))

    summary = fetch_media(fetcher=fetcher, outlets=[outlet])
    assert summary.feeds_failed == 0, summary.errors
    assert "/s/lys_news_test" in media_server.paths()
    items = {item.url.rsplit("/", 1)[1]: item for item in MediaItem.objects.filter(outlet=outlet)}
    assert set(items) == {"1206", "1205", "1203", "1200", "1199"}  # both pages read
    assert items["1206"].mentions_city and items["1206"].status != Relevance.UNRELATED
    assert items["1200"].mentions_city  # "Лисичанські": a word form of the name
    assert not items["1205"].mentions_city  # another city
    assert items["1203"].links == ["https://lysychansk.example/news/grafik"]
    assert items["1206"].published_at == dt.datetime(2020, 3, 2, 14, 5, tzinfo=dt.UTC)
    # No post's own page is requested: a post is its own text.
    assert not [path for path in media_server.paths() if path.startswith("/lys_news_test/")]

    # The next pass finds nothing new and reads no older page.
    requests_before = len(media_server.paths())
    assert fetch_media(fetcher=fetcher, outlets=[outlet]).new_items == 0
    assert len(media_server.paths()) - requests_before <= 1
