"""The acts module's public page types: the registers of acts and of public-information
documents (filters, search, a page per record, exports, the Atom feed).

This module is loaded while Django registers the models (models.py imports it last), and
selectors.py and feeds.py import these page types: so the routes import them when called."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from hromada.acts.models import EDITOR_FEATURES, PER_PAGE, Access, Act, Kind, Scope
from hromada.core.pagination import CappedPaginator


class ActRegisterPage(RoutablePageMixin, Page):
    """A public register: adopted acts, drafts or lustration documents, of one kind or all.

    Filters (kind, year, number, dates, status), full-text search that finds inflected
    Ukrainian words, a page per act, an Atom feed, and CSV/JSON of any filtered list.
    """

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "acts"
    page_cache_shows = ("acts",)

    scope = models.CharField(_("what it lists"), max_length=20, choices=Scope.choices)
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=Kind.choices,
        blank=True,
        help_text=_("Empty: every kind, with a kind filter."),
    )
    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("scope"),
        FieldPanel("kind"),
        FieldPanel("intro"),
    ]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("register of acts")
        verbose_name_plural = _("registers of acts")

    def _filtered(self, request: HttpRequest) -> tuple[Any, dict[str, str]]:
        from hromada.acts import selectors

        filters = selectors.clean_filters(request.GET, scope=self.scope, kind=self.kind)
        return selectors.register(scope=self.scope, page_kind=self.kind, **filters), filters

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        from hromada.acts import selectors

        queryset, filters = self._filtered(request)
        paged = CappedPaginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
        query = urlencode({k: v for k, v in filters.items() if v})
        return self.render(
            request,
            context_overrides={
                "acts": paged,
                "filters": filters,
                "filter_query": query,
                "statuses": selectors.statuses_for(self.scope),
                "kinds": selectors.kind_choices(),
                "years": selectors.years(scope=self.scope, kind=self.kind),
                "show_kind": not self.kind,
            },
        )

    @path("export/csv/", name="export_csv")
    def export_csv(self, request: HttpRequest) -> StreamingHttpResponse:
        from hromada.acts import selectors
        from hromada.core import exports

        queryset, _filters = self._filtered(request)
        return exports.csv_response(
            filename=f"acts-{self.slug}",
            columns=selectors.EXPORT_COLUMNS,
            rows=selectors.export_rows(queryset, base_url=request.build_absolute_uri("/")),
        )

    @path("export/json/", name="export_json")
    def export_json(self, request: HttpRequest) -> HttpResponse:
        from hromada.acts import selectors
        from hromada.core import exports

        queryset, filters = self._filtered(request)
        return exports.json_response(
            filename=f"acts-{self.slug}",
            columns=selectors.EXPORT_COLUMNS,
            rows=selectors.export_rows(queryset, base_url=request.build_absolute_uri("/")),
            meta={"title": self.title, "scope": self.scope, "filters": filters},
        )

    @path("feed/", name="feed")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from hromada.acts.feeds import ActsAtomFeed

        return ActsAtomFeed()(request, page=self)

    @re_path(r"^(?P<pk>\d{1,12})/$", name="act")
    def act(self, request: HttpRequest, pk: str) -> HttpResponse:
        from hromada.acts import selectors

        act = selectors.public_act(int(pk))
        if act is None:
            raise Http404
        return TemplateResponse(
            request,
            "acts/act_page.html",
            {**self.get_context(request), **selectors.act_details(act)},
        )

    def act_url(self, act: Act) -> str:
        return self.url + self.reverse_subpage("act", kwargs={"pk": str(act.pk)})


class PublicDocumentRegisterPage(RoutablePageMixin, Page):
    """The public search page of the register of public-information documents."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "acts"
    page_cache_shows = ("acts",)

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("register of public-information documents")
        verbose_name_plural = _("registers of public-information documents")

    def _filtered(self, request: HttpRequest) -> tuple[Any, dict[str, str]]:
        from hromada.acts import selectors

        filters = selectors.clean_document_filters(request.GET)
        return selectors.public_documents(**filters), filters

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        queryset, filters = self._filtered(request)
        paged = CappedPaginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "documents": paged,
                "filters": filters,
                "filter_query": urlencode({k: v for k, v in filters.items() if v}),
                "accesses": Access.choices,
            },
        )

    @path("export/csv/", name="export_csv")
    def export_csv(self, request: HttpRequest) -> StreamingHttpResponse:
        from hromada.acts import selectors
        from hromada.core import exports

        queryset, _filters = self._filtered(request)
        return exports.csv_response(
            filename="public-documents",
            columns=selectors.DOCUMENT_COLUMNS,
            rows=selectors.document_rows(queryset),
        )

    @re_path(r"^(?P<pk>\d{1,12})/$", name="document")
    def document(self, request: HttpRequest, pk: str) -> HttpResponse:
        from hromada.acts import selectors

        document = selectors.public_documents().filter(pk=int(pk)).first()
        if document is None:
            raise Http404
        return TemplateResponse(
            request,
            "acts/public_document_page.html",
            {
                **self.get_context(request),
                "document": document,
                "act_url": selectors.act_url(document.act) if document.act else "",
            },
        )
