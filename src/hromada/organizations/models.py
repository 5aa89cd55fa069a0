"""The register of civic organizations and its public pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from hromada.core.validators import validate_edrpou
from hromada.organizations.records import Kind, Source

PER_PAGE = 25
EDITOR_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class KindChoices(models.TextChoices):
    PARTY_UNIT = Kind.PARTY_UNIT.value, _("Political party unit")
    NGO = Kind.NGO.value, _("Public organization")
    RELIGIOUS = Kind.RELIGIOUS.value, _("Religious organization")
    TRADE_UNION = Kind.TRADE_UNION.value, _("Trade union")
    CHARITY = Kind.CHARITY.value, _("Charitable organization")
    OTHER = Kind.OTHER.value, _("Other")


class SourceChoices(models.TextChoices):
    MANUAL = Source.MANUAL.value, _("Entered by hand")
    CSV = Source.CSV.value, _("CSV import")
    EDR = Source.EDR.value, _("State register (EDR)")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    TERMINATED = "terminated", _("Terminated")


# Fields an importer may set; staff corrections to any of them are kept on re-import.
IMPORTED_FIELDS = (
    "kind",
    "name",
    "short_name",
    "edrpou",
    "legal_form",
    "registered_on",
    "terminated_on",
    "status",
    "address",
    "head",
    "parent_name",
)


class Organization(index.Indexed, models.Model):
    """A party unit, public organization, religious organization or other civic body."""

    kind = models.CharField(_("kind"), max_length=20, choices=KindChoices.choices)
    name = models.CharField(_("name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=255, blank=True)
    edrpou = models.CharField(
        _("EDRPOU code"), max_length=8, blank=True, validators=[validate_edrpou]
    )
    legal_form = models.CharField(
        _("organizational and legal form"),
        max_length=255,
        blank=True,
        help_text=_("As written in the state register, e.g. “громадська організація”."),
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=255,
        blank=True,
        help_text=_("The state register's status text (зареєстровано, припинено, …)."),
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    head = models.CharField(_("head"), max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    parent_name = models.CharField(_("parent party (name)"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=SourceChoices.choices, default=SourceChoices.MANUAL
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("The office's own notes."))
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Archived records are hidden everywhere.")
    )
    manually_edited_fields = models.JSONField(
        _("manually edited fields"),
        default=list,
        blank=True,
        help_text=_("Fields corrected by hand, which imports leave alone."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.SearchField("edrpou"),
        index.SearchField("head"),
        index.SearchField("address"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
        index.FilterField("archived"),
    ]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edrpou"],
                condition=~Q(edrpou=""),
                name="organizations_unique_edrpou",
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True)
                | Q(registered_on__isnull=True)
                | Q(terminated_on__gte=models.F("registered_on")),
                name="organizations_terminated_after_registered",
            ),
        ]
        indexes = [models.Index(fields=["kind", "registered_on", "terminated_on"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.registered_on and self.terminated_on and self.terminated_on < self.registered_on:
            raise ValidationError(
                {"terminated_on": _("An organization cannot be terminated before it registered.")}
            )

    @property
    def is_terminated(self) -> bool:
        return self.terminated_on is not None

    @property
    def status_label(self) -> Any:
        return Status.TERMINATED.label if self.is_terminated else Status.ACTIVE.label


class OrganizationRegisterPage(RoutablePageMixin, Page):
    """A public register of one kind of organization: search, filters, exports, one page each."""

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
        from urllib.parse import urlencode

        queryset, filters = self._filtered(request)
        paginator = Paginator(queryset, PER_PAGE)
        try:
            paged = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            paged = paginator.page(1)
        except EmptyPage:
            paged = paginator.page(paginator.num_pages)
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
