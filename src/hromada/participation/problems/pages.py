"""The problem-reports page type: its routes hand each request to this component's views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from hromada.participation.problems import views
from hromada.participation.shared.pages import ModulePage


class ProblemsPage(ModulePage):
    """ "Open city": problem reports on a list and a map, and the report form."""

    class Meta:
        verbose_name = _("problem reports page")
        verbose_name_plural = _("problem reports pages")

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        return views.problems(request, self)

    @path("new/", name="new")
    def new_route(self, request: HttpRequest) -> HttpResponse:
        return views.problem_new(request, self)

    @path("<int:pk>/", name="detail")
    def detail_route(self, request: HttpRequest, pk: int) -> HttpResponse:
        return views.problem_detail(request, self, pk)
