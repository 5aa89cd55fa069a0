"""The correspondence module's public page types: the online request and appeal form, and the
tracking page. Their routes delegate to views.py (the one import that climbs: a page route may
hand its request to its own module's views; imported inside the route because this module is
loaded while Django registers the models)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from hromada.correspondence.workflow import Kind

EDITOR_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class SubmissionFormPage(RoutablePageMixin, Page):
    """A public online form: a public-information request or an electronic appeal."""

    form_kind = models.CharField(
        _("form"),
        max_length=30,
        choices=[
            (Kind.PUBLIC_INFO_REQUEST.value, Kind.PUBLIC_INFO_REQUEST.label),
            (Kind.CITIZEN_APPEAL.value, Kind.CITIZEN_APPEAL.label),
        ],
    )
    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)
    privacy_notice = RichTextField(
        _("personal data notice"),
        features=EDITOR_FEATURES,
        help_text=_("Who processes the data, why, for how long, and the requester's rights."),
    )
    thank_you = RichTextField(_("text after submission"), blank=True, features=EDITOR_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("form_kind"),
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you"),
    ]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("online request or appeal form")
        verbose_name_plural = _("online request and appeal forms")

    @path("")
    def form_route(self, request: HttpRequest) -> HttpResponse:
        from hromada.correspondence.views import submission_form

        return submission_form(request, self)

    @path("submitted/", name="submitted")
    def submitted_route(self, request: HttpRequest) -> HttpResponse:
        from hromada.correspondence.views import submitted

        return submitted(request, self)


class TrackingPage(Page):
    """Where a resident enters a tracking code and sees the case's status (no personal data)."""

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("request tracking page")
        verbose_name_plural = _("request tracking pages")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from hromada.correspondence.views import tracking

        return tracking(request, self)
