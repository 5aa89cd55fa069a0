"""The portal's report figures (keys fixed by the metric contract (docs/architecture.md))."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy
from wagtail.query import PageQuerySet

from hromada.core.metrics import Period, register
from hromada.portal.models import AlbumPage, AlbumPhoto, HomePage, NewsPage, SectionPage, VideoPage


def first_published_in(queryset: PageQuerySet, period: Period) -> PageQuerySet:
    start, end = period.bounds()
    return queryset.live().filter(first_published_at__gte=start, first_published_at__lt=end)


def news_published(period: Period) -> PageQuerySet:
    return first_published_in(NewsPage.objects.all(), period)


def _sections(period: Period) -> PageQuerySet:
    return first_published_in(SectionPage.objects.all(), period)


def sections_created(period: Period) -> PageQuerySet:
    """Sections are SectionPages whose parent is a home page."""
    home_depths = set(HomePage.objects.values_list("depth", flat=True))
    return _sections(period).filter(depth__in={d + 1 for d in home_depths})


def subsections_created(period: Period) -> PageQuerySet:
    home_depths = set(HomePage.objects.values_list("depth", flat=True))
    return _sections(period).exclude(depth__in={d + 1 for d in home_depths})


def albums_created(period: Period) -> PageQuerySet:
    return first_published_in(AlbumPage.objects.all(), period)


def album_photos(period: Period) -> QuerySet[AlbumPhoto]:
    albums = first_published_in(AlbumPage.objects.all(), period)
    return AlbumPhoto.objects.filter(album__in=albums)


def news_photos(period: Period) -> int:
    news = first_published_in(NewsPage.objects.all(), period).only("body", "lead_image")
    return sum(item.photo_count() for item in news.iterator(chunk_size=200))


def videos_published(period: Period) -> PageQuerySet:
    return first_published_in(VideoPage.objects.all(), period)


register(
    "portal.news_published",
    label=_("News items published"),
    unit=npgettext_lazy("report unit", "article", "articles"),
    definition=_("News items first published in the period and still published."),
    records=news_published,
)
register(
    "portal.sections_created",
    label=_("New site sections created"),
    unit=npgettext_lazy("report unit", "section", "sections"),
    definition=_("Section pages directly under the home page, first published in the period."),
    records=sections_created,
)
register(
    "portal.subsections_created",
    label=_("New site subsections created"),
    unit=npgettext_lazy("report unit", "subsection", "subsections"),
    definition=_("Section pages under another section, first published in the period."),
    records=subsections_created,
)
register(
    "portal.albums_created",
    label=_("Photo albums created"),
    unit=npgettext_lazy("report unit", "album", "albums"),
    definition=_("Photo albums first published in the period."),
    records=albums_created,
)
register(
    "portal.album_photos",
    label=_("Photos placed in albums"),
    unit=npgettext_lazy("report unit", "photo", "photos"),
    definition=_("Photos in the albums first published in the period."),
    records=album_photos,
)
register(
    "portal.news_photos",
    label=_("Photos placed in news items"),
    unit=npgettext_lazy("report unit", "photo", "photos"),
    definition=_("Lead images and body images of the news items first published in the period."),
    compute=news_photos,
)
register(
    "portal.videos_published",
    label=_("Videos published"),
    unit=npgettext_lazy("report unit", "video", "videos"),
    definition=_("Videos first published in the video gallery in the period."),
    records=videos_published,
)
