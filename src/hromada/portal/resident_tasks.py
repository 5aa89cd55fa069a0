"""What residents come to do, first on the home page and in the header: each task is one click
to the page where it is done.

Each task names the page type that does it (app label, model, field values), so the portal
finds the page wherever editors put it, without importing the module that defines it; a task
whose page does not exist (a module left out, a page unpublished) is not shown. The list is
cached for a few minutes: pages that do tasks are moved or unpublished rarely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

CACHE_SECONDS = 300
CACHE_KEY = "portal:resident-tasks:v1:{site}:{language}"


@dataclass(frozen=True)
class Task:
    key: str
    label: str | Promise
    description: str | Promise
    icon: str  # the symbol's id in templates/portal/includes/icons.html
    app_label: str = ""
    model: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    anchor: str = ""  # a place on every page instead (the footer's contacts)


TASKS: list[Task] = [
    Task(
        "appeal",
        _("Contact the council"),
        _("An electronic appeal: a proposal, statement or complaint"),
        "icon-appeal",
        "correspondence",
        "submissionformpage",
        {"form_kind": "citizen_appeal"},
    ),
    Task(
        "request",
        _("Request information"),
        _("A public-information request, answered within 5 working days"),
        "icon-request",
        "correspondence",
        "submissionformpage",
        {"form_kind": "public_info_request"},
    ),
    Task(
        "petition",
        _("Sign a petition"),
        _("Electronic petitions to the council"),
        "icon-petition",
        "participation",
        "petitionspage",
    ),
    Task(
        "budget",
        _("Participatory budget"),
        _("Projects of residents, voting and results"),
        "icon-budget",
        "participation",
        "budgetpage",
    ),
    Task(
        "problem",
        _("Report a problem"),
        _("A pothole, a broken lamp, rubbish: on the map"),
        "icon-problem",
        "participation",
        "problemspage",
    ),
    Task(
        "acts",
        _("Find a council decision"),
        _("Decisions, orders and drafts, by word, number or date"),
        "icon-acts",
        "acts",
        "actregisterpage",
        {"scope": "acts", "kind": ""},
    ),
    Task(
        "opendata",
        _("Open data"),
        _("The city's datasets in CSV and JSON"),
        "icon-data",
        "opendata",
        "opendatapage",
    ),
    Task(
        "calendar",
        _("Calendar"),
        _("Events, holidays and memorable dates"),
        "icon-calendar",
        "activities",
        "citycalendarpage",
    ),
    Task(
        "contacts",
        _("Contacts and reception hours"),
        _("Address, phones, e-mail and when officials receive residents"),
        "icon-contacts",
        anchor="#footer-contacts",
    ),
]


@dataclass(frozen=True)
class FoundTask:
    task: Task
    url: str


def _page_url(task: Task, site: Any) -> str:
    try:
        model = apps.get_model(task.app_label, task.model)
    except LookupError:
        return ""
    if not issubclass(model, Page):
        return ""
    page = model.objects.live().public().filter(**task.filters).order_by("path").first()
    if page is None:
        return ""
    return page.get_url(current_site=site) or ""


def _urls(site: Any) -> dict[str, str]:
    site_id = getattr(site, "pk", 0)
    key = CACHE_KEY.format(site=site_id, language=get_language() or "")
    urls: dict[str, str] | None = cache.get(key)
    if urls is None:
        urls = {task.key: (task.anchor or _page_url(task, site)) for task in TASKS}
        cache.set(key, urls, CACHE_SECONDS)
    return urls


def resident_tasks(site: Any = None) -> list[FoundTask]:
    """The tasks whose page exists, in the table's order, with their addresses."""
    urls = _urls(site)
    return [FoundTask(task, urls[task.key]) for task in TASKS if urls.get(task.key)]
