"""The activities module's public page type: the city calendar. Its routes delegate to
public_views.py (a page route may hand its request to its own module's views; imported inside
the route because this module is loaded while Django registers the models)."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from hromada.activities.models import EDITOR_FEATURES, Event


class CityCalendarPage(RoutablePageMixin, Page):
    """The city's public calendar: a month grid of public events and memorable dates, a page
    per event, an iCal feed to subscribe to and an .ics file per event."""

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)
    show_observances = models.BooleanField(_("show holidays and memorable dates"), default=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("show_observances")]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("city calendar")
        verbose_name_plural = _("city calendars")

    @path("")
    def month_route(self, request: HttpRequest) -> HttpResponse:
        from hromada.activities import public_views

        return public_views.month_view(self, request)

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/$", name="month")
    def other_month_route(self, request: HttpRequest, year: str, month: str) -> HttpResponse:
        from hromada.activities import public_views

        return public_views.month_view(self, request, year=int(year), month=int(month))

    @path("ical/", name="feed")
    def feed_route(self, request: HttpRequest) -> HttpResponse:
        from hromada.activities import public_views

        return public_views.feed(self, request)

    @re_path(r"^events/(?P<pk>\d{1,12})/$", name="event")
    def event_route(self, request: HttpRequest, pk: str) -> HttpResponse:
        from hromada.activities import public_views

        return public_views.event(self, request, int(pk))

    @re_path(r"^events/(?P<pk>\d{1,12})/ical/$", name="event_ics")
    def event_ics_route(self, request: HttpRequest, pk: str) -> HttpResponse:
        from hromada.activities import public_views

        return public_views.event_ics(self, request, int(pk))

    def event_url(self, event: Event) -> str:
        return self.url + self.reverse_subpage("event", kwargs={"pk": str(event.pk)})

    def event_ics_url(self, event: Event) -> str:
        return self.url + self.reverse_subpage("event_ics", kwargs={"pk": str(event.pk)})

    def month_url(self, year: int, month: int) -> str:
        return self.url + self.reverse_subpage(
            "month", kwargs={"year": str(year), "month": str(month)}
        )
