"""The consultations page type: its routes hand each request to this component's views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from hromada.participation.consultations import views
from hromada.participation.shared.pages import ModulePage


class ConsultationsPage(ModulePage):
    """Drafts open for comments, their published comments and the summaries."""

    class Meta:
        verbose_name = _("consultations on drafts page")
        verbose_name_plural = _("consultations on drafts pages")

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        return views.consultations(request, self)

    @path("<int:pk>/", name="detail")
    def detail_route(self, request: HttpRequest, pk: int) -> HttpResponse:
        return views.consultation_detail(request, self, pk)
