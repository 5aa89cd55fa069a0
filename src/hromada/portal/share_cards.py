"""The portal's share cards: news as schema.org NewsArticle, announcements as Event
(registered with core/share.py in PortalConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hromada.core import share


def news_card(request: HttpRequest, page: Any, card: share.Card) -> None:
    card.og_type = "article"
    card.published = page.date
    card.description = page.search_description or share.plain(page.lead)
    if page.lead_image_id:
        card.image = share.image_card(request, page.lead_image, page.lead_image_alt)
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": card.description,
        "datePublished": page.date.isoformat(),
        "mainEntityOfPage": card.url,
        "inLanguage": "uk",
    }
    if page.last_published_at:
        article["dateModified"] = page.last_published_at.isoformat()
    if card.image is not None:
        article["image"] = [card.image.url]
    city = share.city_or_none(request)
    if city is not None:
        publisher: dict[str, Any] = {
            "@type": "GovernmentOrganization",
            "name": city.council_name or city.name,
            "url": request.build_absolute_uri("/"),
        }
        article["author"] = publisher
        article["publisher"] = publisher
    card.structured.append(article)


def event_card(request: HttpRequest, page: Any, card: share.Card) -> None:
    card.description = page.search_description or share.plain(page.description)
    if page.image_id:
        card.image = share.image_card(request, page.image, page.image_alt)
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "startDate": page.start.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": page.place, "address": page.place},
        "url": card.url,
    }
    if page.end:
        event["endDate"] = page.end.isoformat()
    if card.description:
        event["description"] = card.description
    if page.organizer:
        event["organizer"] = {"@type": "Organization", "name": page.organizer}
    if card.image is not None:
        event["image"] = [card.image.url]
    card.structured.append(event)


def register() -> None:
    from hromada.portal.models import EventPage, NewsPage

    share.register_page(NewsPage, news_card)
    share.register_page(EventPage, event_card)
