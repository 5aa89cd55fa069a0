"""The public portal's page types.

The tree: HomePage → SectionPage (a section) → SectionPage (a subsection) → content.
News, event announcements, photo albums and videos live under their own index pages,
which may sit anywhere in the tree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from hromada.core import page_cache
from hromada.core.db import ukrainian
from hromada.portal.blocks import BodyBlock

NEWS_PER_PAGE = 12
EDITOR_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HomePage(Page):
    """The portal's front page: latest news, upcoming events, key sections and search."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = page_cache.SITE
    page_cache_shows = (
        "news",
        "events",
    )

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)
    news_count = models.PositiveSmallIntegerField(_("news items shown"), default=6)
    events_count = models.PositiveSmallIntegerField(_("upcoming events shown"), default=4)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("news_count"),
        FieldPanel("events_count"),
    ]
    subpage_types = [
        "portal.SectionPage",
        "portal.StandardPage",
        "portal.NewsIndexPage",
        "portal.EventIndexPage",
        "portal.GalleryIndexPage",
        "portal.VideoIndexPage",
        "activities.CityCalendarPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from hromada.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = selectors.latest_news(limit=self.news_count)
        context["upcoming_events"] = selectors.upcoming_distinct_events(limit=self.events_count)
        context["key_sections"] = selectors.menu_sections(self)
        return context


class SectionPage(Page):
    """A section of the site (directly under the home page) or a subsection (deeper)."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = page_cache.SITE
    page_cache_shows = (page_cache.ANY,)

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    # Any page type may sit in a section unless it restricts its own parents: the modules'
    # page types (registers, catalogues, forms) say `parent_page_types = ["portal.SectionPage"]`.

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    @property
    def is_subsection(self) -> bool:
        return not isinstance(self.get_parent().specific, HomePage)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_children().live().public().specific()
        return context


class StandardPage(Page):
    """An ordinary content page."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "pages"
    page_cache_shows = ("pages",)

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class NewsCategory(index.Indexed, models.Model):
    """A news category ("Культура", "Освіта", …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsIndexPage(Page):
    """The news list ("Новини"): paged, filtered by category, tag and year."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "news"
    page_cache_shows = ("news",)

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["portal.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from hromada.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        filters = selectors.NewsFilters.from_query(request.GET)
        news = selectors.news_list(index_page=self, filters=filters)
        page = Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            news_page=page,
            filters=filters,
            categories=NewsCategory.objects.order_by(ukrainian("name")),
            years=selectors.news_years(index_page=self),
            filter_query=filters.as_query(),
        )
        return context


class ChannelFieldPanel(FieldPanel):
    """A "post to …" box, shown only when that channel's token is configured."""

    def __init__(self, field_name: str, *args: Any, setting: str = "", **kwargs: Any) -> None:
        super().__init__(field_name, *args, **kwargs)
        self.setting = setting

    def clone_kwargs(self) -> dict[str, Any]:
        return {**super().clone_kwargs(), "setting": self.setting}

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self) -> bool:
            from django.conf import settings

            configured = bool(getattr(settings, self.panel.setting, ""))
            return configured and super().is_shown()


def post_to_facebook_field() -> models.BooleanField:
    return models.BooleanField(_("post to Facebook"), default=False)


def post_to_telegram_field() -> models.BooleanField:
    return models.BooleanField(_("post to Telegram"), default=False)


# The editor's "post to Facebook / Telegram" boxes: on publishing, the outreach module posts
# the page to the city's channels (and updates or removes the post later).
CHANNEL_PANELS = [
    MultiFieldPanel(
        [
            ChannelFieldPanel("post_to_facebook", setting="FACEBOOK_PAGE_TOKEN"),
            ChannelFieldPanel("post_to_telegram", setting="TELEGRAM_BOT_TOKEN"),
        ],
        heading=_("The city's channels"),
    )
]


