"""RSS and Atom feeds of the news."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from hromada.core.selectors import city_profile
from hromada.portal.models import NewsPage
from hromada.portal.selectors import latest_news

FEED_ITEMS = 30


class NewsRssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    link = "/"

    def __call__(self, request: HttpRequest, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return _("News: %(city)s") % {"city": city_profile(self.request).name}

    def description(self) -> str:
        return _("News of the official portal of %(council)s") % {
            "council": city_profile(self.request).council_name or city_profile(self.request).name
        }

    def items(self) -> list[NewsPage]:
        return list(latest_news(limit=FEED_ITEMS))

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.lead or item.search_description

    def item_link(self, item: NewsPage) -> str:
        return item.get_full_url(self.request) or item.url or "/"

    def item_pubdate(self, item: NewsPage) -> dt.datetime:
        return item.date

    def item_updateddate(self, item: NewsPage) -> dt.datetime:
        return item.last_published_at or item.date

    def item_categories(self, item: NewsPage) -> list[str]:
        return [item.category.name] if item.category else []


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
