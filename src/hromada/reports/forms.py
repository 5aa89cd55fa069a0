from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.metrics import Period
from hromada.reports.services import AVAILABLE_FORMATS


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1991, max_value=2100, required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    output_format = forms.ChoiceField(
        label=_("Format"), choices=[(f, f.upper()) for f in AVAILABLE_FORMATS], initial="html"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year, start, end = cleaned.get("year"), cleaned.get("date_from"), cleaned.get("date_to")
        if year is None and not (start and end):
            raise forms.ValidationError(_("Give a year, or both dates of the period."))
        if year is None and start and end and end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned

    def period(self) -> Period:
        year = self.cleaned_data.get("year")
        if year is not None:
            return Period.year(year)
        start: dt.date = self.cleaned_data["date_from"]
        end: dt.date = self.cleaned_data["date_to"]
        return Period(start, end)
