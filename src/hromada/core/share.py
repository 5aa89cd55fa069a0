"""Share cards (Open Graph, Twitter) and structured data (schema.org JSON-LD) of public pages.

Every public page gets a card: its title, description, canonical address, `og:locale`, an image
with its size and alternative text (the page's own, else the city profile's share image, else
its logo), a `BreadcrumbList` and, on the site's home page, the council as a
`GovernmentOrganization`. A module adds what only it knows with a builder registered in its
`AppConfig.ready`: `register_page(PageClass, builder)` for a page type, or
`register_context("key", builder)` for a record one of its routes puts in the template context
(a dataset, a calendar event). A builder fills in the card it is given.

`templates/core/share_meta.html` renders the card; base.html includes it once in <head>.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language

# Facebook and Telegram draw a card 1.91:1; this is the size Facebook asks for.
CARD_IMAGE_SPEC = "fill-1200x630|format-jpeg"
LOGO_IMAGE_SPEC = "max-1200x1200|format-png"
DESCRIPTION_CHARS = 200
logger = logging.getLogger(__name__)
OG_LOCALES = {"uk": "uk_UA", "en": "en_GB"}


@dataclass
class ShareImage:
    url: str
    alt: str
    width: int | None = None
    height: int | None = None
    mime_type: str = ""


@dataclass
class Card:
    title: str
    url: str
    description: str = ""
    og_type: str = "website"
    image: ShareImage | None = None
    published: dt.datetime | None = None
    modified: dt.datetime | None = None
    # schema.org objects, each rendered as its own <script type="application/ld+json">.
    structured: list[dict[str, Any]] = field(default_factory=list)
    # The trail below the home page: (name, absolute URL); the last is this page.
    crumbs: list[tuple[str, str]] = field(default_factory=list)


Builder = Callable[[HttpRequest, Any, Card], None]
_page_builders: dict[type, Builder] = {}
_context_builders: dict[str, Builder] = {}


def register_page(page_class: type, builder: Builder) -> None:
    """`builder(request, page, card)` fills the card of every page of this type."""
    _page_builders[page_class] = builder


def register_context(key: str, builder: Builder) -> None:
    """`builder(request, context[key], card)` runs after the page's own builder when a route
    put `key` in the context (a record shown on a route of a page)."""
    _context_builders[key] = builder


def plain(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """Text of (rich) text for a description: tags out, spaces squeezed, cut at a word."""
    squeezed = " ".join(strip_tags(text or "").split())
    return Truncator(squeezed).chars(limit)


def absolute(request: HttpRequest, url: str) -> str:
    return url if url.startswith(("http://", "https://")) else request.build_absolute_uri(url)


def image_card(
    request: HttpRequest, image: Any, alt: str, spec: str = CARD_IMAGE_SPEC
) -> ShareImage | None:
    """A rendition of a Wagtail image sized for a share card (None when its file is missing:
    the page still renders, as Wagtail's {% image %} does)."""
    from wagtail.images.models import SourceImageIOError

    try:
        rendition = image.get_rendition(spec)
    except SourceImageIOError:
        logger.warning("share card: the file of image %s is missing", image.pk)
        return None
    mime = "image/png" if spec.endswith("png") else "image/jpeg"
    return ShareImage(
        url=absolute(request, rendition.url),
        alt=alt or image.title,
        width=rendition.width,
        height=rendition.height,
        mime_type=mime,
    )


def default_image(request: HttpRequest, city: Any) -> ShareImage | None:
    """The city profile's share image, else its logo, else nothing."""
    if city is None:
        return None
    image = None
    if getattr(city, "share_image_id", None):
        image = image_card(request, city.share_image, city.share_image_alt or city.council_name)
    if image is None and getattr(city, "logo_id", None):
        image = image_card(request, city.logo, city.council_name or city.name, LOGO_IMAGE_SPEC)
    return image


def government_organization(request: HttpRequest, city: Any) -> dict[str, Any]:
    """The council as schema.org GovernmentOrganization, from the city profile."""
    org: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": city.council_name or city.name,
        "url": request.build_absolute_uri("/"),
    }
    logo = image_card(request, city.logo, city.name, LOGO_IMAGE_SPEC) if city.logo_id else None
    if logo is not None:
        org["logo"] = logo.url
    if city.address:
        org["address"] = {
            "@type": "PostalAddress",
            "streetAddress": city.address,
            "addressLocality": city.name,
            "addressCountry": "UA",
        }
    if city.phone:
        org["telephone"] = city.phone
    if city.email:
        org["email"] = city.email
    if city.council_edrpou:
        org["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "ЄДРПОУ",
            "value": city.council_edrpou,
        }
    same_as = [url for url in (city.facebook_url, telegram_channel_url()) if url]
    if same_as:
        org["sameAs"] = same_as
    return org


