from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from hromada.core.docx_templates import TemplateKind, placeholder_help
from hromada.core.forms import DocxTemplateForm
from hromada.core.metrics import Period
from hromada.reports.docx import TEMPLATE_KIND
from hromada.reports.models import ReportTemplate
from hromada.reports.services import AVAILABLE_FORMATS


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1991, max_value=2100, required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    output_format = forms.ChoiceField(
        label=_("Format"), choices=[(f, f.upper()) for f in AVAILABLE_FORMATS], initial="html"
    )
    template = forms.ModelChoiceField(
        label=_("DOCX template"),
        queryset=ReportTemplate.objects.all(),
        required=False,
        empty_label=_("Default template"),
    )
    signatory = forms.CharField(
        label=_("Signed by"),
        max_length=255,
        required=False,
        help_text=_("The head's name on the title page's signature line; blank leaves a line."),
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

    def template_bytes(self) -> bytes | None:
        chosen: ReportTemplate | None = self.cleaned_data.get("template")
        return chosen.read() if chosen is not None else None


class ReportTemplateForm(DocxTemplateForm):
    """An uploaded template must be a real DOCX whose placeholders the report provides."""

    class Meta:
        model = ReportTemplate
        fields = ["name", "file", "is_default"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Placeholders: %(list)s.") % {
            "list": placeholder_help(TEMPLATE_KIND.placeholders)
        }

    def template_kind(self) -> TemplateKind:
        return TEMPLATE_KIND


class PublishReportForm(forms.Form):
    """Publish a year's report on the portal, under a section such as "Звіти про роботу"."""

    year = forms.IntegerField(label=_("Year"), min_value=1991, max_value=2100)
    parent = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Page.objects.none(),
        help_text=_("The portal section the report is published in."),
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    intro = forms.CharField(label=_("Introduction"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from hromada.portal.models import SectionPage

        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = SectionPage.objects.order_by("path")
