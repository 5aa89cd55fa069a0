"""Acts in the site-wide search: public acts and drafts whose words match, a title equal to
the query first, then adopted acts before the others and drafts last, newest first within each."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Value, When
from django.utils.formats import date_format

from hromada.acts import search, selectors
from hromada.acts.models import ActRegisterPage, Scope, Status
from hromada.core.sitesearch import COUNT_CAP, Found, Hit

# Adopted acts first, drafts last (a resident looks for what is in force).
STATUS_RANK = Case(
    When(status=Status.ADOPTED, then=Value(0)),
    When(status=Status.DRAFT, then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)
# Exact titles are looked for among this many best matches.
EXACT_WINDOW = 200


def _acts_register() -> ActRegisterPage | None:
    return ActRegisterPage.objects.live().public().filter(scope=Scope.ACTS, kind="").first()


def browse_acts(query: str) -> str:
    register = _acts_register()
    return f"{register.url}?{urlencode({'q': query})}" if register and register.url else ""


def search_acts(query: str, limit: int) -> Found:
    matches = search.matching(selectors.public_acts(), query)
    ordered = list(
        matches.annotate(status_rank=STATUS_RANK).order_by("status_rank", "-date", "-pk")[
            :EXACT_WINDOW
        ]
    )
    wanted = search.normalise(" ".join(query.split()))
    ordered.sort(key=lambda act: search.normalise(" ".join(act.title.split())) != wanted)
    pages = selectors.RegisterPages()
    hits = []
    for act in ordered[:limit]:
        details = [selectors.kind_label(act.kind)]
        if act.number:
            details.append(f"№ {act.number}")
        if act.date:
            details.append(date_format(act.date, "SHORT_DATE_FORMAT"))
        if act.status != Status.ADOPTED:
            details.append(str(act.get_status_display()))
        hits.append(Hit(title=act.title, url=pages.url_for(act), details=", ".join(details)))
    return Found(hits=hits, count=matches[:COUNT_CAP].count(), more_url=browse_acts(query))
