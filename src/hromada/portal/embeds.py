"""Video embeds that never make a page wait for a provider.

The provider's embed code is fetched in the background when a page is published and kept
in Wagtail's Embed table. Pages render only what is stored: when nothing is stored (the
provider was unreachable), the video is a plain link, which always works.
"""

from __future__ import annotations

import logging
import socket
from urllib.parse import urlparse

from wagtail.embeds.models import Embed

logger = logging.getLogger(__name__)
FETCH_TIMEOUT_SECONDS = 10


def stored_embed(url: str) -> Embed | None:
    return Embed.objects.filter(url=url).exclude(html="").first()


ALLOWED_FRAME_HOSTS = {"www.youtube.com", "www.youtube-nocookie.com", "youtube.com", "player.vimeo.com"}


def safe_embed_html(url: str, *, title: str) -> str:
    """The stored embed reduced to one iframe from a known provider, titled for screen readers."""
    import nh3

    embed = stored_embed(url)
    if embed is None:
        return ""
    cleaned = nh3.clean(
        embed.html,
        tags={"iframe"},
        attributes={"iframe": {"src", "width", "height", "allow", "allowfullscreen"}},
        url_schemes={"https"},
        link_rel=None,
    )
    src_start = cleaned.find('src="')
    src = cleaned[src_start + 5 : cleaned.find('"', src_start + 5)] if src_start >= 0 else ""
    if urlparse(src).hostname not in ALLOWED_FRAME_HOSTS:
        return ""
    escaped_title = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return cleaned.replace("<iframe", f'<iframe title="{escaped_title}" loading="lazy"', 1)


def provider_name(url: str) -> str:
    host = (urlparse(url).hostname or "").removeprefix("www.").removeprefix("m.")
    known = {"youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo", "facebook.com": "Facebook"}
    return known.get(host, host)


def fetch_embed(url: str) -> bool:
    """Ask the provider for the embed code; True when one is now stored."""
    from wagtail.embeds.embeds import get_embed
    from wagtail.embeds.exceptions import EmbedException

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(FETCH_TIMEOUT_SECONDS)
    try:
        get_embed(url)
        return True
    except (EmbedException, OSError) as error:
        logger.info("embed for %s not available: %s", url, error)
        return False
    finally:
        socket.setdefaulttimeout(previous)
