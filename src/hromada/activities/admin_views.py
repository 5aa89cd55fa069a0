"""Admin views of the activity journal: the month calendar, planning a ceremony from an
observance (the reminder's link) and publishing an organized event as an announcement."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.activities import public_views, selectors, services
from hromada.activities.models import Event, EventKind, Observance
from hromada.core.types import request_actor


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def calendar(request: HttpRequest) -> HttpResponse:
    """All events of a month (public or not) and the month's observances, as a grid."""
    _require(request, "activities.view_event")
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        first = dt.date(year, month, 1)
    except ValueError as error:
        raise Http404 from error
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    events = list(selectors.events_overlapping(first, last))
    occurrences = selectors.occurrences_between(first, last)
    previous = first - dt.timedelta(days=1)
    following = last + dt.timedelta(days=1)
    return TemplateResponse(
        request,
        "activities/admin/calendar.html",
        {
            "page_title": _("Calendar"),
            "header_icon": "date",
            "year": year,
            "month_name": public_views.MONTH_NAMES[month],
            "weeks": public_views.month_grid(year, month, events, occurrences),
            "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            "occurrences": occurrences,
            "today": today,
            "previous": previous,
            "following": following,
            "can_plan": request.user.has_perm("activities.add_event"),
        },
    )


def plan_observance(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Plan the ceremony for an observance's day (confirm, then create and open it)."""
    _require(request, "activities.add_event")
    observance = get_object_or_404(Observance, pk=pk)
    day = observance.date_in(year)
    if day is None:
        raise Http404
    if request.method == "POST":
        event = services.plan_event_for_observance(
            observance=observance, year=year, user=request_actor(request)
        )
        messages.success(request, _("The ceremony is in the journal: complete its details."))
        return HttpResponseRedirect(reverse("activities_events:edit", args=[event.pk]))
    existing = Event.objects.filter(
        observance=observance, start_date=day, kind=EventKind.ORGANIZED, archived=False
    ).first()
    return TemplateResponse(
        request,
        "activities/admin/confirm.html",
        {
            "page_title": _("Plan a ceremony"),
            "header_icon": "date",
            "title": _("Plan a ceremony"),
            "question": _(
                "Add “%(name)s” on %(date)s to the journal as an event the office organizes?"
            )
            % {"name": observance.name, "date": f"{day:%d.%m.%Y}"},
            "existing": existing,
            "existing_url": reverse("activities_events:edit", args=[existing.pk])
            if existing
            else "",
            "button": _("Plan the ceremony"),
        },
    )


def publish_event(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish an organized event as a portal announcement (confirm, then publish)."""
    _require(request, "activities.change_event")
    if not request.user.has_perm("wagtailcore.publish_page") and not request.user.is_superuser:
        from wagtail.models import Page

        root = Page.get_first_root_node()
        if root is None or not root.permissions_for_user(request.user).can_publish_subpage():
            raise PermissionDenied
    event = get_object_or_404(Event, pk=pk, archived=False)
    if request.method == "POST":
        try:
            page = services.publish_announcement(event=event, user=request_actor(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("“%(title)s” is published as an announcement.") % {"title": page.title},
            )
        return HttpResponseRedirect(reverse("activities_events:edit", args=[event.pk]))
    return TemplateResponse(
        request,
        "activities/admin/confirm.html",
        {
            "page_title": _("Publish as an announcement"),
            "header_icon": "globe",
            "title": _("Publish as an announcement"),
            "question": _(
                "Publish “%(title)s” (%(dates)s) on the portal as an event announcement "
                "and in the public calendar?"
            )
            % {"title": event.title, "dates": event.dates_display},
            "existing": None,
            "button": _("Publish"),
        },
    )
