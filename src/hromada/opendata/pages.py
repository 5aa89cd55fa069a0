"""The public catalogue "Відкриті дані": a Wagtail page with routes for datasets."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

PER_PAGE = 20
EDITOR_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class OpenDataPage(RoutablePageMixin, Page):
    """The open-data catalogue: search, facets, one page per dataset with its passport."""

    # The page cache: what publishing it changes, what serving it shows (core/page_cache.py).
    page_cache_scope = "opendata"
    page_cache_shows = ("opendata",)

    intro = RichTextField(_("introduction"), blank=True, features=EDITOR_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.SectionPage", "portal.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("open data catalogue")
        verbose_name_plural = _("open data catalogues")

    def _filters(self, request: HttpRequest) -> dict[str, str]:
        # A NUL character is dropped: PostgreSQL refuses text holding one.
        return {
            name: request.GET.get(name, "").replace("\x00", "").strip()[:200]
            for name in ("q", "publisher", "group", "format", "tag")
        }

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        from hromada.opendata import selectors

        filters = self._filters(request)
        datasets = selectors.catalogue(
            q=filters["q"],
            publisher=filters["publisher"],
            group=filters["group"],
            res_format=filters["format"],
            tag=filters["tag"],
        )
        paged = Paginator(datasets.prefetch_related("resources"), PER_PAGE).get_page(
            request.GET.get("page")
        )
        active = {k: v for k, v in filters.items() if v}
        return self.render(
            request,
            context_overrides={
                "datasets": paged,
                "filters": filters,
                "filter_query": urlencode(active),
                "facets": selectors.facets(datasets),
            },
        )

    @re_path(r"^dataset/(?P<name>[a-z0-9_-]{2,100})/$", name="dataset")
    def dataset_route(self, request: HttpRequest, name: str) -> HttpResponse:
        from hromada.opendata import selectors

        dataset = selectors.dataset_for_page(name)
        if dataset is None:
            raise Http404
        resources = sorted(
            (r for r in dataset.resources.all() if not r.archived),
            key=lambda r: (r.position, r.created),
        )
        return TemplateResponse(
            request,
            "opendata/dataset_page.html",
            {
                **self.get_context(request),
                "dataset": dataset,
                "resources": resources,
                "api_url": f"/api/3/action/package_show?id={dataset.name}",
            },
        )

    @re_path(
        r"^dataset/(?P<name>[a-z0-9_-]{2,100})/preview/(?P<resource_id>[0-9a-f-]{36})/$",
        name="preview",
    )
    def preview_route(self, request: HttpRequest, name: str, resource_id: str) -> HttpResponse:
        from hromada.opendata import selectors

        dataset = selectors.dataset_for_page(name)
        if dataset is None:
            raise Http404
        try:
            key = uuid.UUID(resource_id)
        except ValueError as error:
            raise Http404 from error
        resource = next(
            (r for r in dataset.resources.all() if r.pk == key and not r.archived), None
        )
        if resource is None:
            raise Http404
        # The reader's filter: words anywhere in a row, and one column's exact value.
        q, column, value = (
            request.GET.get(key, "").replace("\x00", "").strip()[:200]
            for key in ("q", "column", "value")
        )
        table = selectors.filtered_preview(resource, q=q, column=column, value=value)
        if table is None:
            raise Http404
        return TemplateResponse(
            request,
            "opendata/preview.html",
            {
                **self.get_context(request),
                "dataset": dataset,
                "resource": resource,
                "table": table,
                "filter": {"q": q, "column": column, "value": value},
                "api_url": f"/api/3/action/datastore_search?resource_id={resource.id}",
            },
        )

    def dataset_url(self, name: str) -> str:
        return self.url + self.reverse_subpage("dataset", kwargs={"name": name})

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = self
        return context
