"""Admin forms of the monitoring module."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hromada.core.docx_templates import TemplateKind
from hromada.core.forms import DocxTemplateForm
from hromada.monitoring import documents
from hromada.monitoring.models import DocumentKind, DocumentTemplate


class DocumentTemplateForm(DocxTemplateForm):
    """A review or note template: a real DOCX using only the placeholders of its kind."""

    kind_fields = ("kind",)

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "name", "file", "is_default"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = " ".join(
            [
                _("Placeholders of reviews: %(list)s.")
                % {"list": documents.placeholder_help(DocumentKind.REVIEW)},
                _("Placeholders of notes: %(list)s.")
                % {"list": documents.placeholder_help(DocumentKind.WEEKLY_NOTE)},
            ]
        )

    def template_kind(self) -> TemplateKind | None:
        kind = self.cleaned_data.get("kind")
        return documents.KINDS.get(kind) if kind else None
