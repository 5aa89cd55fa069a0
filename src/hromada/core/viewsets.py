"""Admin viewset pieces shared by modules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path

from hromada.core.docx_templates import TemplateKind
from hromada.core.forms import DocxTemplateForm

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocxTemplateViewSetMixin:
    """For the viewset (`ModelViewSet` or `SnippetViewSet`) of uploaded DOCX templates:
    uploads go through `template_form_class` (checked against their kind's placeholders),
    and each kind's built-in template is downloadable as a starting point — the first kind at
    ``built-in.docx`` (URL name ``built_in``), every kind at ``built-in/<key>.docx``
    (``built_in_kind``)."""

    template_form_class: type[DocxTemplateForm]
    template_kinds: Sequence[TemplateKind] = ()

    def get_form_class(self, for_update: bool = False) -> type[DocxTemplateForm]:
        return self.template_form_class

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),  # type: ignore[misc]
            path("built-in.docx", self.built_in_view, name="built_in"),
            path("built-in/<str:key>.docx", self.built_in_view, name="built_in_kind"),
        ]

    def built_in_view(self, request: HttpRequest, key: str | None = None) -> HttpResponse:
        """The built-in template of a kind, in the interface's language, to edit and upload."""
        policy = self.permission_policy  # type: ignore[attr-defined]
        if not policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        kinds = {kind.key: kind for kind in self.template_kinds}
        if key is None and self.template_kinds:
            kind = self.template_kinds[0]
        elif key in kinds:
            kind = kinds[key]
        else:
            raise Http404
        response = HttpResponse(kind.built_in(), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{kind.filename}"'
        return response
