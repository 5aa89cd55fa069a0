"""Open data: publishers, datasets with Resolution 835 passports, resources and their versions.

Cabinet of Ministers resolution 835 of 21.10.2015 "Про затвердження Положення про набори
даних, які підлягають оприлюдненню у формі відкритих даних" (as amended in 2017) lists the
passport of a dataset: identifier, name (≤ 254 characters), short description (≤ 4,000),
basis and purpose of collection, language, formats, compression format, first publication,
last change, the date the data is current to, update frequency, keywords, link to the
dataset, link to the structure, and the responsible person with an e-mail address.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.validators import validate_edrpou

NAME_PATTERN = r"^[a-z0-9_-]{2,100}$"
validate_name = RegexValidator(
    NAME_PATTERN,
    _("Use 2–100 Latin lower-case letters, digits, hyphens or underscores."),
)


class UpdateFrequency(models.TextChoices):
    """data.gov.ua's values, stored as they are published (the API shows them verbatim)."""

    MORE_THAN_DAILY = "Більш як один раз на день", _("More than once a day")
    DAILY = "Щодня", _("Daily")
    WEEKLY = "Щотижня", _("Weekly")
    MONTHLY = "Щомісяця", _("Monthly")
    QUARTERLY = "Щокварталу", _("Quarterly")
    HALF_YEARLY = "Кожного півріччя", _("Every half-year")
    YEARLY = "Щороку", _("Yearly")
    ON_CHANGE = "Відразу після внесення змін", _("Immediately after changes")
    NOT_UPDATED = "Більше не оновлюється", _("No longer updated")


class Licence(models.TextChoices):
    CC_BY_4 = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA_4 = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    CC0 = "CC0-1.0", _("Creative Commons Zero 1.0 (public domain)")
    ODC_BY = "ODC-BY-1.0", _("Open Data Commons Attribution 1.0")


LICENCE_URLS = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODC_BY: "https://opendatacommons.org/licenses/by/1-0/",
}


