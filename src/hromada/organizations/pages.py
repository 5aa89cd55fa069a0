"""The organizations module's public page type: the register of one kind of organization
(search, filters, exports, statistics, one page each).

This module is loaded while Django registers the models (models.py imports it last), and
selectors.py imports the page type: so the routes import selectors when called."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from hromada.organizations.models import (
    EDITOR_FEATURES,
    PER_PAGE,
    KindChoices,
    Organization,
    Status,
)


class OrganizationRegisterPage(RoutablePageMixin, Page):
    """A public register of one kind of organization: search, filters, exports, one page each."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "organizations"
    page_cache_shows = ("organizations",)

    kind = models.CharField(_("kind"), max_length=20, choices=KindChoices.choices)
    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("intro")]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("organization register")
        verbose_name_plural = _("organization registers")

    def _filtered(self, request: HttpRequest) -> tuple[Any, dict[str, str]]:
        from hromada.organizations import selectors

        filters = {
            # A NUL character is dropped: PostgreSQL refuses text holding one.
            "q": request.GET.get("q", "").replace("\x00", "").strip()[:200],
            "status": request.GET.get("status", ""),
        }
        if filters["status"] not in {"", Status.ACTIVE, Status.TERMINATED}:
            filters["status"] = ""
        queryset = selectors.register(kind=self.kind, q=filters["q"], status=filters["status"])
        return queryset, filters

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        queryset, filters = self._filtered(request)
        paged = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
        query = urlencode({k: v for k, v in filters.items() if v})
        return self.render(
            request,
            context_overrides={
                "organizations": paged,
                "filters": filters,
                "filter_query": query,
                "statuses": Status.choices,
            },
        )

    @path("export/csv/", name="export_csv")
    def export_csv(self, request: HttpRequest) -> StreamingHttpResponse:
        from hromada.core import exports
        from hromada.organizations import selectors

        queryset, _filters = self._filtered(request)
        return exports.csv_response(
            filename=f"organizations-{self.kind}",
            columns=selectors.EXPORT_COLUMNS,
            rows=selectors.export_rows(queryset),
        )

    @path("export/json/", name="export_json")
    def export_json(self, request: HttpRequest) -> HttpResponse:
        from hromada.core import exports
        from hromada.organizations import selectors

        queryset, filters = self._filtered(request)
        return exports.json_response(
            filename=f"organizations-{self.kind}",
            columns=selectors.EXPORT_COLUMNS,
            rows=selectors.export_rows(queryset),
            meta={"title": self.title, "kind": self.kind, "filters": filters},
        )

    @path("statistics/", name="statistics")
    def statistics(self, request: HttpRequest) -> HttpResponse:
        from hromada.organizations import selectors

        first, last = selectors.table_years()
        table = selectors.year_end_table(first, last)
        return TemplateResponse(
            request,
            "organizations/statistics.html",
            {
                **self.get_context(request),
                "table": table,
                "kinds": selectors.TABLE_KINDS,
                "kind_labels": [KindChoices(k).label for k in selectors.TABLE_KINDS],
            },
        )

    @re_path(r"^(?P<key>\d{1,8})/$", name="organization")
    def organization(self, request: HttpRequest, key: str) -> HttpResponse:
        from hromada.organizations import selectors

        queryset = selectors.public_organizations().filter(kind=self.kind)
        if len(key) == 8:
            found = queryset.filter(edrpou=key).first()
            if found is not None:
                return self._detail(request, found)
        try:
            organization = get_object_or_404(queryset, pk=int(key))
        except ValueError as error:  # pragma: no cover - the pattern allows digits only
            raise Http404 from error
        return self._detail(request, organization)

    def _detail(self, request: HttpRequest, organization: Organization) -> HttpResponse:
        return TemplateResponse(
            request,
            "organizations/organization_page.html",
            {**self.get_context(request), "organization": organization},
        )

    def organization_url(self, organization: Organization) -> str:
        key = organization.edrpou or str(organization.pk)
        return self.url + self.reverse_subpage("organization", kwargs={"key": key})
