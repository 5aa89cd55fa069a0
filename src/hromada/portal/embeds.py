"""Video embeds that never make a page wait for a provider.

The provider's embed code is fetched in the background when a page is published and kept
in Wagtail's Embed table. Pages render only what is stored: when nothing is stored (the
provider was unreachable), the video is a plain link, which always works.
"""

from __future__ import annotations

import json
import logging
import time
from html import escape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlparse

import requests
from django.utils.html import format_html
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.oembed import OEmbedFinder as WagtailOEmbedFinder
from wagtail.embeds.models import Embed

logger = logging.getLogger(__name__)
# The whole exchange with a provider, connection to last byte, must fit in this.
FETCH_TIMEOUT_SECONDS = 10.0
MAX_OEMBED_BYTES = 256 * 1024


def stored_embed(url: str) -> Embed | None:
    return Embed.objects.filter(url=url).exclude(html="").first()


ALLOWED_FRAME_HOSTS = {
    "www.youtube.com",
    "www.youtube-nocookie.com",
    "youtube.com",
    "player.vimeo.com",
}


class _Iframes(HTMLParser):
    """Collects the attributes of every <iframe> in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.frames: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.frames.append(dict(attrs))


def _allowed_frame(attrs: dict[str, str | None]) -> bool:
    source = urlparse(attrs.get("src") or "")
    return source.scheme == "https" and source.hostname in ALLOWED_FRAME_HOSTS


def safe_embed_html(url: str, *, title: str) -> str:
    """The stored embed reduced to one iframe from a known provider, titled for screen readers.

    The iframe is rebuilt from the provider's src, size and `allow` list; everything else the
    stored code holds (scripts, other frames, other attributes) is left out.
    """
    embed = stored_embed(url)
    if embed is None:
        return ""
    parser = _Iframes()
    parser.feed(embed.html)
    parser.close()
    frame = next((attrs for attrs in parser.frames if _allowed_frame(attrs)), None)
    if frame is None:
        return ""
    parts = [f'src="{escape(frame["src"] or "")}"', f'title="{escape(title)}"', 'loading="lazy"']
    for name in ("width", "height"):
        value = (frame.get(name) or "").strip()
        if value.isdigit():
            parts.append(f'{name}="{value}"')
    if frame.get("allow"):
        parts.append(f'allow="{escape(frame["allow"] or "")}"')
    if "allowfullscreen" in frame:
        parts.append("allowfullscreen")
    return f"<iframe {' '.join(parts)}></iframe>"


def provider_name(url: str) -> str:
    host = (urlparse(url).hostname or "").removeprefix("www.").removeprefix("m.")
    known = {
        "youtube.com": "YouTube",
        "youtu.be": "YouTube",
        "vimeo.com": "Vimeo",
        "facebook.com": "Facebook",
    }
    return known.get(host, host)


class OEmbedFinder(WagtailOEmbedFinder):
    """Wagtail's oEmbed finder, bounded: the answer must come within FETCH_TIMEOUT_SECONDS
    and be at most MAX_OEMBED_BYTES (Wagtail's own waits up to 10 s per read, unbounded)."""

    def find_embed(
        self, url: str, max_width: int | None = None, max_height: int | None = None
    ) -> dict[str, Any]:
        endpoint = self._get_endpoint(url)
        if endpoint is None:
            raise EmbedNotFoundException
        params: dict[str, Any] = {**self.options, "url": url, "format": "json"}
        if max_width:
            params["maxwidth"] = max_width
        if max_height:
            params["maxheight"] = max_height
        oembed = _fetch_json(endpoint, params)
        if not isinstance(oembed, dict) or "type" not in oembed:
            raise EmbedNotFoundException("Missing 'type' in response")
        html: str | None
        if oembed["type"] == "photo":
            html = format_html('<img src="{}" alt="">', oembed.get("url", ""))
        else:
            html = oembed.get("html")
        return {
            "title": oembed.get("title", "") or "",
            "author_name": oembed.get("author_name", "") or "",
            "provider_name": oembed.get("provider_name", "") or "",
            "type": oembed["type"],
            "thumbnail_url": oembed.get("thumbnail_url"),
            "width": oembed.get("width"),
            "height": oembed.get("height"),
            "html": html,
        }


embed_finder_class = OEmbedFinder


def _fetch_json(endpoint: str, params: dict[str, Any]) -> Any:
    deadline = time.monotonic() + FETCH_TIMEOUT_SECONDS
    body = bytearray()
    try:
        with requests.get(
            endpoint,
            params=params,
            headers={"User-Agent": "Mozilla/5.0 (Hromada)"},
            timeout=FETCH_TIMEOUT_SECONDS,
            stream=True,
        ) as response:
            response.raise_for_status()
            for chunk in response.iter_content(chunk_size=16 * 1024):
                body.extend(chunk)
                if len(body) > MAX_OEMBED_BYTES:
                    raise EmbedNotFoundException("oEmbed answer too large")
                if time.monotonic() > deadline:
                    raise EmbedNotFoundException("oEmbed answer too slow")
    except requests.RequestException as error:
        raise EmbedNotFoundException(f"Request failed: {error}") from error
    try:
        return json.loads(bytes(body))
    except ValueError as error:
        raise EmbedNotFoundException("oEmbed answer is not JSON") from error


def fetch_embed(url: str) -> bool:
    """Ask the provider for the embed code; True when one is now stored."""
    from wagtail.embeds.embeds import get_embed
    from wagtail.embeds.exceptions import EmbedException

    try:
        get_embed(url)
    except (EmbedException, OSError) as error:
        logger.info("embed for %s not available: %s", url, error)
        return False
    return stored_embed(url) is not None