class Publisher(models.Model):
    """The council or one of its departments: a CKAN organization."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("Latin name"),
        max_length=100,
        unique=True,
        validators=[validate_name],
        help_text=_("Part of public addresses; filled from the title when left empty."),
        blank=True,
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    edrpou = models.CharField(_("EDRPOU code"), max_length=8, validators=[validate_edrpou])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departments",
        help_text=_("Leave empty for the council itself."),
    )
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    stewards = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("data stewards"),
        blank=True,
        related_name="opendata_publishers",
        help_text=_("Staff who keep this publisher's datasets current; they see only these."),
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("publisher")
        verbose_name_plural = _("publishers")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.name:
            from hromada.opendata.slugs import unique_name

            self.name = unique_name(self.title, Publisher, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class TopicGroup(models.Model):
    """A topic group (a CKAN group): "Бюджет", "Освіта", …"""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("Latin name"), max_length=100, unique=True, validators=[validate_name], blank=True
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("topic group")
        verbose_name_plural = _("topic groups")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.name:
            from hromada.opendata.slugs import unique_name

            self.name = unique_name(self.title, TopicGroup, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Tag(models.Model):
    """A keyword, kept as its own row so that the catalogue filters and counts by it."""

    name = models.CharField(_("keyword"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def split_keywords(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in text.replace(";", ",").split(","):
        keyword = " ".join(part.split())[:100]
        if keyword and keyword.lower() not in {k.lower() for k in seen}:
            seen[keyword] = None
    return list(seen)


class Dataset(models.Model):
    """A dataset and its passport (Resolution 835). A live dataset is generated by a module."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(
        _("Latin name"),
        max_length=100,
        unique=True,
        validators=[validate_name],
        blank=True,
        help_text=_(
            "Part of the dataset's permanent address; transliterated from the title when "
            "left empty."
        ),
    )
    identifier = models.CharField(
        _("identifier"),
        max_length=100,
        blank=True,
        help_text=_("The passport's identifier; the dataset's UUID when left empty."),
    )
    title = models.CharField(_("name"), max_length=254)
    notes = models.TextField(
        _("short description"), max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    purpose = models.TextField(
        _("basis and purpose of collection"),
        max_length=4000,
        validators=[MaxLengthValidator(4000)],
        help_text=_("The law or decision under which the data is collected, and why."),
    )
    publisher = models.ForeignKey(
        Publisher,
        verbose_name=_("publisher"),
        on_delete=models.PROTECT,
        related_name="datasets",
    )
    language = models.CharField(_("language"), max_length=100, default="українська")
    compression_format = models.CharField(
        _("compression format"), max_length=50, blank=True, help_text=_("E.g. ZIP; usually none.")
    )
    published_at = models.DateTimeField(_("first publication"), default=timezone.now)
    data_modified_at = models.DateTimeField(
        _("last change"),
        null=True,
        blank=True,
        help_text=_("When the data last changed; set by every new upload."),
    )
    data_current_to = models.DateField(
        _("data current to"), null=True, blank=True, help_text=_("The date the data is valid for.")
    )
    update_frequency = models.CharField(
        _("update frequency"),
        max_length=50,
        choices=UpdateFrequency.choices,
        default=UpdateFrequency.YEARLY,
    )
    keywords = models.CharField(
        _("keywords"), max_length=1000, blank=True, help_text=_("Separated by commas.")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="datasets", editable=False)
    structure_url = models.URLField(
        _("link to the structure"),
        blank=True,
        help_text=_("A page or file describing the columns (e.g. a Table Schema)."),
    )
    table_schema = models.JSONField(
        _("Table Schema"),
        null=True,
        blank=True,
        help_text=_("Optional frictionless Table Schema that CSV uploads are validated against."),
    )
    maintainer = models.CharField(_("responsible person"), max_length=255)
    maintainer_email = models.EmailField(_("responsible person's email"))
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4
    )
    groups = models.ManyToManyField(
        TopicGroup, verbose_name=_("topic groups"), blank=True, related_name="datasets"
    )
    live_slug = models.CharField(
        _("live dataset"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("Generated from a module's records and kept current automatically."),
    )
    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_("Lower-cased name, description, keywords and publisher, for search."),
    )
    harvest_source = models.URLField(
        _("harvested from"),
        blank=True,
        editable=False,
        help_text=_("The CKAN portal this dataset was imported from."),
    )
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Archived datasets leave the catalogue.")
    )
    metadata_created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    metadata_modified = models.DateTimeField(
        _("metadata modified"), default=timezone.now, editable=False, db_index=True
    )
    # The distinct formats of its resources (a JSON list), kept in step by every write to a
    # resource, so the `res_format` facet counts datasets without reading 100 000 resources.
    formats = models.TextField(_("formats"), blank=True, default="[]", editable=False)
    # The dataset as the CKAN API shows it, ready to send (see packages.py): rebuilt after
    # every change, empty until then. The revision grows with every change, so a rebuild
    # that read an older state never overwrites a newer one.
    package_json = models.TextField(_("CKAN package"), blank=True, editable=False)
    package_revision = models.PositiveBigIntegerField(
        _("CKAN package revision"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["live_slug"], condition=~Q(live_slug=""), name="opendata_unique_live_slug"
            )
        ]
        indexes = [
            models.Index(fields=["archived", "published_at"]),
            # Counting the public catalogue reads this small index, not the wide rows.
            models.Index(
                fields=["publisher"], condition=Q(archived=False), name="opendata_ds_public"
            ),
            # The packages still to be (re)built after a change.
            models.Index(fields=["id"], condition=Q(package_json=""), name="opendata_ds_stale"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.name:
            from hromada.opendata.slugs import unique_name

            self.name = unique_name(self.title, Dataset, exclude_pk=self.pk)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "metadata_modified" in update_fields:
            self.metadata_modified = timezone.now()
        self.search_text = self.compose_search_text()
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
        if update_fields is None or "keywords" in update_fields:
            self.sync_tags()

    def compose_search_text(self) -> str:
        """Lower-cased here, so that search is case-insensitive for Cyrillic on every database
        (SQLite's LIKE folds only ASCII). The publisher's title comes last
        (search._publisher_saved relies on it)."""
        publisher = self.publisher.title if self.publisher_id else ""
        parts = [self.title, self.notes, self.keywords, self.name, publisher]
        return "\n".join(parts).lower()

    def sync_tags(self) -> None:
        names = split_keywords(self.keywords)
        tags = [Tag.objects.get_or_create(name=name)[0] for name in names]
        self.tags.set(tags)

    @property
    def keyword_list(self) -> list[str]:
        return split_keywords(self.keywords)

    @property
    def passport_identifier(self) -> str:
        return self.identifier or str(self.id)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(Licence(self.licence), "") if self.licence in Licence else ""

    @property
    def is_live(self) -> bool:
        return bool(self.live_slug)

    # --- the schedule ---------------------------------------------------------------------
    @property
    def last_change(self) -> dt.datetime:
        return self.data_modified_at or self.published_at

    @property
    def next_update_due(self) -> dt.date | None:
        from hromada.opendata.schedule import next_due

        return next_due(self.update_frequency, timezone.localdate(self.last_change))

    def is_overdue(self, on: dt.date | None = None) -> bool:
        """ "Не оновлено вчасно": the due date passed without a new upload."""
        due = self.next_update_due
        return due is not None and (on or timezone.localdate()) > due

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class Resource(models.Model):
    """A file of a dataset: uploaded (every version kept) or an external link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.PROTECT, related_name="resources"
    )
    name = models.CharField(_("name"), max_length=254)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    external_url = models.URLField(
        _("external link"), max_length=1000, blank=True, help_text=_("Instead of a file upload.")
    )
    live_format = models.CharField(_("live format"), max_length=10, blank=True, editable=False)
    format = models.CharField(_("format"), max_length=20, blank=True)
    mimetype = models.CharField(_("media type"), max_length=100, blank=True)
    size = models.BigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    link_checked_at = models.DateTimeField(_("link checked"), null=True, blank=True, editable=False)
    link_broken = models.BooleanField(_("link broken"), default=False, editable=False)
    link_error = models.CharField(
        _("link check result"), max_length=255, blank=True, editable=False
    )
    archived = models.BooleanField(_("archived"), default=False)
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_modified = models.DateTimeField(_("last modified"), default=timezone.now, editable=False)
    # How often it was used (no personal data: counters only, not who or when).
    downloads = models.PositiveBigIntegerField(_("downloads"), default=0, editable=False)
    api_calls = models.PositiveBigIntegerField(_("API calls"), default=0, editable=False)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["dataset", "position", "created"]

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self) -> ResourceVersion | None:
        return self.versions.order_by("-number").first()

    @property
    def url_type(self) -> str | None:
        return "upload" if not self.external_url and not self.live_format else None


def version_path(instance: ResourceVersion, filename: str) -> str:
    return f"opendata/{instance.resource_id}/{instance.number}/{filename}"


class ResourceVersion(models.Model):
    """One upload of a resource's file. Never replaced: each has its own permanent link."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_path, max_length=500)
    filename = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=20)
    mimetype = models.CharField(_("media type"), max_length=100)
    size = models.BigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    validation_report = models.JSONField(_("validation report"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("resource version")
        verbose_name_plural = _("resource versions")
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="opendata_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.resource} v{self.number}"


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("Update due soon")
    OVERDUE = "overdue", _("Overdue")


class Reminder(models.Model):
    """An e-mail sent to a dataset's responsible person; one per dataset, kind and due date."""

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    due_date = models.DateField(_("due date"))
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "kind", "due_date"], name="opendata_one_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dataset} — {self.get_kind_display()} ({self.due_date:%d.%m.%Y})"


# The catalogue page type lives in pages.py; importing it here registers it with Django.
from hromada.opendata.pages import OpenDataPage  # noqa: E402

__all__ = [
    "Dataset",
    "OpenDataPage",
    "Publisher",
    "Reminder",
    "Resource",
    "ResourceVersion",
    "Tag",
    "TopicGroup",
]


class DatastoreTable(models.Model):
    """The rows of one version of a tabular resource (CSV, XLSX), loaded in the background
    when the version is published, for the API's `datastore_search`. One per version: a new
    upload gets its own table, the earlier ones stay as they were."""

    version = models.OneToOneField(
        ResourceVersion,
        verbose_name=_("resource version"),
        on_delete=models.CASCADE,
        related_name="datastore",
    )
    # [{"id": column, "type": CKAN's type (text, int, numeric, date, timestamp, bool)}]
    fields = models.JSONField(_("fields"), default=list)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    loaded_at = models.DateTimeField(_("loaded"), null=True, blank=True)
    error = models.CharField(_("loading error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("data table")
        verbose_name_plural = _("data tables")

    def __str__(self) -> str:
        return str(self.version)


class DatastoreRow(models.Model):
    """One row of a data table: its values typed in JSON, and lower-cased text for `q`."""

    table = models.ForeignKey(DatastoreTable, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()  # CKAN's `_id`, from 1 in file order
    data = models.JSONField()
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["table", "number"], name="opendata_datastore_row")
        ]

    def __str__(self) -> str:
        return f"{self.table} #{self.number}"
