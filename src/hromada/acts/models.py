"""Council acts, their drafts and files; the public register pages.

An act is a council decision, an executive-committee decision, a mayor's order or an order of
the head of the military-civil administration. A *draft* is a record of status `draft` (or
`rejected`, when the council turned it down); the act adopted from it is a record of its own
(status `adopted`, later perhaps `repealed`) that links to the draft.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from hromada.core.dates import validate_not_future

PER_PAGE = 25
EDITOR_FEATURES: list[str] = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]
ACT_FILE_TYPES = ("pdf", "docx", "odt")
NO_TEXT_LAYER = "немає текстового шару"
TEXT_PENDING = _("the text is being extracted")


class Kind(models.TextChoices):
    COUNCIL_DECISION = "council_decision", _("Council decision")
    EXECUTIVE_DECISION = "executive_decision", _("Executive committee decision")
    MAYOR_ORDER = "mayor_order", _("Mayor's order")
    HEAD_ORDER = "head_order", _("Order of the head of the military-civil administration")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    REPEALED = "repealed", _("Repealed")


DRAFT_STATUSES = (Status.DRAFT, Status.REJECTED)
ACT_STATUSES = (Status.ADOPTED, Status.REPEALED)


class LustrationCategory(models.TextChoices):
    NONE = "", _("Not a lustration document")
    NOTICE = "notice", _("Notice of the start of a check")
    RESULT = "result", _("Result of a check")
    OTHER = "other", _("Other lustration document")


class Scope(models.TextChoices):
    ACTS = "acts", _("Adopted acts")
    DRAFTS = "drafts", _("Drafts")
    LUSTRATION = "lustration", _("Lustration documents (“Очищення влади”)")


def validate_act_file(value: Any) -> None:
    """PDF, DOCX or ODT, judged by content (core.uploads)."""
    from hromada.core.uploads import UploadKind, validate_upload

    if getattr(value, "_committed", False):
        return  # a file already stored was checked when it was uploaded
    detected = validate_upload(value, kind=UploadKind.DOCUMENT, name=value.name)
    if detected.extension not in ACT_FILE_TYPES:
        raise ValidationError(
            _("“%(name)s”: acts are published as PDF, DOCX or ODT.")
            % {"name": PurePath(value.name).name},
            code="type",
        )


@register_setting(icon="doc-full")
class ActKindLabels(BaseSiteSetting):
    """What the city calls each kind of act. Empty fields keep the standard names."""

    council_decision = models.CharField(_("council decision"), max_length=150, blank=True)
    executive_decision = models.CharField(
        _("executive committee decision"), max_length=150, blank=True
    )
    mayor_order = models.CharField(_("mayor's order"), max_length=150, blank=True)
    head_order = models.CharField(
        _("order of the head of the military-civil administration"),
        max_length=150,
        blank=True,
        help_text=_("For example: Розпорядження керівника ВЦА"),
    )

    class Meta:
        verbose_name = _("names of act kinds")

    def label(self, kind: str) -> str:
        return str(getattr(self, kind, "") or Kind(kind).label)


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Act(ClusterableModel):
    """One act or draft: its details, files (text extracted for search) and links."""

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    number = models.CharField(
        _("number"),
        max_length=50,
        blank=True,
        help_text=_("Unique for the kind and year. Drafts may have none."),
    )
    date = models.DateField(
        _("date"), help_text=_("The date of the act; for a draft, the date it was prepared.")
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ADOPTED
    )
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("The day it appeared on the portal. Empty: not published yet."),
    )
    consideration_date = models.DateField(
        _("planned consideration date"),
        null=True,
        blank=True,
        help_text=_(
            "Drafts: the session or meeting date. The draft must be published at least 10 "
            "working days before it (Law 2939-VI, Art. 15 part 3)."
        ),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    department = models.CharField(_("responsible department"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    draft = models.ForeignKey(
        "self",
        verbose_name=_("adopted from the draft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_acts",
        limit_choices_to={"status__in": [s.value for s in DRAFT_STATUSES]},
    )
    # Through models with a ParentalKey, so the admin edits them with a chooser per act
    # (a plain select would list every act of the register).
    amends = models.ManyToManyField(
        "self",
        through="ActAmendment",
        through_fields=("act", "target"),
        verbose_name=_("amends"),
        symmetrical=False,
        blank=True,
        related_name="amended_by",
    )
    repeals = models.ManyToManyField(
        "self",
        through="ActRepeal",
        through_fields=("act", "target"),
        verbose_name=_("repeals"),
        symmetrical=False,
        blank=True,
        related_name="repealed_by",
    )
    lustration_category = models.CharField(
        _("lustration document"),
        max_length=20,
        choices=LustrationCategory.choices,
        blank=True,
        help_text=_("Documents of the “Очищення влади” section (Law 1682-VII)."),
    )
    person_position = models.CharField(
        _("position of the person checked"), max_length=500, blank=True
    )
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Archived records are hidden everywhere.")
    )
    search_document = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("number"), FieldPanel("date")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("consideration_date")]),
        FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("department")]),
        FieldPanel("summary"),
        FieldPanel("topics"),
        InlinePanel("files", heading=_("Files"), label=_("File")),
        MultiFieldPanel([FieldPanel("draft")], heading=_("Related acts")),
        MultipleChooserPanel(
            "amendment_links", chooser_field_name="target", heading=_("Amends"), label=_("Act")
        ),
        MultipleChooserPanel(
            "repeal_links", chooser_field_name="target", heading=_("Repeals"), label=_("Act")
        ),
        MultiFieldPanel(
            [FieldPanel("lustration_category"), FieldPanel("person_position")],
            heading=_("Очищення влади"),
        ),
        FieldPanel("archived"),
    ]

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number"],
                condition=~Q(number="") & Q(status__in=["adopted", "repealed"]),
                name="acts_unique_number_per_kind_year",
                violation_error_message=_("An act of this kind with this number exists this year."),
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "number"],
                condition=~Q(number="") & Q(status__in=["draft", "rejected"]),
                name="acts_unique_draft_number_per_kind_year",
                violation_error_message=_(
                    "A draft of this kind with this number exists this year."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status", "date"]),
            # Everything the public filter reads, so counting a register reads the index only.
            models.Index(
                fields=["status", "lustration_category", "archived", "published_on"],
                name="acts_act_public",
            ),
            # The registers' order: newest first, so a page of 25 needs no sort of them all.
            models.Index(fields=["-date", "-id"], name="acts_act_newest_first"),
        ]

    def __str__(self) -> str:
        number = f" № {self.number}" if self.number else ""
        return f"{self.kind_label}{number} {self.date:%d.%m.%Y}: {self.title}"[:255]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.date:
            self.year = self.date.year
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.date:
            self.year = self.date.year
        errors: dict[str, list[Any]] = {}
        if self.draft_id and self.is_draft:
            errors.setdefault("draft", []).append(_("A draft cannot be adopted from a draft."))
        if self.draft_id and self.pk and self.draft_id == self.pk:
            errors.setdefault("draft", []).append(_("An act cannot be its own draft."))
        draft = self.draft if self.draft_id else None
        if draft is not None and draft.published_on and self.date < draft.published_on:
            errors.setdefault("date", []).append(
                _("Adopted on %(date)s, before its draft was published (%(published)s).")
                % {"date": f"{self.date:%d.%m.%Y}", "published": f"{draft.published_on:%d.%m.%Y}"}
            )
        if self.published_on:
            try:
                validate_not_future(self.published_on, what=_("the publication date"))
            except ValidationError as error:
                errors.setdefault("published_on", []).extend(error.messages)
        if self.lustration_category and self.is_draft:
            errors.setdefault("lustration_category", []).append(
                _("A lustration document is published as it is, not as a draft.")
            )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude: Any = None) -> None:
        """A duplicate number is reported on the number field, where the editor typed it."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {}
            if "__all__" in messages and (not exclude or "number" not in exclude):
                raise ValidationError({"number": messages.pop("__all__"), **messages}) from error
            raise

    @property
    def is_draft(self) -> bool:
        return self.status in DRAFT_STATUSES

    @property
    def kind_label(self) -> str:
        from hromada.acts.selectors import kind_label

        return kind_label(self.kind)

    def deadline(self, today: dt.date | None = None) -> Any:
        from hromada.acts.selectors import draft_deadline

        return draft_deadline(self, today=today)


