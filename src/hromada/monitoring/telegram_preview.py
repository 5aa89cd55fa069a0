"""A public Telegram channel read from its web preview, `https://t.me/s/<channel>`, as a feed.

The preview page lists the channel's latest posts, oldest first, each in a
`div.tgme_widget_message` with `data-post="<channel>/<id>"`: the text in
`.tgme_widget_message_text` (links as <a href>, line breaks as <br>), the time in
`a.tgme_widget_message_date > time[datetime]` (ISO 8601 with offset), the views in
`.tgme_widget_message_views` ("1.2K"), and for a forwarded post the source in
`.tgme_widget_message_forwarded_from_name`. Older posts are on `?before=<id>` (the page's
`link rel="prev"` or `.tme_messages_more[data-before]`). The preview shows no forward count.

Which hosts serve previews is a setting (`MONITORING_TELEGRAM_HOSTS`, default t.me), so a
feed address `https://t.me/s/<channel>` is read with this module instead of feedparser.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
from django.conf import settings

from hromada.monitoring.parsing import FeedEntry, FeedError

_CHANNEL_PATH = re.compile(r"^/s/([A-Za-z0-9_]{4,64})/?$")
_BEFORE = re.compile(r"[?&]before=(\d+)")
TITLE_CHARS = 120


def channel_of(url: str) -> str | None:
    """The channel's name when `url` is a preview page on a preview host, else None."""
    parts = urlsplit(url)
    hosts = getattr(settings, "MONITORING_TELEGRAM_HOSTS", ["t.me"])
    if parts.netloc.lower() not in hosts:
        return None
    match = _CHANNEL_PATH.match(parts.path)
    return match.group(1) if match else None


def older_url(url: str, before: int) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}?before={before}"


def views(text: str) -> int | None:
    """ "1.2K" → 1200, "3M" → 3000000, "857" → 857."""
    text = text.strip().upper().replace(",", ".")
    scale = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    try:
        return int(float(number) * scale)
    except ValueError:
        return None


@dataclass(frozen=True)
class PreviewPage:
    entries: list[FeedEntry]
    #: the id to ask `?before=` for the next older page, None on the oldest
    before: int | None


def _text(node: lxml.html.HtmlElement) -> str:
    for br in node.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(line.strip() for line in node.text_content().splitlines()).strip()


def parse(raw: bytes, *, url: str) -> PreviewPage:
    """The posts of one preview page (newest first) and where the older ones are."""
    try:
        root = lxml.html.document_fromstring(raw.decode("utf-8", "replace"))
    except (ValueError, lxml.etree.ParserError) as error:
        raise FeedError(str(error)) from error
    messages = root.xpath('//div[contains(@class, "tgme_widget_message") and @data-post]')
    if not messages and not root.xpath('//*[contains(@class, "tgme_channel_history")]'):
        raise FeedError("not a Telegram channel preview")
    entries = []
    for message in messages:
        post = message.get("data-post", "")
        text_nodes = message.xpath('.//div[contains(@class, "tgme_widget_message_text")]')
        times = message.xpath('.//a[contains(@class, "tgme_widget_message_date")]/time/@datetime')
        if not post or not text_nodes:
            continue  # a photo or a sticker without words: nothing to match
        text_node = text_nodes[-1]  # a reply quotes the other post's text first
        links = [href for href in text_node.xpath(".//a/@href") if href.startswith("http")]
        forwarded = message.xpath(
            './/a[contains(@class, "tgme_widget_message_forwarded_from_name")]/@href'
        )
        links += [href for href in forwarded if href.startswith("http")]
        text = _text(text_node)
        first_line = text.split("\n", 1)[0]
        title = (
            first_line if len(first_line) <= TITLE_CHARS else first_line[: TITLE_CHARS - 1] + "…"
        )
        published = dt.datetime.fromisoformat(times[0]) if times else None
        seen = message.xpath('.//span[contains(@class, "tgme_widget_message_views")]/text()')
        entries.append(
            FeedEntry(
                url=f"https://t.me/{post}",  # the post's own public address
                title=title or post,
                summary=text,
                published=published,
                links=links,
                views=views(seen[0]) if seen else None,
            )
        )
    before = None
    for href in root.xpath('//link[@rel="prev"]/@href') + root.xpath(
        '//*[contains(@class, "tme_messages_more")]/@data-before'
    ):
        match = _BEFORE.search(href) if "before=" in href else re.match(r"(\d+)$", href)
        if match:
            before = int(match.group(1))
            break
    entries.reverse()  # newest first, as feeds list them
    return PreviewPage(entries=entries, before=before)
