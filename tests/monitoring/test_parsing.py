"""Feeds and pages from bytes: RSS, Atom, broken XML, windows-1251, Ukrainian dates, links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hromada.monitoring.parsing import FeedError, extract_article, parse_date, parse_feed

FIXTURES = Path(__file__).parent / "fixtures"
KYIV = ZoneInfo("Europe/Kyiv")


def _feed(name: str) -> bytes:
    return (FIXTURES / name).read_bytes().replace(b"HOST", b"news.example")


def test_rss_entries():
    entries = parse_feed(_feed("rss.xml"), content_type="application/rss+xml; charset=utf-8")
    assert [e.url for e in entries] == [
        "http://news.example/news/1.html",
        "http://news.example/news/3.html",
        "http://news.example/private/secret.html",
    ]
    assert entries[0].title == "У Лисичанську ремонтуватимуть вулицю Гетьманську"
    assert entries[0].published == dt.datetime(2020, 3, 2, 7, 0, tzinfo=dt.UTC)
    assert entries[2].summary == "Лисичанці обговорюють нові тарифи на воду."


def test_atom_entries():
    entries = parse_feed(_feed("atom.xml"), content_type="application/atom+xml")
    assert [e.title for e in entries] == [
        "Ремонт Гетьманської стартує в понеділок",
        "У школі № 8 відкрили оновлений спортзал",
    ]
    assert entries[0].published == dt.datetime(2020, 3, 3, 8, 0, tzinfo=dt.UTC)


def test_windows_1251_without_declaration_and_a_ukrainian_date():
    entries = parse_feed(_feed("cp1251.xml"), content_type="application/xml")
    assert entries[0].title == "Конкурс на проєкт скверу"
    assert entries[0].summary == "Лисичанська міська рада оголосила конкурс."
    assert entries[0].published == dt.datetime(2020, 3, 10, 10, 15, tzinfo=KYIV)


def test_broken_but_readable_feed_gives_what_it_can():
    entries = parse_feed(_feed("broken.xml"))
    assert entries
    assert "Лисичанську" in entries[0].title


@pytest.mark.parametrize(
    "raw",
    [
        (FIXTURES / "garbage.xml").read_bytes(),
        b"",
        b"<html><body><p>Not a feed</p></body></html>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>',
    ],
)
def test_unreadable_feeds_raise(raw):
    with pytest.raises(FeedError):
        parse_feed(raw)


def test_entries_without_http_links_are_skipped():
    raw = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>A</title><link>javascript:alert(1)</link></item>"
        b"<item><title>B</title><link>https://ok.example/b</link></item></channel></rss>"
    )
    assert [e.url for e in parse_feed(raw)] == ["https://ok.example/b"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Вт, 10 бер 2020 10:15:00", dt.datetime(2020, 3, 10, 10, 15, tzinfo=KYIV)),
        ("12 березня 2024", dt.datetime(2024, 3, 12, tzinfo=KYIV)),
        ("Mon, 02 Mar 2020 09:00:00 +0200", dt.datetime(2020, 3, 2, 7, tzinfo=dt.UTC)),
        ("2020-03-02T09:00:00Z", dt.datetime(2020, 3, 2, 9, tzinfo=dt.UTC)),
    ],
)
def test_dates(raw, expected):
    assert parse_date(raw) == expected


def test_unparseable_dates_are_none():
    assert parse_date("") is None
    assert parse_date("колись давно, ще до війни") is None


def test_article_text_and_body_links_from_raw_bytes():
    article = extract_article((FIXTURES / "news-1.html").read_bytes())
    assert article is not None
    assert "Prozorro" in article.text
    assert "Популярне" not in article.text and "Погода на вихідні" not in article.text
    assert article.links == ["https://lysychansk.gov.ua/news/remont-hetmanska"]
    assert "[" not in article.text


def test_windows_1251_page_without_charset():
    article = extract_article((FIXTURES / "cp1251-1.html").read_bytes())
    assert article is not None
    assert "Лисичанська міська рада оголосила конкурс" in article.text


def test_empty_page_gives_nothing():
    assert extract_article(b"<html><body></body></html>") is None


def test_a_valid_empty_feed_has_no_entries():
    raw = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    assert parse_feed(raw) == []
