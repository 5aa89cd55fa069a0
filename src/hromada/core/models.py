"""Shared records: the city profile, media models, historical figures, the content generation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.images.models import Image as WagtailImage
from wagtail.search import index

from hromada.core.validators import (
    normalise_domain,
    validate_domain,
    validate_edrpou,
    validate_katottg,
)


def lines(text: str) -> list[str]:
    """The non-empty lines of a one-per-line text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register_setting(icon="home")
class CityProfile(BaseSiteSetting):
    """Who this portal belongs to. Every city name, domain and contact shown comes from here."""

    name = models.CharField(_("city name"), max_length=100, help_text=_("For example: Лисичанськ"))
    name_forms = models.TextField(
        _("word forms of the name"),
        blank=True,
        help_text=_(
            "One per line: every inflection, adjective and demonym, used to find mentions."
        ),
    )
    aliases = models.TextField(
        _("aliases"), blank=True, help_text=_("One per line: other spellings (Russian, Latin).")
    )
    official_domains = models.TextField(
        _("official web domains"), blank=True, help_text=_("One per line, e.g. example.gov.ua")
    )
    council_name = models.CharField(_("council name"), max_length=255, blank=True)
    office_name = models.CharField(
        _("communications office name"),
        max_length=255,
        blank=True,
        help_text=_("The department that runs the portal, as it appears in reports."),
    )
    council_edrpou = models.CharField(
        _("council EDRPOU code"), max_length=8, blank=True, validators=[validate_edrpou]
    )
    katottg = models.CharField(
        _("KATOTTG code"), max_length=19, blank=True, validators=[validate_katottg]
    )
    address = models.CharField(_("postal address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    reception_hours = models.TextField(_("reception hours"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    logo = models.ForeignKey(
        "core.HromadaImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    share_image = models.ForeignKey(
        "core.HromadaImage",
        verbose_name=_("share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown when a page without an image of its own is shared on Facebook or Telegram; "
            "best 1200 × 630 pixels."
        ),
    )
    share_image_alt = models.CharField(
        _("share image alternative text"), max_length=255, blank=True
    )
    records_since = models.DateField(
        _("records kept in Hromada since"),
        null=True,
        blank=True,
        help_text=_("Figures for earlier years come from historical values only."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("name_forms"), FieldPanel("aliases")], heading=_("Name")
        ),
        MultiFieldPanel(
            [
                FieldPanel("council_name"),
                FieldPanel("office_name"),
                FieldPanel("council_edrpou"),
                FieldPanel("katottg"),
                FieldPanel("official_domains"),
                FieldPanel("logo"),
            ],
            heading=_("Council"),
        ),
        MultiFieldPanel(
            [FieldPanel("share_image"), FieldPanel("share_image_alt")], heading=_("Sharing")
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("reception_hours"),
                FieldPanel("facebook_url"),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("records_since"),
    ]

    class Meta:
        verbose_name = _("city profile")

    def __str__(self) -> str:
        return self.name or str(_("city profile"))

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        normalised: list[str] = []
        for domain in lines(self.official_domains):
            try:
                validate_domain(domain)
            except ValidationError as error:
                raise ValidationError({"official_domains": error.messages}) from error
            normalised.append(normalise_domain(domain))
        # Kept as `setup_city` keeps them: lower case, IDNA form, each once.
        self.official_domains = "\n".join(dict.fromkeys(normalised))

    @property
    def domains(self) -> list[str]:
        return lines(self.official_domains)

    @property
    def alias_list(self) -> list[str]:
        return lines(self.aliases)

    @property
    def word_forms(self) -> list[str]:
        return lines(self.name_forms)


class HromadaImage(AbstractImage):
    """Wagtail image with the file checked by content and re-encoded on upload."""

    admin_form_fields = (*WagtailImage.admin_form_fields,)

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class HromadaRendition(AbstractRendition):
    image = models.ForeignKey(HromadaImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HromadaDocument(AbstractDocument):
    """Wagtail document whose file type is checked by content; its text is searchable."""

    text_content = models.TextField(_("extracted text"), blank=True, editable=False)

    admin_form_fields = (*WagtailDocument.admin_form_fields,)
    search_fields = [*AbstractDocument.search_fields, index.SearchField("text_content")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class AbstractDocxTemplate(models.Model):
    """A DOCX template uploaded by staff (see `core.docx_templates`): the newest one marked
    "use by default" is used; otherwise the built-in template. Subclasses may redefine `file`
    (its upload folder) and `is_default` (its help text)."""

    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("DOCX file"), upload_to="document_templates/")
    is_default = models.BooleanField(
        _("use by default"),
        default=False,
        help_text=_("Documents are written with the newest default template."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name

    def read(self) -> bytes:
        with self.file.open("rb") as handle:
            data: bytes = handle.read()
        return data


class HistoricalFigure(models.Model):
    """A report figure for a year before Hromada kept the records (or an official correction)."""

    metric = models.CharField(_("metric key"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.BigIntegerField(_("value"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldPanel("metric"), FieldPanel("year"), FieldPanel("value"), FieldPanel("note")]

    class Meta:
        verbose_name = _("historical figure")
        verbose_name_plural = _("historical figures")
        ordering = ["metric", "year"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "year"], name="unique_metric_year"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.year}: {self.value}"


class ContentGeneration(models.Model):
    """A counter per scope of content ("news", "acts", "site", …), bumped whenever published
    content of that scope changes: it keys the anonymous page cache (`core/page_cache.py`).

    It lives in the database so that every web worker and the background worker see the
    same value without a shared cache server.
    """

    scope = models.CharField(_("scope"), max_length=64, unique=True, default="site")
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("content generation")

    def __str__(self) -> str:
        return f"{self.scope}: {self.value}"

    @classmethod
    def bump(cls, scope: str = "site") -> None:
        updated = cls.objects.filter(scope=scope).update(value=F("value") + 1)
        if not updated:
            _row, created = cls.objects.get_or_create(scope=scope, defaults={"value": 1})
            if not created:  # made by another process in between
                cls.objects.filter(scope=scope).update(value=F("value") + 1)

    @classmethod
    def current(cls) -> int:
        """A number that changes with every bump of any scope."""
        return sum(cls.all_values().values())

    @classmethod
    def all_values(cls) -> dict[str, int]:
        return dict(cls.objects.values_list("scope", "value"))


class Lease(models.Model):
    """A named lease that one process holds while it does what only one process may do at a
    time (a media fetch pass). It expires, so a process that died does not block the others
    for longer than its term; see `core.leases`."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    holder = models.CharField(_("holder"), max_length=255)
    acquired_at = models.DateTimeField(_("acquired at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")

    def __str__(self) -> str:
        return f"{self.name}: {self.holder}"


# The security records live in their own file; imported here so they belong to this app.
from hromada.core.security_models import (  # noqa: E402, F401
    RateCounter,
    RecoveryCode,
    RecoveryCodeDevice,
)
