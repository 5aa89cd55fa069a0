"""The e-petition form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.spam import SpamProtectedForm


class PetitionForm(SpamProtectedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text of the petition"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    field_order = ["title", "text", "website", "started"]
