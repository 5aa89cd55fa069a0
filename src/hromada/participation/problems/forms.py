"""The problem-report forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.spam import SpamProtectedForm
from hromada.participation.problems.models import (
    ProblemCategory,
)
from hromada.participation.shared.forms import PhotosField


class ProblemForm(SpamProtectedForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=ProblemCategory.objects.all())
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        help_text=_("Street and house number, or a landmark."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        decimal_places=6,
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        decimal_places=6,
    )
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to 5 photos: JPEG, PNG, GIF or WebP."),
    )
    field_order = [
        "category",
        "address",
        "latitude",
        "longitude",
        "description",
        "photos",
        "website",
        "started",
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise ValidationError(_("Give both coordinates of the point, or neither."))
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the problem not solved?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
