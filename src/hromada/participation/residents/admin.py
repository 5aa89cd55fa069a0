"""Staff's side of resident accounts: the list and confirming a resident in person."""

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
from wagtail.admin.viewsets.model import ModelViewSet

from hromada.participation.residents import services
from hromada.participation.residents.models import (
    DocumentType,
    Resident,
)
from hromada.participation.shared.admin import (
    ActionColumn,
    actor,
    check,
    render,
)


class ConfirmResidentForm(forms.Form):
    document_type = forms.ChoiceField(
        label=gettext_lazy("Document shown in person"),
        choices=[c for c in DocumentType.choices if c[0] != DocumentType.EID],
    )
    document_number = forms.CharField(
        label=gettext_lazy("РНОКПП (or passport number for a person without one)"),
        max_length=20,
        help_text=gettext_lazy("Only its identity key is kept, never the number."),
    )


def confirm_resident(request: HttpRequest, pk: int) -> HttpResponse:
    check(request, "participation.change_resident")
    resident = get_object_or_404(Resident, pk=pk)
    back = reverse("participation_residents:index")
    form = ConfirmResidentForm(request.POST or None)
    label = _("Confirm the resident")
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_resident(
                resident=resident,
                document_type=form.cleaned_data["document_type"],
                document_number=form.cleaned_data["document_number"],
                user=actor(request),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("%(action)s: done.") % {"action": label})
            return HttpResponseRedirect(back)
    return render(request, resident, form, label, back)


class ResidentViewSet(ModelViewSet):
    """Resident accounts. Personal data: only for those with the resident permissions."""

    model = Resident
    icon = "user"
    menu_label = gettext_lazy("Residents")
    list_display = [
        "full_name",
        "district",
        "email_confirmed_at",
        "verified_at",
        ActionColumn(
            "confirm",
            url_name="participation_residents:confirm",
            label=gettext_lazy("Confirm the resident"),
            show=lambda r: r.verified_at is None and r.deleted_at is None,
        ),
    ]
    list_filter = ["verified_document"]
    search_fields = ["full_name"]
    list_export = [
        "full_name",
        "district",
        "email_confirmed_at",
        "verified_at",
        "verified_document",
    ]
    export_filename = "residents"
    form_fields = ["full_name", "district"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("confirm/<int:pk>/", confirm_resident, name="confirm"),
        ]
