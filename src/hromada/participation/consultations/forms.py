"""The comment form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment or proposal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
