"""Reads of the acts register: public lists with filters and search, drafts' deadlines, exports."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, Prefetch, QuerySet
from django.utils import timezone

from hromada.acts import search
from hromada.acts.models import (
    ACT_STATUSES,
    DRAFT_STATUSES,
    Act,
    ActFile,
    ActKindLabels,
    ActRegisterPage,
    Kind,
    PublicDocument,
    Scope,
    Status,
)
from hromada.core import legal_calendar, page_cache

# A draft published with this many working days or fewer to spare is "at risk".
AT_RISK_MARGIN = 2

EXPORT_COLUMNS = [
    "id",
    "kind",
    "number",
    "date",
    "title",
    "status",
    "published_on",
    "consideration_date",
    "issuing_body",
    "department",
    "topics",
    "draft_id",
    "lustration_category",
    "person_position",
    "files",
    "url",
]


# --- Kinds ------------------------------------------------------------------------------


def _read_kind_labels() -> dict[str, str]:
    from hromada.core.selectors import default_site

    site = default_site()
    labels = ActKindLabels.for_site(site) if site is not None else ActKindLabels()
    return {kind.value: labels.label(kind.value) for kind in Kind}


# A register page or an import asks for the labels once per row: remembered in each process
# while the shared "acts" generation is unchanged, which a save of the labels in any process
# bumps (signals.py), so no process renders the old labels after the change.
_labels_memo = page_cache.SharedMemo("acts", _read_kind_labels)


def forget_kind_labels(**_: Any) -> None:
    """Called when the labels are saved (signals.py): this process drops them at once."""
    _labels_memo.forget()


def kind_labels() -> dict[str, str]:
    """What the city calls each kind (the site setting)."""
    return _labels_memo.get()


def kind_label(kind: str) -> str:
    try:
        return kind_labels()[kind]
    except KeyError:
        return kind


def kind_choices() -> list[tuple[str, str]]:
    return list(kind_labels().items())


# --- Public lists ------------------------------------------------------------------------


def public_acts() -> QuerySet[Act]:
    """What residents may see: not archived and published (on or before today)."""
    page_cache.shows("acts")
    return Act.objects.filter(
        archived=False, published_on__isnull=False, published_on__lte=timezone.localdate()
    )


def scoped(scope: str, queryset: QuerySet[Act] | None = None) -> QuerySet[Act]:
    queryset = public_acts() if queryset is None else queryset
    if scope == Scope.LUSTRATION:
        return queryset.exclude(lustration_category="")
    queryset = queryset.filter(lustration_category="")
    if scope == Scope.DRAFTS:
        return queryset.filter(status__in=DRAFT_STATUSES)
    return queryset.filter(status__in=ACT_STATUSES)


def statuses_for(scope: str) -> list[tuple[str, str]]:
    wanted = DRAFT_STATUSES if scope == Scope.DRAFTS else ACT_STATUSES
    return [(str(s.value), str(s.label)) for s in wanted]


def _date(raw: str) -> str:
    from hromada.core.imports import parse_date

    try:
        return parse_date(raw).isoformat() if raw else ""
    except ValueError:
        return ""


def _without_nul(params: Mapping[str, str]) -> dict[str, str]:
    # PostgreSQL refuses text holding a NUL character (a server error, not an empty result);
    # no act or document contains one, so it is dropped from what was typed.
    return {key: params.get(key, "").replace("\x00", "") for key in params}


def clean_filters(params: Mapping[str, str], *, scope: str, kind: str = "") -> dict[str, str]:
    """The register's filters from a query string; anything malformed is dropped."""
    params = _without_nul(params)
    filters = {
        "q": params.get("q", "").strip()[:200],
        "kind": params.get("kind", "") if not kind else "",
        "year": params.get("year", "").strip(),
        "number": params.get("number", "").strip()[:50],
        "date_from": _date(params.get("date_from", "").strip()),
        "date_to": _date(params.get("date_to", "").strip()),
        "status": params.get("status", ""),
    }
    if filters["kind"] not in Kind.values:
        filters["kind"] = ""
    if not (filters["year"].isdigit() and len(filters["year"]) == 4):
        filters["year"] = ""
    if filters["status"] not in {value for value, _label in statuses_for(scope)}:
        filters["status"] = ""
    return filters


