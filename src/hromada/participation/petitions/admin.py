"""Staff's side of e-petitions: moderation, answers, the list with its signature counts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from hromada.core import cases
from hromada.participation.petitions import selectors, services
from hromada.participation.petitions.models import (
    Petition,
    PetitionStatus,
)
from hromada.participation.shared.admin import (
    ActionColumn,
    ModerationForm,
    actor,
    check,
    render,
)


class ModeratePetitionForm(ModerationForm):
    pass


class AnswerPetitionForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Answer"), widget=forms.Textarea)


def moderate_petition(request: HttpRequest, pk: int) -> HttpResponse:
    check(request, "participation.change_petition")
    petition = get_object_or_404(Petition, pk=pk)
    back = reverse("participation_petitions:index")
    if petition.status == PetitionStatus.CONSIDERATION:
        form: forms.Form = AnswerPetitionForm(request.POST or None)
        label = _("Publish the answer")
    else:
        form = ModeratePetitionForm(request.POST or None)
        label = _("Moderate")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(form, AnswerPetitionForm):
                services.answer_petition(
                    petition=petition, answer=data["answer"], user=actor(request)
                )
            else:
                services.moderate_petition(
                    petition=petition,
                    publish=data["decision"] == "publish",
                    reason=data["reason"],
                    user=actor(request),
                )
        except (ValidationError, cases.TransitionError) as error:
            form.add_error(
                None, error.messages if isinstance(error, ValidationError) else str(error)
            )
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(back)
    return render(request, petition, form, label, back)


class PetitionIndexView(IndexView):
    """Petitions with their signatures counted from the rows (there is no counter column)."""

    export_headings = {"signature_count": gettext_lazy("Signatures")}

    def get_base_queryset(self) -> Any:
        return selectors.with_signatures(super().get_base_queryset())


class PetitionViewSet(ModelViewSet):
    model = Petition
    icon = "doc-full"
    menu_label = gettext_lazy("E-petitions")
    index_view_class = PetitionIndexView
    list_display = [
        "title",
        "status",
        Column("signature_count", label=gettext_lazy("Signatures"), sort_key="signature_count"),
        "published_on",
        "due_date",
        ActionColumn(
            "decide",
            url_name="participation_petitions:decide",
            label=gettext_lazy("Decide"),
            show=lambda p: p.status in (PetitionStatus.MODERATION, PetitionStatus.CONSIDERATION),
        ),
    ]
    list_filter = ["status"]
    search_fields = ["title", "text"]
    list_export = [
        "title",
        "author_name",
        "status",
        "published_on",
        "collection_ends_on",
        "threshold",
        "signature_count",
        "reached_on",
        "due_date",
        "answered_on",
    ]
    export_filename = "e-petitions"
    form_fields = ["assignee"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", moderate_petition, name="decide"),
        ]
