"""Public views that are not Wagtail pages: search, robots.txt, language switch."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from hromada.core import page_cache, share, sitesearch
from hromada.portal import search as site_search
from hromada.portal import selectors

SEARCH_PER_PAGE = 20
DOCUMENTS_SHOWN = 20
MAX_QUERY_LENGTH = 200


def clean_query(raw: str) -> str:
    """The visitor's words as the search backend can take them: printable characters only,
    single-spaced, at most MAX_QUERY_LENGTH long, and double quotes only in pairs (a lone
    quote, or a NUL, is a syntax error in SQLite's full-text search, i.e. a server error)."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    query = " ".join(printable.split())[:MAX_QUERY_LENGTH].strip()
    if query.count('"') % 2:
        query = " ".join(query.replace('"', " ").split())
    return query


@require_GET
def search(request: HttpRequest) -> TemplateResponse:
    page_cache.shows(page_cache.ANY)  # results from every kind of content
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    shortened = len(" ".join(raw.split())) > MAX_QUERY_LENGTH
    pages = None
    documents: list[site_search.Result] = []
    sections: list[tuple[sitesearch.Section, sitesearch.Found]] = []
    registers: list[tuple[sitesearch.Section, str]] = []
    if query:
        sections = sitesearch.search_sections(query)
        paginator = Paginator(
            site_search.ranked(site_search.page_entries(), query), SEARCH_PER_PAGE
        )
        try:
            pages = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            pages = paginator.page(1)
        pages.object_list = site_search.results(list(pages.object_list), query)  # type: ignore[assignment]
        public = site_search.document_entries(selectors.public_documents())
        documents = site_search.results(site_search.ranked(public, query)[:DOCUMENTS_SHOWN], query)
        if not pages.object_list and not documents and not sections:
            registers = sitesearch.browse_links(query)
    return TemplateResponse(
        request,
        "portal/search.html",
        {
            "query": query,
            "shortened": shortened,
            "max_query_length": MAX_QUERY_LENGTH,
            "search_results": pages,
            "documents": documents,
            "sections": sections,
            "registers": registers,
            "extra_query": urlencode({"q": query}),
        },
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /lang/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def web_manifest(request: HttpRequest) -> JsonResponse:
    """`/manifest.webmanifest`: name and icons for "add to home screen"."""
    from hromada.core.selectors import city_profile

    response = JsonResponse(
        share.web_manifest(request, city_profile(request)),
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """`/favicon.ico`, asked for by browsers and crawlers that read no <link>: the 32-pixel icon."""
    from hromada.core.selectors import city_profile

    return HttpResponseRedirect(share.site_icons(city_profile(request))[0]["href"])


@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Set the interface language by a plain link, so cached pages carry no CSRF form."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
