"""The e-petitions page type: its routes hand each request to this component's views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path

from hromada.participation.petitions import views
from hromada.participation.shared.pages import ModulePage


class PetitionsPage(ModulePage):
    """E-petitions: the list, each petition with its signatories, filing and signing."""

    class Meta:
        verbose_name = _("e-petitions page")
        verbose_name_plural = _("e-petitions pages")

    @path("")
    def index_route(self, request: HttpRequest) -> HttpResponse:
        return views.petitions(request, self)

    @path("new/", name="new")
    def new_route(self, request: HttpRequest) -> HttpResponse:
        return views.petition_new(request, self)

    @path("<int:pk>/", name="detail")
    def detail_route(self, request: HttpRequest, pk: int) -> HttpResponse:
        return views.petition_detail(request, self, pk)
