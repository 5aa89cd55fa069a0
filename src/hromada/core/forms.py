"""Admin form bases that put every Wagtail image and document upload through core.uploads."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from hromada.core.uploads import UploadKind, reencode_image, validate_upload


class ValidatedImageForm(BaseImageForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None and "file" in self.changed_data:
            try:
                validate_upload(upload, kind=UploadKind.IMAGE, name=upload.name)
                cleaned["file"] = reencode_image(upload, name=upload.name)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned


class ValidatedDocumentForm(BaseDocumentForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None and "file" in self.changed_data:
            try:
                validate_upload(upload, kind=UploadKind.DOCUMENT, name=upload.name)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned
