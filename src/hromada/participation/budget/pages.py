"""The participatory-budget page type: its routes hand each request to this component's views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from hromada.participation.budget import views
from hromada.participation.shared.pages import ModulePage


class BudgetPage(ModulePage):
    """The participatory budget: cycles, projects, voting and results."""

    class Meta:
        verbose_name = _("participatory budget page")
        verbose_name_plural = _("participatory budget pages")

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        return views.budget(request, self)

    @path("<int:pk>/", name="project")
    def project_route(self, request: HttpRequest, pk: int) -> HttpResponse:
        return views.budget_project(request, self, pk)

    @path("submit/", name="submit")
    def submit_route(self, request: HttpRequest) -> HttpResponse:
        return views.budget_submit(request, self)