def register(
    *,
    scope: str,
    page_kind: str = "",
    q: str = "",
    kind: str = "",
    year: str = "",
    number: str = "",
    date_from: str = "",
    date_to: str = "",
    status: str = "",
) -> QuerySet[Act]:
    """A public register's list, newest first."""
    queryset = scoped(scope)
    if page_kind or kind:
        queryset = queryset.filter(kind=page_kind or kind)
    if year:
        queryset = queryset.filter(year=int(year))
    if number:
        queryset = queryset.filter(number__iexact=number)
    if date_from:
        queryset = queryset.filter(date__gte=date_from)
    if date_to:
        queryset = queryset.filter(date__lte=date_to)
    if status:
        queryset = queryset.filter(status=status)
    if q:
        queryset = search.matching(queryset, q)
    return (
        queryset.defer("search_document")
        .prefetch_related("files", "topics")
        .order_by("-date", "-id")
    )


def years(*, scope: str, kind: str = "") -> list[int]:
    queryset = scoped(scope)
    if kind:
        queryset = queryset.filter(kind=kind)
    # The first and last year (two index look-ups), not a scan of every act for its year.
    bounds = queryset.aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"], bounds["first"] - 1, -1))


def public_act(pk: int) -> Act | None:
    return (
        public_acts()
        .select_related("draft")
        .prefetch_related(
            Prefetch("files", queryset=ActFile.objects.order_by("sort_order", "id")), "topics"
        )
        .filter(pk=pk)
        .first()
    )


def scope_of(act: Act) -> str:
    """The register an act belongs to: lustration documents, drafts or adopted acts."""
    if act.lustration_category:
        return Scope.LUSTRATION
    return Scope.DRAFTS if act.is_draft else Scope.ACTS


class RegisterPages:
    """The live public register pages, read once, to give many acts their page address
    (exports, the sitemap, the site search) without a query per act."""

    def __init__(self) -> None:
        self.pages = {
            (page.scope, page.kind): page for page in ActRegisterPage.objects.live().public()
        }
        self.urls: dict[int, str] = {}  # a page's own address, worked out once

    def page_for(self, act: Act) -> ActRegisterPage | None:
        """The act's kind's register, else the all-kinds register of its scope."""
        scope = scope_of(act)
        return self.pages.get((scope, act.kind)) or self.pages.get((scope, ""))

    def url_for(self, act: Act) -> str:
        page = self.page_for(act)
        if page is None:
            return ""
        if page.pk not in self.urls:
            self.urls[page.pk] = page.url or ""
        base = self.urls[page.pk]
        return base + page.reverse_subpage("act", kwargs={"pk": str(act.pk)}) if base else ""


def register_page_for(act: Act) -> ActRegisterPage | None:
    """The register page where an act lives: its kind's register, else the all-kinds one."""
    pages = ActRegisterPage.objects.live().public().filter(scope=scope_of(act))
    return pages.filter(kind=act.kind).first() or pages.filter(kind="").first() or None


def act_url(act: Act) -> str:
    page = register_page_for(act)
    return page.act_url(act) if page is not None else ""


@dataclass(frozen=True)
class HistoryEntry:
    date: dt.date
    text: str
    act: Act | None = None