class NewsPage(Page):
    """A news item."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "news"
    page_cache_shows = ("news",)

    date = models.DateTimeField(_("date"), default=timezone.now)
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    lead_image = models.ForeignKey(
        "core.HromadaImage",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("lead image alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Required when there is a lead image: what it shows."),
    )
    lead = models.TextField(_("lead"), max_length=600, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    post_to_facebook = post_to_facebook_field()
    post_to_telegram = post_to_telegram_field()

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("category", [index.SearchField("name")]),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("category"), FieldPanel("tags")], heading=_("Details")
        ),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Lead image")
        ),
        FieldPanel("lead"),
        FieldPanel("body"),
        *CHANNEL_PANELS,
    ]
    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-date"]

    def clean(self) -> None:
        super().clean()
        if self.lead_image_id and not self.lead_image_alt.strip():
            raise ValidationError(
                {"lead_image_alt": _("Describe the lead image for people who cannot see it.")}
            )

    def photo_count(self) -> int:
        """Photos in this news item: the lead image and every image block of the body."""
        body_images = sum(1 for block in self.body if block.block_type == "image")
        return body_images + (1 if self.lead_image_id else 0)


class EventIndexPage(Page):
    """Event announcements ("Анонс подій"): upcoming first, then past ones."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "events"
    page_cache_shows = ("events",)

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["portal.EventPage"]

    class Meta:
        verbose_name = _("event announcements index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from hromada.portal import selectors

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_events"] = selectors.upcoming_events(index_page=self, limit=100)
        context["past_events"] = selectors.past_events(index_page=self, limit=30)
        return context


class EventPage(Page):
    """An event announcement: when, where and what."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "events"
    page_cache_shows = ("events",)

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255)
    organizer = models.CharField(_("organizer"), max_length=255, blank=True)
    description = RichTextField(_("description"), blank=True, features=EDITOR_FEATURES)
    image = models.ForeignKey(
        "core.HromadaImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(_("image alternative text"), max_length=255, blank=True)
    post_to_facebook = post_to_facebook_field()
    post_to_telegram = post_to_telegram_field()

    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("place"),
        index.FilterField("start"),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("start"), FieldPanel("end"), FieldPanel("place"), FieldPanel("organizer")],
            heading=_("When and where"),
        ),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        *CHANNEL_PANELS,
    ]
    parent_page_types = ["portal.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event announcement")
        verbose_name_plural = _("event announcements")

    def clean(self) -> None:
        super().clean()
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("An event cannot end before it starts.")})
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )


class GalleryIndexPage(Page):
    """The photo gallery ("Фотогалерея"): a list of albums."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "media"
    page_cache_shows = ("media",)

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["portal.AlbumPage"]

    class Meta:
        verbose_name = _("photo gallery")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["albums"] = (
            AlbumPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-date")
            .prefetch_related("photos__image")
        )
        return context


class AlbumPage(Page):
    """A photo album: captioned photos, each with alternative text."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "media"
    page_cache_shows = ("media",)

    date = models.DateField(_("date"), default=dt.date.today)
    description = RichTextField(_("description"), blank=True, features=EDITOR_FEATURES)

    search_fields = [*Page.search_fields, index.SearchField("description")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("description"),
        InlinePanel("photos", label=_("Photos"), min_num=1),
    ]
    parent_page_types = ["portal.GalleryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("photo album")
        verbose_name_plural = _("photo albums")

    @property
    def cover(self) -> AlbumPhoto | None:
        return self.photos.select_related("image").first()


class AlbumPhoto(Orderable):
    album = ParentalKey(AlbumPage, related_name="photos", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "core.HromadaImage", verbose_name=_("photo"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class VideoIndexPage(Page):
    """The video gallery ("Відеогалерея")."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "media"
    page_cache_shows = ("media",)

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["portal.VideoPage"]

    class Meta:
        verbose_name = _("video gallery")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["videos"] = VideoPage.objects.child_of(self).live().public().order_by("-date")
        return context


class VideoPage(Page):
    """A video published on a hosting service, embedded when the provider answers."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "media"
    page_cache_shows = ("media",)

    date = models.DateField(_("date"), default=dt.date.today)
    video_url = models.URLField(_("video address"), help_text=_("YouTube or Vimeo link"))
    description = RichTextField(_("description"), blank=True, features=EDITOR_FEATURES)

    search_fields = [*Page.search_fields, index.SearchField("description")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("video_url"),
        FieldPanel("description"),
    ]
    parent_page_types = ["portal.VideoIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")


class SearchEntry(models.Model):
    """One page or document in the site search (portal/search.py): its words as stems
    (`search_document`, core/wordsearch.py), so "рішенням" finds what "рішення" finds, and its
    plain text for the snippets. Kept current on publish, unpublish and document save;
    `hromada rebuild_site_search` rebuilds it. On PostgreSQL the column `search_vector`
    (migration 0003) holds the stems as a tsvector with a GIN index."""

    page = models.OneToOneField(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.OneToOneField(
        "core.HromadaDocument", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.TextField(blank=True)
    text = models.TextField(blank=True)
    search_document = models.TextField(blank=True, default="")
    date = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=False) ^ models.Q(document__isnull=False),
                name="portal_searchentry_page_or_document",
            )
        ]

    def __str__(self) -> str:
        return self.title
