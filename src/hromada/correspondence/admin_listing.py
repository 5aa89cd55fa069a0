"""The journal listing in the admin, made for a journal of hundreds of thousands of entries.

Wagtail's generic listing renders every cell of every row as its own component through its own
template, checks permissions and reverses URLs per row, and looks up each choice label per
cell: about 0.6 s for a page of 50 rows on this project's server. Here the page's rows are
prepared once in Python (labels, URLs, days left in words: each computed once per page, not
per cell) and drawn by one lean template; the filters, search, sorting headers, pagination and
exports stay Wagtail's. The match count stops at `COUNT_CAP`: past it the page says "more
than N" and the staff narrow the filters or sort the other way (`core.pagination`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.models import IndexView

from hromada.core.pagination import CappedPaginator
from hromada.correspondence.models import Document
from hromada.correspondence.workflow import Direction, Kind, Status

#: Matches counted at most; 200 pages of 50.
COUNT_CAP = 10_000
#: Days left at which a case is marked as due soon.
SOON_DAYS = 2
DATE_FORMAT = "%d.%m.%Y"
LISTED_FIELDS = [
    "reg_number",
    "registered_on",
    "direction",
    "kind",
    "subject",
    "status",
    "due_date",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
]


@dataclass(frozen=True, slots=True)
class DaysLeft:
    """Days left to the due date in words, with a mark and a colour class: the words and the
    mark carry the meaning for those who do not see the colour."""

    days: int | None
    classname: str
    mark: str
    text: str

    @property
    def cell(self) -> SafeString:
        return days_left_cell(self)


def days_left_display(days: int | None) -> DaysLeft:
    if days is None:
        return DaysLeft(None, "", "", gettext("no term"))
    if days < 0:
        overdue = -days
        text = ngettext("overdue by %(days)s day", "overdue by %(days)s days", overdue) % {
            "days": overdue
        }
        return DaysLeft(days, "days-left--overdue", "⚠", text)
    if days == 0:
        return DaysLeft(days, "days-left--soon", "!", gettext("due today"))
    text = ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    if days <= SOON_DAYS:
        return DaysLeft(days, "days-left--soon", "!", text)
    return DaysLeft(days, "days-left--ok", "", text)


#: One row; its cells follow `DocumentViewSet.list_display` (the headers). The number opens the
#: entry; the dropdown (Wagtail's markup and Stimulus controller) offers edit and the case page.
ROW_HTML = (
    '<tr><td class="title"><div class="title-wrapper"><a href="{url}">{number}</a></div>'
    '<ul class="actions"><li><div data-controller="w-dropdown" class="w-dropdown">'
    '<button type="button" class="w-dropdown__toggle w-dropdown__toggle--icon" '
    'data-w-dropdown-target="toggle" aria-label="{more}"><svg class="icon icon-dots-horizontal '
    'w-dropdown__toggle-icon" aria-hidden="true"><use href="#icon-dots-horizontal"></use></svg>'
    '</button><div data-w-dropdown-target="content" class="w-dropdown__content" hidden>{edit}'
    '<a href="{inspect_url}"><svg class="icon icon-info-circle icon" aria-hidden="true">'
    '<use href="#icon-info-circle"></use></svg>{inspect_label}</a></div></div></li></ul></td>'
    "<td>{registered_on}</td><td>{direction}</td><td>{kind}</td><td>{subject}</td>"
    "<td>{assignee}</td><td>{status}</td><td>{due_date}</td>{days}</tr>"
)
EDIT_HTML = (
    '<a href="{url}"><svg class="icon icon-edit icon" aria-hidden="true">'
    '<use href="#icon-edit"></use></svg>{label}</a>'
)


def days_left_cell(days: DaysLeft) -> SafeString:
    """The days-left table cell, in the journal and on the deadlines dashboard."""
    classname = f"days-left {days.classname}" if days.classname else "days-left"
    if days.days is None:
        return format_html(
            '<td class="{}"><span aria-hidden="true">—</span>'
            '<span class="w-sr-only">{}</span></td>',
            classname,
            days.text,
        )
    if days.mark:
        return format_html(
            '<td class="{}"><span class="days-left__mark" aria-hidden="true">{}</span> {}</td>',
            classname,
            days.mark,
            days.text,
        )
    return format_html('<td class="{}">{}</td>', classname, days.text)


def url_maker(url_name: str) -> Callable[[int], str]:
    """A function giving the URL of `url_name` for a primary key: reversed once, not per row."""
    placeholder = 987654321
    prefix, _, suffix = reverse(url_name, args=[placeholder]).rpartition(str(placeholder))
    return lambda pk: f"{prefix}{pk}{suffix}"


def _labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _user_name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def journal_rows_html(
    documents: Iterable[Document],
    *,
    today: dt.date,
    edit_url: Callable[[int], str] | None,
    inspect_url: Callable[[int], str],
) -> SafeString:
    """The listing's rows as HTML, every value escaped. `edit_url` is None for staff who may
    not change entries (the number then opens the case page)."""
    directions = _labels(Direction.choices)
    kinds = _labels(Kind.choices)
    statuses = _labels(Status.choices)
    more_options = gettext("More options for '%(title)s'")
    edit_label = gettext("Edit")
    inspect_label = gettext("Inspect")
    names: dict[int | None, str] = {}
    rows = []
    for document in documents:
        if document.assignee_id not in names:
            names[document.assignee_id] = _user_name(document.assignee)
        inspect = inspect_url(document.pk)
        edit = ""
        url = inspect
        if edit_url is not None:
            url = edit_url(document.pk)
            edit = format_html(EDIT_HTML, url=url, label=edit_label)
        rows.append(
            format_html(
                ROW_HTML,
                url=url,
                number=document.reg_number,
                more=more_options % {"title": str(document)},
                edit=edit,
                inspect_url=inspect,
                inspect_label=inspect_label,
                registered_on=document.registered_on.strftime(DATE_FORMAT),
                direction=directions.get(document.direction, document.direction),
                kind=kinds.get(document.kind, document.kind),
                subject=document.subject,
                assignee=names[document.assignee_id],
                status=statuses.get(document.status, document.status),
                due_date=document.due_date.strftime(DATE_FORMAT) if document.due_date else "",
                days=days_left_cell(days_left_display(document.days_left(today))),
            )
        )
    return mark_safe("".join(rows))  # each row built by format_html, its values escaped


class JournalPaginator(CappedPaginator, WagtailPaginator):
    """Wagtail's paginator counting at most `COUNT_CAP` matches."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
    ) -> None:
        super().__init__(object_list, per_page, cap=COUNT_CAP)
        self.orphans = int(orphans)
        self.allow_empty_first_page = allow_empty_first_page


class JournalIndexView(IndexView):
    """The journal: Wagtail's listing page with the rows drawn by one template."""

    results_template_name = "correspondence/admin/journal_results.html"
    paginator_class = JournalPaginator

    def get_base_queryset(self) -> Any:
        queryset = super().get_base_queryset().select_related("assignee")
        if self.is_export:
            return queryset
        # Only what the rows show (the export reads its own columns).
        return queryset.only(*LISTED_FIELDS)

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        if self.is_export:
            return context
        can_change = bool(self.edit_url_name) and self.user_has_permission("change")
        context["journal_rows"] = journal_rows_html(
            context["object_list"],
            today=timezone.localdate(),
            edit_url=url_maker(self.edit_url_name) if can_change else None,
            inspect_url=url_maker(self.inspect_url_name),
        )
        paginator = context.get("paginator")
        context["journal_count_capped"] = bool(paginator and paginator.is_capped)
        return context
