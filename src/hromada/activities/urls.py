"""Public URLs of the activities module outside Wagtail pages (mounted at the site root)."""

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path


def calendar_feed(request: HttpRequest) -> HttpResponseRedirect:
    """`/calendar.ics`: a short, stable address to subscribe to, leading to the feed of the
    site's city calendar page wherever it sits in the page tree."""
    from hromada.activities.models import CityCalendarPage

    page = CityCalendarPage.objects.live().public().order_by("path").first()
    if page is None:
        raise Http404
    return HttpResponseRedirect(page.url + page.reverse_subpage("feed"))


urlpatterns: list[URLPattern | URLResolver] = [
    path("calendar.ics", calendar_feed, name="activities_calendar_feed"),
]
