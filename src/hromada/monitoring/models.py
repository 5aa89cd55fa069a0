"""Media monitoring records: outlets and their feeds, collected items, mentions, stories,
topics, thematic reviews and information notes.

`Outlet` is shared with the activity journal (coverage contracts, published greetings):
its fields are a contract, extended here only by adding fields.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from hromada.core.db import ukrainian
from hromada.core.models import AbstractDocxTemplate


class OutletKind(models.TextChoices):
    ONLINE = "online", _("Online media")
    NEWSPAPER = "newspaper", _("Newspaper")
    TV = "tv", _("TV")
    RADIO = "radio", _("Radio")
    SOCIAL = "social", _("Social media")


class Outlet(index.Indexed, ClusterableModel):
    """A newspaper, site, TV or radio station or social-media page the office works with.

    Monitoring reads its feeds while it is active and not paused. After
    `MonitoringSettings.pause_after_failures` failed passes in a row it is paused
    automatically and listed as an alert on the admin dashboard; resume it in its form.
    """

    name = models.CharField(_("name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices)
    site_url = models.URLField(_("site"), max_length=500, blank=True)
    region = models.CharField(_("region"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Health of the fetching, kept by the pipeline.
    last_success_at = models.DateTimeField(_("last successful fetch"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failed fetch"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    paused_at = models.DateTimeField(
        _("paused automatically at"),
        null=True,
        blank=True,
        help_text=_("Set after repeated failures. Clear it to resume fetching."),
    )

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("is_active"),
    ]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("kind"),
                FieldPanel("site_url"),
                FieldPanel("region"),
                FieldPanel("is_active"),
                FieldPanel("notes"),
            ],
            heading=_("Outlet"),
        ),
        InlinePanel("feeds", heading=_("Feeds"), label=_("feed")),
        MultiFieldPanel(
            [
                FieldPanel("paused_at"),
                FieldPanel("consecutive_failures", read_only=True),
                FieldPanel("last_success_at", read_only=True),
                FieldPanel("last_failure_at", read_only=True),
                FieldPanel("last_error", read_only=True),
            ],
            heading=_("Health"),
        ),
    ]

    class Meta:
        verbose_name = _("media outlet")
        verbose_name_plural = _("media outlets")
        ordering = [ukrainian("name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class Feed(Orderable):
    """One RSS or Atom feed of an outlet, with what the last fetch remembered."""

    outlet = ParentalKey(Outlet, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(_("feed URL"), max_length=1000, unique=True)
    etag = models.CharField(_("ETag"), max_length=255, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=255, blank=True, editable=False)
    body_hash = models.CharField(_("body hash"), max_length=64, blank=True, editable=False)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, editable=False)
    last_status = models.CharField(_("last result"), max_length=255, blank=True, editable=False)

    panels = [FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")

    def __str__(self) -> str:
        return self.url


@register_setting(icon="search")
class MonitoringSettings(BaseGenericSetting):
    """How mentions of the city and citations of the office are recognised, and how politely
    and persistently sources are fetched."""

    generated_forms = models.TextField(
        _("generated word forms"),
        blank=True,
        help_text=_(
            "Filled from the city profile (every inflection of the name, adjectives and "
            "demonyms) whenever the profile is saved. One per line."
        ),
    )
    extra_forms = models.TextField(
        _("extra word forms and aliases"),
        blank=True,
        help_text=_("One per line: spellings to find in addition to the generated forms."),
    )
    excluded_words = models.TextField(
        _("look-alike words to ignore"),
        blank=True,
        help_text=_("One per line: surnames or words that resemble the name but are not it."),
    )
    official_phrases = models.TextField(
        _("phrases naming the office or the official site"),
        blank=True,
        help_text=_("One per line. An item containing one of them cites the office."),
    )
    pause_after_failures = models.PositiveSmallIntegerField(
        _("pause a source after this many failed fetches in a row"), default=5
    )
    politeness_seconds = models.FloatField(
        _("seconds between requests to the same site"), default=2.0
    )
    keep_unrelated_days = models.PositiveSmallIntegerField(
        _("days to keep items that do not mention the city"), default=30
    )
    panels = [
        FieldPanel("generated_forms", read_only=True),
        FieldPanel("extra_forms"),
        FieldPanel("excluded_words"),
        FieldPanel("official_phrases"),
        FieldPanel("pause_after_failures"),
        FieldPanel("politeness_seconds"),
        FieldPanel("keep_unrelated_days"),
    ]

    class Meta:
        verbose_name = _("monitoring settings")


class Topic(models.Model):  # type: ignore[django-manager-missing]
    """A theme of the office's reviews; items get it when they contain one of its keywords."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("One per line; a keyword matches words that begin with it."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("name"), FieldPanel("keywords"), FieldPanel("is_active")]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = [ukrainian("name")]

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    """Items that are reprints of one another (near-duplicates within 14 days)."""

    title = models.CharField(_("title"), max_length=500)
    first_item = models.ForeignKey(
        "MediaItem",
        verbose_name=_("first published"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    item_count = models.PositiveIntegerField(_("items"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def first_outlet(self) -> str:
        """Who published the story first."""
        return self.first_item.outlet.name if self.first_item else ""

    first_outlet.fget.short_description = _("first published by")  # type: ignore[attr-defined]

    def describe(self) -> str:
        """ "1 story, N reprints, first published by X"."""
        from django.utils.translation import ngettext

        reprints = max(self.item_count - 1, 0)
        return ngettext(
            "1 story, %(count)d reprint, first published by %(outlet)s",
            "1 story, %(count)d reprints, first published by %(outlet)s",
            reprints,
        ) % {"count": reprints, "outlet": self.first_outlet}


class Relevance(models.TextChoices):
    UNRELATED = "unrelated", _("Does not mention the city")
    NEW = "new", _("New")
    RELEVANT = "relevant", _("Relevant")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class MediaItem(index.Indexed, models.Model):  # type: ignore[django-manager-missing]
    """A news item: collected from a feed, or entered by hand for print, TV and radio."""

    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="items"
    )
    feed = models.ForeignKey(
        Feed, verbose_name=_("feed"), null=True, blank=True, on_delete=models.SET_NULL
    )
    url = models.URLField(_("address"), max_length=1000, blank=True)
    title = models.CharField(_("title"), max_length=1000)
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text"), blank=True)
    links = models.JSONField(_("links in the text"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), db_index=True)
    collected_at = models.DateTimeField(_("collected"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Relevance.choices, default=Relevance.NEW, db_index=True
    )
    mentions_city = models.BooleanField(_("mentions the city"), default=False)
    cites_official = models.BooleanField(_("cites the office or official site"), default=False)
    citation_evidence = models.JSONField(_("citation evidence"), default=list, blank=True)
    story = models.ForeignKey(
        Story,
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    is_manual = models.BooleanField(_("entered by hand"), default=False)
    attachment = models.ForeignKey(
        "core.HromadaDocument",
        verbose_name=_("scan or recording"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("text"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("published_at"),
        index.FilterField("outlet_id"),
        index.FilterField("cites_official"),
        index.FilterField("mentions_city"),
        index.FilterField("is_manual"),
        index.FilterField("story_id"),
    ]

    panels = [
        FieldPanel("outlet"),
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("published_at"),
        FieldPanel("status"),
        FieldPanel("topics"),
        FieldPanel("text"),
        FieldPanel("attachment"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("media item")
        verbose_name_plural = _("media items")
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="monitoring_item_unique_url"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def highlighted(self) -> str:
        """The first mention's snippet: escaped text with the match in <mark>."""
        from django.utils.safestring import mark_safe

        # At most 20 mentions per item; the inbox listing prefetches them.
        mentions = list(self.mentions.all())[:1]
        # The snippet is built escaped by matching.snippet; only <mark> is markup.
        return mark_safe(mentions[0].snippet) if mentions else ""

    highlighted.fget.short_description = _("mention")  # type: ignore[attr-defined]


class Mention(models.Model):
    """Where an item names the city: the matched word and a snippet with it highlighted."""

    item = models.ForeignKey(MediaItem, on_delete=models.CASCADE, related_name="mentions")
    matched = models.CharField(_("matched words"), max_length=255)
    position = models.PositiveIntegerField(_("position"))
    snippet = models.TextField(_("snippet"))

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["item", "position"]

    def __str__(self) -> str:
        return self.matched


class Review(ClusterableModel):
    """A thematic review ("тематичний огляд") built from chosen items, in the chosen order."""

    title = models.CharField(_("title"), max_length=500)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    prepared_on = models.DateField(_("prepared on"), default=dt.date.today)
    compiler = models.CharField(
        _("prepared by"),
        max_length=255,
        blank=True,
        help_text=_("Name and position, as signed under the document."),
    )
    introduction = models.TextField(_("introduction"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("topic"),
        FieldPanel("period_start"),
        FieldPanel("period_end"),
        FieldPanel("prepared_on"),
        FieldPanel("compiler"),
        FieldPanel("introduction"),
        InlinePanel("entries", heading=_("Items"), label=_("item")),
    ]

    class Meta:
        verbose_name = _("thematic review")
        verbose_name_plural = _("thematic reviews")
        ordering = ["-prepared_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ReviewEntry(Orderable):
    review = ParentalKey(Review, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(
        MediaItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="review_entries"
    )
    annotation = models.TextField(_("annotation"), blank=True)

    panels = [FieldPanel("item"), FieldPanel("annotation")]

    class Meta(Orderable.Meta):
        verbose_name = _("review item")
        verbose_name_plural = _("review items")

    def __str__(self) -> str:
        return str(self.item)


class NoteKind(models.TextChoices):
    WEEKLY = "weekly_note", _("Weekly information note")
    DAILY = "daily_note", _("Daily information note")


class InformationNote(models.Model):
    """A weekly or daily information note for the regional administration: generated from the
    period's relevant items grouped by story, then edited by staff."""

    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices)
    title = models.CharField(_("title"), max_length=500)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    prepared_on = models.DateField(_("prepared on"), default=dt.date.today)
    compiler = models.CharField(
        _("prepared by"),
        max_length=255,
        blank=True,
        help_text=_("Name and position, as signed under the document."),
    )
    body = RichTextField(_("text"), blank=True)
    items = models.ManyToManyField(MediaItem, verbose_name=_("items"), blank=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("period_start"),
        FieldPanel("period_end"),
        FieldPanel("prepared_on"),
        FieldPanel("compiler"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("information note")
        verbose_name_plural = _("information notes")
        ordering = ["-prepared_on", "-id"]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    """The documents the monitoring module writes from DOCX templates."""

    REVIEW = "review", _("Thematic review")
    WEEKLY_NOTE = NoteKind.WEEKLY.value, NoteKind.WEEKLY.label
    DAILY_NOTE = NoteKind.DAILY.value, NoteKind.DAILY.label


class DocumentTemplate(AbstractDocxTemplate):
    """A DOCX template of reviews or of weekly or daily notes, edited in Word or LibreOffice
    from the built-in one (letterhead, wording, styles) and uploaded back. The newest one of a
    kind marked "use by default" is used; without one, the built-in template."""

    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("DOCX file"), upload_to="monitoring_templates/")
    is_default = models.BooleanField(
        _("use by default"),
        default=False,
        help_text=_("Documents of this kind are written with the newest default template."),
    )

    class Meta(AbstractDocxTemplate.Meta):
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
