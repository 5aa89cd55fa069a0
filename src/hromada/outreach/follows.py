"""What a followed thing is now (title, status, address), read in bulk for the digests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.text import Truncator
from wagtail.models import Page


@dataclass(frozen=True)
class Target:
    title: str
    state: str  # the status value compared with Follow.seen_state
    state_label: str
    url: str


# kind -> (record, its Wagtail page type's model name, the page's route to one record)
KINDS = {
    "petition": ("Petition", "petitionspage", "detail"),
    "budget_project": ("BudgetProject", "budgetpage", "project"),
    "problem": ("ProblemReport", "problemspage", "detail"),
}


def _title(record: Any) -> str:
    if getattr(record, "title", ""):
        return str(record.title)
    return Truncator(f"{record.address}: {record.description}").chars(120)


def targets(kind: str, ids: list[int]) -> dict[int, Target]:
    """The followed records of one kind that exist, by id (one query per kind)."""
    from hromada.participation import models

    record_name, page_model, route = KINDS[kind]
    model = getattr(models, record_name)
    page = (
        Page.objects.live()
        .filter(content_type__app_label="participation", content_type__model=page_model)
        .order_by("path")
        .first()
    )
    page = page.specific if page is not None else None
    found = {}
    for record in model.objects.filter(pk__in=ids):
        url = page.url + page.reverse_subpage(route, args=[record.pk]) if page else ""
        found[record.pk] = Target(
            title=_title(record),
            state=record.status,
            state_label=str(record.get_status_display()),
            url=url,
        )
    return found
