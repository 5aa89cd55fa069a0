"""The project form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.spam import SpamProtectedForm
from hromada.participation.budget.models import (
    BudgetCategory,
)
from hromada.participation.shared.forms import PhotosField


class ProjectForm(SpamProtectedForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=BudgetCategory.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    district = forms.CharField(label=_("District (optional)"), max_length=100, required=False)
    location = forms.CharField(label=_("Location (optional)"), max_length=300, required=False)
    cost = forms.DecimalField(
        label=_("Cost estimate, UAH"), min_value=Decimal("1"), decimal_places=2, max_digits=14
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to 5 photos: JPEG, PNG, GIF or WebP."),
    )
    field_order = [
        "category",
        "title",
        "description",
        "district",
        "location",
        "cost",
        "photos",
        "website",
        "started",
    ]

    def __init__(self, *args: Any, cycle: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = cycle.categories.all()  # type: ignore[attr-defined]