def act_details(act: Act) -> dict[str, Any]:
    """Everything an act's public page shows: files, related acts, its history."""
    from django.utils.translation import gettext as _
    from wagtail.models import ModelLogEntry

    visible = public_acts()
    draft = act.draft if act.draft_id and visible.filter(pk=act.draft_id).exists() else None
    related: dict[str, list[Act]] = {
        "draft": [draft] if draft is not None else [],
        "adopted_acts": list(visible.filter(draft=act)),
        "amends": list(visible.filter(pk__in=act.amends.values("pk"))),
        "amended_by": list(visible.filter(amends=act)),
        "repeals": list(visible.filter(pk__in=act.repeals.values("pk"))),
        "repealed_by": list(visible.filter(repeals=act)),
    }
    history: list[HistoryEntry] = []
    if draft is not None and draft.published_on:
        history.append(HistoryEntry(draft.published_on, _("Draft published"), draft))
    if act.is_draft and act.published_on:
        history.append(HistoryEntry(act.published_on, _("Draft published")))
    elif act.published_on:
        history.append(HistoryEntry(act.date, _("Adopted")))
        history.append(HistoryEntry(act.published_on, _("Published")))
    for other in related["amended_by"]:
        history.append(HistoryEntry(other.date, _("Amended"), other))
    for other in related["repealed_by"]:
        history.append(HistoryEntry(other.date, _("Repealed"), other))
    for adopted in related["adopted_acts"]:
        history.append(HistoryEntry(adopted.date, _("Adopted"), adopted))
    history.sort(key=lambda entry: entry.date)
    changes = [
        timezone.localtime(entry.timestamp).date()
        for entry in ModelLogEntry.objects.for_instance(act).filter(action="wagtail.edit")
    ]
    for other in [o for group in related.values() for o in group]:
        other.public_url = act_url(other)  # type: ignore[attr-defined]
    for entry in history:
        if entry.act is not None and not hasattr(entry.act, "public_url"):
            entry.act.public_url = act_url(entry.act)  # type: ignore[attr-defined]
    return {
        "act": act,
        "files": list(act.files.all()),
        "related": related,
        "draft": draft,
        "history": history,
        "record_changes": sorted(set(changes)),
        "deadline": draft_deadline(act) if act.is_draft else None,
    }


# --- Drafts and the 10-working-day rule ---------------------------------------------------


class DeadlineState(enum.StrEnum):
    ON_TIME = "on_time"  # published in time
    AT_RISK = "at_risk"  # not published yet; the last day is close
    LATE = "late"  # published after the last day, or not published and the day has passed
    WAITING = "waiting"  # not published, time enough
    UNKNOWN = "unknown"  # no consideration date


@dataclass(frozen=True)
class DraftDeadline:
    """A draft against Law 2939-VI Art. 15 part 3: published at least 10 working days before
    its consideration."""

    consideration: dt.date | None
    latest_publication: dt.date | None
    published_on: dt.date | None
    state: DeadlineState
    working_days_before: int | None  # from publication to consideration
    comment_days_left: int | None  # working days from today to consideration (public page)

    @property
    def is_problem(self) -> bool:
        return self.state in (DeadlineState.LATE, DeadlineState.AT_RISK)


def check_draft_dates(
    *, consideration: dt.date | None, published_on: dt.date | None, today: dt.date
) -> DraftDeadline:
    required = legal_calendar.RULES["draft_publication"].amount
    if consideration is None:
        return DraftDeadline(None, None, published_on, DeadlineState.UNKNOWN, None, None)
    latest = legal_calendar.latest_publication_date(consideration)
    before = (
        legal_calendar.working_days_between(published_on, consideration)
        if published_on is not None
        else None
    )
    left = legal_calendar.working_days_between(today, consideration)
    if published_on is not None:
        state = DeadlineState.ON_TIME if published_on <= latest else DeadlineState.LATE
        assert before is not None
        if state is DeadlineState.ON_TIME and before < required:  # pragma: no cover - same rule
            state = DeadlineState.LATE
    elif today > latest:
        state = DeadlineState.LATE
    elif legal_calendar.working_days_between(today, latest) <= AT_RISK_MARGIN:
        state = DeadlineState.AT_RISK
    else:
        state = DeadlineState.WAITING
    return DraftDeadline(consideration, latest, published_on, state, before, max(left, 0))


def draft_deadline(act: Act, *, today: dt.date | None = None) -> DraftDeadline:
    return check_draft_dates(
        consideration=act.consideration_date,
        published_on=act.published_on,
        today=today or timezone.localdate(),
    )