def city_or_none(request: HttpRequest) -> Any:
    """The request's city profile, or None while it is not filled in."""
    from hromada.core.selectors import city_profile

    city = city_profile(request)
    return city if (city.council_name or city.name) else None


def telegram_channel_url() -> str:
    channel = getattr(settings, "TELEGRAM_CHANNEL", "").lstrip("@")
    return f"https://t.me/{channel}" if channel and not channel.lstrip("-").isdigit() else ""


def breadcrumb_list(request: HttpRequest, crumbs: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def _page_card(request: HttpRequest, page: Any) -> Card:
    title = page.seo_title or page.title
    url = absolute(request, request.path)
    description = page.search_description or plain(getattr(page, "intro", "") or "")
    card = Card(title=title, url=url, description=description)
    card.modified = getattr(page, "last_published_at", None)
    # The trail: the page's ancestors below the root page (the home page first).
    for ancestor in page.get_ancestors(inclusive=True).filter(depth__gt=1):
        card.crumbs.append((ancestor.title, absolute(request, ancestor.get_url(request) or "/")))
    return card


def build(context: Any) -> Card | None:
    """The card of the page being rendered, from its template context."""
    request = context.get("request")
    if request is None:
        return None
    city = context.get("city")
    page = context.get("page") or context.get("self")
    if page is not None and hasattr(page, "get_ancestors"):
        card = _page_card(request, page)
        for klass in type(page).__mro__:
            if klass in _page_builders:
                _page_builders[klass](request, page, card)
                break
    else:
        title = str(context.get("share_title") or getattr(city, "council_name", "") or "")
        card = Card(title=title, url=absolute(request, request.path))
    for key, builder in _context_builders.items():
        value = context.get(key)
        if value is not None:
            builder(request, value, card)
    if card.image is None:
        card.image = default_image(request, city)
    if card.description == "" and city is not None:
        card.description = city.council_name or city.name
    is_home = page is not None and getattr(page, "depth", 0) == 2 and request.path == page.url
    if is_home and city is not None and (city.council_name or city.name):
        card.structured.insert(0, government_organization(request, city))
    if len(card.crumbs) > 1:
        card.structured.append(breadcrumb_list(request, card.crumbs))
    return card


# (size, rel) of the site's icons: the browser tab, iOS's and Android's home screens, and the
# large one only the web app manifest lists (rel "").
ICON_SIZES = ((32, "icon"), (180, "apple-touch-icon"), (192, "icon"), (512, ""))


def site_icons(city: Any) -> list[dict[str, Any]]:
    """The site icons: square PNG renditions of the city's logo, else the built-in icons."""
    from django.templatetags.static import static
    from wagtail.images.models import SourceImageIOError

    logo = city.logo if city is not None and getattr(city, "logo_id", None) else None
    icons = []
    for size, rel in ICON_SIZES:
        href = static(f"core/icons/icon-{size}.png")
        if logo is not None:
            try:
                href = logo.get_rendition(f"fill-{size}x{size}|format-png").url
            except SourceImageIOError:
                logger.warning("site icons: the file of the logo %s is missing", logo.pk)
                logo = None
        icons.append({"rel": rel, "size": size, "href": href})
    return icons


def web_manifest(request: HttpRequest, city: Any) -> dict[str, Any]:
    """The web app manifest (W3C Web Application Manifest) of the portal."""
    name = (city.council_name or city.name) if city is not None else ""
    return {
        "name": name or "Hromada",
        "short_name": (city.name if city is not None and city.name else name)[:12] or "Hromada",
        "lang": settings.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0057b7",
        "icons": [
            {
                "src": absolute(request, icon["href"]),
                "sizes": f"{icon['size']}x{icon['size']}",
                "type": "image/png",
            }
            for icon in site_icons(city)
            if icon["size"] >= 192
        ],
    }


def og_locales() -> tuple[str, list[str]]:
    """The page's og:locale and the alternates (the site's other languages)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    current = OG_LOCALES.get(language, "uk_UA")
    alternates = [OG_LOCALES[code] for code, _ in settings.LANGUAGES if code != language]
    return current, [locale for locale in alternates if locale != current]


def json_ld(data: dict[str, Any]) -> str:
    """JSON for a <script> element: <, > and & escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
