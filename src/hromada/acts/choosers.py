"""The admin's act chooser: a searchable modal instead of a select of every act, used by the
"adopted from the draft", "amends" and "repeals" fields and by other modules' links to acts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from hromada.acts import search
from hromada.acts.models import Act, Kind


class ActFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Number or words of the title"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
        max_length=200,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *Kind.choices], required=False
    )

    def filter(self, objects: QuerySet[Act]) -> QuerySet[Act]:
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            by_words = search.matching(Act.objects.all(), query).values("pk")
            objects = objects.filter(Q(number=query) | Q(pk__in=by_words))
            self.is_searching = True
            self.search_query = query
        if kind := self.cleaned_data.get("kind"):
            objects = objects.filter(kind=kind)
        return objects


class _ActChooserMixin:
    """The chooser's search and columns: the title (the link that chooses), kind, number, date."""

    model_class: Any
    ordering = ["-date", "-pk"]
    filter_form_class = ActFilterForm

    @property
    def columns(self) -> list[Column]:
        return [
            *super().columns,  # type: ignore[misc]
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("number", label=_("Number")),
            DateColumn("date", label=_("Date")),
        ]


class ActChooseView(_ActChooserMixin, ChooseView):
    pass


class ActChooseResultsView(_ActChooserMixin, ChooseResultsView):
    pass


class ActChooserViewSet(ChooserViewSet):
    model = Act
    icon = "doc-full"
    choose_one_text = _("Choose an act")
    choose_another_text = _("Choose another act")
    edit_item_text = _("Edit this act")
    page_title = _("Choose an act")
    per_page = 20
    choose_view_class = ActChooseView
    choose_results_view_class = ActChooseResultsView


act_chooser_viewset = ActChooserViewSet("act_chooser", url_prefix="acts/chooser")
