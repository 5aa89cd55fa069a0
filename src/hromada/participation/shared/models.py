"""What the components share: the site setting with the charter's rules and the forms'
limits, the editor features of the pages' introductions, and random names for residents'
photos."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

EDITOR_FEATURES = ["bold", "italic", "link", "ol", "ul"]


@register_setting(icon="group")
class ParticipationSettings(BaseSiteSetting):
    """The community charter's rules for e-petitions and the limits of the public forms."""

    petition_threshold = models.PositiveIntegerField(
        _("signatures needed for an e-petition"),
        default=250,
        help_text=_("Set by the community charter (Law 393/96-ВР, Art. 23-1)."),
    )
    petition_collection_days = models.PositiveSmallIntegerField(
        _("collection period of an e-petition, days"),
        default=90,
        help_text=_("Set by the community charter (Law 393/96-ВР, Art. 23-1)."),
    )
    problem_reports_per_minute = models.PositiveSmallIntegerField(
        _("problem reports accepted per minute from one address"), default=10
    )
    # Where the problem-report maps open before any report has a point (the centre of Ukraine
    # until the city sets its own).
    map_latitude = models.DecimalField(
        _("map centre: latitude"),
        max_digits=9,
        decimal_places=6,
        default=Decimal("48.379433"),
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Where the problem-report map opens: the city centre."),
    )
    map_longitude = models.DecimalField(
        _("map centre: longitude"),
        max_digits=9,
        decimal_places=6,
        default=Decimal("31.165580"),
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    map_zoom = models.PositiveSmallIntegerField(
        _("map zoom"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(19)],
        help_text=_("From 1 (the world) to 19 (a building); 13 shows a town."),
    )

    panels = [
        FieldPanel("petition_threshold"),
        FieldPanel("petition_collection_days"),
        FieldPanel("problem_reports_per_minute"),
        FieldPanel("map_latitude"),
        FieldPanel("map_longitude"),
        FieldPanel("map_zoom"),
    ]

    class Meta:
        verbose_name = _("participation settings")


def random_name(filename: str) -> str:
    # A phone names a photo after its time or its owner; stored files get a random name
    # instead (the extension is the re-encoded format's).
    return f"{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"
