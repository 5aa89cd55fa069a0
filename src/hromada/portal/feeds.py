"""RSS and Atom feeds of the news."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from hromada.core.models import CityProfile
from hromada.core.selectors import city_profile
from hromada.portal.models import NewsPage
from hromada.portal.selectors import latest_news

FEED_ITEMS = 30


class NewsRssFeed(Feed):
    """One instance serves every request (it is in the URLconf), so it keeps no request state:
    the city profile comes in as the feed's object, and item links are left relative for the
    framework to complete with the address the reader used."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    link = "/"

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> CityProfile:
        return city_profile(request)

    def title(self, profile: CityProfile) -> str:
        return _("News: %(city)s") % {"city": profile.name}

    def description(self, profile: CityProfile) -> str:
        return _("News of the official portal of %(council)s") % {
            "council": profile.council_name or profile.name
        }

    def items(self) -> list[NewsPage]:
        return list(latest_news(limit=FEED_ITEMS))

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.lead or item.search_description

    def item_link(self, item: NewsPage) -> str:
        return item.url or "/"

    def item_pubdate(self, item: NewsPage) -> dt.datetime:
        return item.date

    def item_updateddate(self, item: NewsPage) -> dt.datetime:
        return item.last_published_at or item.date

    def item_categories(self, item: NewsPage) -> list[str]:
        return [item.category.name] if item.category else []


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