class ActFile(Orderable):
    """A file of an act (its text, an annex), with the text extracted for search."""

    act = ParentalKey(Act, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("For example: Додаток 1")
    )
    file = models.FileField(
        _("file"), upload_to="acts/%Y/%m/", validators=[validate_act_file], max_length=500
    )
    extension = models.CharField(max_length=10, editable=False, blank=True)
    size = models.PositiveBigIntegerField(editable=False, default=0)
    text = models.TextField(editable=False, blank=True)
    has_text_layer = models.BooleanField(editable=False, default=True)
    extracted_name = models.CharField(max_length=500, editable=False, blank=True)
    text_pending = models.BooleanField(editable=False, default=False)
    sha256 = models.CharField(max_length=64, editable=False, blank=True, db_index=True)

    panels = [FieldPanel("title"), FieldPanel("file")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.title or PurePath(self.file.name or "").name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new file is described at once (type, size, hash) and marked pending: its text is
        # extracted in the background (services.queue_pending_extractions, after the commit),
        # so a large scan does not hold up the admin's save. Imports call extract() themselves
        # first and so are never pending.
        pending = bool(self.file) and self.extracted_name != self.file.name
        if pending:
            self.describe()
            self.text, self.has_text_layer, self.text_pending = "", True, True
        super().save(*args, **kwargs)
        stored = self.file.name or ""
        if not self.text_pending and self.extracted_name != stored:
            # Stored under a new name (a storage may rename): remember it without re-reading.
            type(self).objects.filter(pk=self.pk).update(extracted_name=stored)
            self.extracted_name = stored

    def describe(self) -> None:
        """Extension, size and SHA-256 of the file."""
        name = self.file.name or ""
        self.extension = PurePath(name).suffix.lower().lstrip(".")
        self.file.open("rb")
        try:
            self.size = self.file.size
            digest = hashlib.sha256()
            for chunk in self.file.chunks():
                digest.update(chunk)
            self.sha256 = digest.hexdigest()
        finally:
            self.file.seek(0)

    def extract(self) -> None:
        """Describe the file and extract its text now (imports, the background task)."""
        from hromada.core.text_extraction import extract_text

        self.describe()
        self.file.open("rb")
        try:
            result = extract_text(self.file, extension=self.extension)
        finally:
            self.file.seek(0)
        self.text = result.text
        self.has_text_layer = result.has_text_layer and bool(result.text.strip())
        self.text_pending = False
        self.extracted_name = self.file.name or ""

    @property
    def display_name(self) -> str:
        return self.title or PurePath(self.file.name or "").name

    @property
    def text_status(self) -> str:
        return "" if self.has_text_layer else NO_TEXT_LAYER


class _ActLink(Orderable):
    """One link from an act to another act (which it amends or repeals)."""

    target = models.ForeignKey(
        Act, verbose_name=_("act"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return str(self.target)


class ActAmendment(_ActLink):
    act = ParentalKey(Act, on_delete=models.CASCADE, related_name="amendment_links")

    class Meta(_ActLink.Meta):
        verbose_name = _("amended act")
        verbose_name_plural = _("amended acts")
        constraints = [
            models.UniqueConstraint(fields=["act", "target"], name="acts_amendment_once")
        ]


class ActRepeal(_ActLink):
    act = ParentalKey(Act, on_delete=models.CASCADE, related_name="repeal_links")

    class Meta(_ActLink.Meta):
        verbose_name = _("repealed act")
        verbose_name_plural = _("repealed acts")
        constraints = [models.UniqueConstraint(fields=["act", "target"], name="acts_repeal_once")]


class Access(models.TextChoices):
    OPEN = "open", _("Open")
    OFFICIAL_USE = "official_use", _("For official use only")
    CONFIDENTIAL = "confidential", _("Confidential")
    SECRET = "secret", _("Secret")


class Carrier(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic")
    PAPER = "paper", _("Paper")
    BOTH = "both", _("Paper and electronic")


class PublicDocument(models.Model):
    """A card of the register of public-information documents ("система обліку публічної
    інформації", Law 2939-VI Art. 18; Cabinet resolution 1277).

    Every act has one, kept in step by the acts services; other documents are entered by hand.
    Documents with restricted access are listed with their basis, without their content.
    """

    act = models.OneToOneField(
        Act,
        verbose_name=_("act"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="public_document",
        editable=False,
    )
    title = models.CharField(_("title"), max_length=1000)
    number = models.CharField(_("number"), max_length=50, blank=True)
    created_on = models.DateField(_("date of creation"))
    received_on = models.DateField(_("date of receipt"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=500, help_text=_("Who created or sent the document.")
    )
    access = models.CharField(
        _("access"), max_length=20, choices=Access.choices, default=Access.OPEN
    )
    access_basis = models.CharField(
        _("basis of the access restriction"),
        max_length=500,
        blank=True,
        help_text=_("The law and article, required when access is restricted."),
    )
    field = models.CharField(_("field"), max_length=255, blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    document_type = models.CharField(_("type of document"), max_length=255)
    carrier = models.CharField(
        _("carrier"), max_length=20, choices=Carrier.choices, default=Carrier.ELECTRONIC
    )
    storage = models.CharField(_("storage place"), max_length=500, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    search_document = models.TextField(editable=False, blank=True, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("public-information document")
        verbose_name_plural = _("public-information documents")
        ordering = ["-created_on", "-id"]
        indexes = [models.Index(fields=["created_on"])]

    def __str__(self) -> str:
        number = f"№ {self.number} " if self.number else ""
        return f"{number}{self.created_on:%d.%m.%Y}: {self.title}"[:255]

    def save(self, *args: Any, **kwargs: Any) -> None:
        from hromada.acts import search

        self.search_document = search.document([self.title, self.number, self.keywords])
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.access != Access.OPEN and not self.access_basis.strip():
            raise ValidationError(
                {"access_basis": _("Give the basis of the restriction (law and article).")}
            )


# The public registers' page types live in pages.py (above the records: they read through
# selectors); importing them here registers them with Django, which loads models.py only.
from hromada.acts.pages import ActRegisterPage, PublicDocumentRegisterPage  # noqa: E402, F401
