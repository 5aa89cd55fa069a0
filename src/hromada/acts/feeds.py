"""Atom feed of a register page: its newest acts (of its kind, or of `?kind=`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from hromada.acts.models import Act, ActRegisterPage

FEED_ITEMS = 50


class ActsAtomFeed(Feed):
    """Called by the register page with itself as `page`; item links are left relative for the
    framework to complete with the address the reader used."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from hromada.acts import selectors

        page: ActRegisterPage = kwargs["page"]
        filters = selectors.clean_filters(request.GET, scope=page.scope, kind=page.kind)
        queryset = selectors.register(scope=page.scope, page_kind=page.kind, **filters)
        return {"page": page, "acts": list(queryset[:FEED_ITEMS])}

    def title(self, obj: dict[str, Any]) -> str:
        from hromada.core.selectors import city_profile

        profile = city_profile()
        city = profile.council_name or profile.name
        return f"{obj['page'].title} — {city}" if city else str(obj["page"].title)

    def link(self, obj: dict[str, Any]) -> str:
        return str(obj["page"].url or "/")

    def subtitle(self, obj: dict[str, Any]) -> str:
        return str(obj["page"].search_description or obj["page"].title)

    def items(self, obj: dict[str, Any]) -> list[Act]:
        return list(obj["acts"])

    def item_title(self, item: Act) -> str:
        number = f" № {item.number}" if item.number else ""
        return f"{item.kind_label}{number} {item.date:%d.%m.%Y}: {item.title}"

    def item_description(self, item: Act) -> str:
        return item.summary or item.title

    def item_link(self, item: Act) -> str:
        from hromada.acts import selectors

        return selectors.act_url(item) or "/"

    def item_guid(self, item: Act) -> str:
        return f"act-{item.pk}"

    def item_pubdate(self, item: Act) -> dt.datetime:
        day = item.published_on or item.date
        return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))

    def item_updateddate(self, item: Act) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: Act) -> list[str]:
        return [item.kind_label, *(topic.name for topic in item.topics.all())]
