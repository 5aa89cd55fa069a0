"""The base of the components' page types: one page of each under a portal section."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from hromada.participation.shared.models import EDITOR_FEATURES


class ModulePage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        abstract = True
