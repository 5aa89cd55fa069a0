"""Acts in the site-wide search: the newest public acts and drafts whose words match."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.formats import date_format

from hromada.acts import search, selectors
from hromada.acts.models import ActRegisterPage, Scope
from hromada.core.sitesearch import COUNT_CAP, Found, Hit


def search_acts(query: str, limit: int) -> Found:
    matches = search.matching(selectors.public_acts(), query).order_by("-date", "-pk")
    pages = selectors.RegisterPages()
    hits = []
    for act in matches[:limit]:
        details = [selectors.kind_label(act.kind)]
        if act.number:
            details.append(f"№ {act.number}")
        if act.date:
            details.append(date_format(act.date, "SHORT_DATE_FORMAT"))
        hits.append(Hit(title=act.title, url=pages.url_for(act), details=", ".join(details)))
    register = ActRegisterPage.objects.live().public().filter(scope=Scope.ACTS, kind="").first()
    more_url = f"{register.url}?{urlencode({'q': query})}" if register and register.url else ""
    return Found(hits=hits, count=matches[:COUNT_CAP].count(), more_url=more_url)
