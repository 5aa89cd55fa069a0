"""Feeds and article pages from fetched bytes (no network, no database).

Feeds go through feedparser (RSS 0.9x–2.0, RSS 1.0, Atom; broken but readable XML is
accepted); bytes in windows-1251 that declare no encoding are re-encoded first. Dates that
feedparser cannot read (Ukrainian month names) go through dateparser. Pages go to
trafilatura as raw bytes, so it detects their encoding; the links of the article body are
kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class FeedError(ValueError):
    """The bytes are not a feed that can be read."""


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    summary: str
    published: dt.datetime | None
    links: list[str] = field(default_factory=list)
    views: int | None = None  # a Telegram post's views (telegram_preview.py)


@dataclass(frozen=True)
class Article:
    text: str
    links: list[str]
    title: str = ""


_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*encoding=['\"]([^'\"]+)['\"]", re.IGNORECASE)
_CHARSET = re.compile(r"charset=([\w-]+)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _utf8_or_cp1251(raw: bytes, content_type: str) -> bytes:
    """Bytes that declare no encoding anywhere and are not UTF-8 are windows-1251 here."""
    if _XML_DECL.match(raw) or _CHARSET.search(content_type or ""):
        return raw
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace").encode("utf-8")
    return raw


def strip_tags(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text or "")).split())


@functools.cache
def _dateparser_settings() -> dict[str, object]:
    return {
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": "Europe/Kyiv",
        "PREFER_DATES_FROM": "past",
    }


def parse_date(raw: str) -> dt.datetime | None:
    """A feed's date: RFC 822 / ISO first, then Ukrainian, Russian or English words."""
    import email.utils

    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        iso = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return iso if iso.tzinfo else iso.replace(tzinfo=dt.UTC)
    except ValueError:
        pass
    import dateparser

    return dateparser.parse(
        raw,
        languages=["uk", "ru", "en"],
        settings=_dateparser_settings(),  # type: ignore[arg-type]
    )


def parse_feed(raw: bytes, *, content_type: str = "") -> list[FeedEntry]:
    import feedparser

    data = _utf8_or_cp1251(raw, content_type)
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.entries:
        if parsed.get("version"):
            return []  # a valid feed with nothing in it
        problem = parsed.get("bozo_exception") or _("no entries")
        raise FeedError(_("not a readable feed: %(problem)s") % {"problem": problem})
    entries = []
    for entry in parsed.entries:
        url = (entry.get("link") or "").strip()
        if not url.startswith(("http://", "https://")):
            continue
        published = None
        for key in ("published_parsed", "updated_parsed"):
            if entry.get(key):
                published = dt.datetime(*entry[key][:6]).replace(tzinfo=dt.UTC)
                break
        if published is None:
            published = parse_date(entry.get("published") or entry.get("updated") or "")
        summary_html = entry.get("summary") or ""
        for content in entry.get("content") or []:
            if len(content.get("value", "")) > len(summary_html):
                summary_html = content["value"]
        entries.append(
            FeedEntry(
                url=url,
                title=strip_tags(entry.get("title") or "") or url,
                summary=strip_tags(summary_html),
                published=published,
                links=_HREF.findall(summary_html),
            )
        )
    return entries


_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")


def extract_article(raw: bytes, *, url: str = "") -> Article | None:
    """The article's text (paragraphs separated by blank lines) and its body's links.

    trafilatura's plain-text output with links writes them as [text](address): the fastest
    of its outputs that keeps them (the XML one costs about 40% more). The addresses are
    collected and the link text left in place."""
    import trafilatura

    extracted = trafilatura.extract(
        raw, url=url or None, include_links=True, include_comments=False
    )
    if not extracted:
        return None
    links: list[str] = []

    def unlink(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return match.group(1)

    text = _MARKDOWN_LINK.sub(unlink, extracted)
    blocks = [" ".join(line.split()) for line in text.splitlines()]
    return Article(
        text="\n\n".join(block for block in blocks if block),
        links=[link for link in dict.fromkeys(links) if link.startswith(("http://", "https://"))],
    )