def drafts_to_watch(*, today: dt.date | None = None) -> list[tuple[Act, DraftDeadline]]:
    """Drafts still to be considered (consideration today or later) that are late or at risk,
    soonest consideration first: the admin dashboard."""
    today = today or timezone.localdate()
    queryset = Act.objects.filter(
        archived=False, status=Status.DRAFT, consideration_date__gte=today
    ).order_by("consideration_date", "id")
    result = []
    for act in queryset:
        deadline = draft_deadline(act, today=today)
        if deadline.is_problem:
            result.append((act, deadline))
    return result


def drafts_published_late(start: dt.date, end: dt.date) -> int:
    count = 0
    for published_on, consideration in Act.objects.filter(
        archived=False,
        status__in=DRAFT_STATUSES,
        published_on__gte=start,
        published_on__lte=end,
        consideration_date__isnull=False,
    ).values_list("published_on", "consideration_date"):
        if published_on > legal_calendar.latest_publication_date(consideration):
            count += 1
    return count


# --- Counts for metrics --------------------------------------------------------------------


def published_in(
    start: dt.date, end: dt.date, *, scope: str, kind: str | None = None
) -> QuerySet[Act]:
    queryset = scoped(
        scope,
        Act.objects.filter(archived=False, published_on__gte=start, published_on__lte=end),
    )
    return queryset.filter(kind=kind) if kind else queryset


def published_between(start: dt.date, end: dt.date, *, scope: str, kind: str | None = None) -> int:
    return published_in(start, end, scope=scope, kind=kind).count()


# --- Exports ---------------------------------------------------------------------------------


def export_rows(queryset: Iterable[Act], *, base_url: str = "") -> Iterator[dict[str, Any]]:
    pages = RegisterPages()
    base = base_url.rstrip("/")
    media = base
    for act in queryset:
        url = pages.url_for(act)
        if url.startswith("/"):
            url = base + url
        yield {
            "id": act.pk,
            "kind": act.kind,
            "number": act.number,
            "date": act.date,
            "title": act.title,
            "status": act.status,
            "published_on": act.published_on,
            "consideration_date": act.consideration_date,
            "issuing_body": act.issuing_body,
            "department": act.department,
            "topics": "; ".join(topic.name for topic in act.topics.all()),
            "draft_id": act.draft_id,
            "lustration_category": act.lustration_category,
            "person_position": act.person_position,
            "files": " ".join(media + f.file.url for f in act.files.all() if f.file),
            "url": url,
        }


# --- The register of public-information documents -------------------------------------------

DOCUMENT_COLUMNS = [
    "id",
    "title",
    "number",
    "created_on",
    "received_on",
    "source",
    "access",
    "access_basis",
    "field",
    "keywords",
    "document_type",
    "carrier",
    "storage",
]


def clean_document_filters(params: Mapping[str, str]) -> dict[str, str]:
    from hromada.acts.models import Access

    params = _without_nul(params)
    filters = {
        "q": params.get("q", "").strip()[:200],
        "date_from": _date(params.get("date_from", "").strip()),
        "date_to": _date(params.get("date_to", "").strip()),
        "access": params.get("access", ""),
    }
    if filters["access"] not in Access.values:
        filters["access"] = ""
    return filters


def public_documents(
    *, q: str = "", date_from: str = "", date_to: str = "", access: str = ""
) -> QuerySet[PublicDocument]:
    """Cards residents see: not archived; an act's card once the act is published."""
    today = timezone.localdate()
    queryset = (
        PublicDocument.objects.filter(archived=False)
        .exclude(act__isnull=False, act__published_on__isnull=True)
        .exclude(act__published_on__gt=today)
        .exclude(act__archived=True)
    )
    if date_from:
        queryset = queryset.filter(created_on__gte=date_from)
    if date_to:
        queryset = queryset.filter(created_on__lte=date_to)
    if access:
        queryset = queryset.filter(access=access)
    if q:
        queryset = search.matching(queryset, q)
    return queryset.select_related("act").order_by("-created_on", "-id")


def document_rows(queryset: Iterable[PublicDocument]) -> Iterator[dict[str, Any]]:
    for document in queryset:
        yield {
            column: getattr(document, column) for column in DOCUMENT_COLUMNS if column != "id"
        } | {"id": document.pk}
