"""Media outlets, shared by media monitoring (its sources) and the activity journal (coverage
contracts, published greetings)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from hromada.core.db import ukrainian


class OutletKind(models.TextChoices):
    ONLINE = "online", _("Online media")
    NEWSPAPER = "newspaper", _("Newspaper")
    TV = "tv", _("TV")
    RADIO = "radio", _("Radio")
    SOCIAL = "social", _("Social media")


class Outlet(index.Indexed, models.Model):
    """A newspaper, site, TV or radio station or social-media page the office works with."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OutletKind.choices)
    site_url = models.URLField(_("site"), max_length=500, blank=True)
    region = models.CharField(_("region"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("is_active"),
    ]

    class Meta:
        verbose_name = _("media outlet")
        verbose_name_plural = _("media outlets")
        ordering = [ukrainian("name")]

    def __str__(self) -> str:
        return self.name
