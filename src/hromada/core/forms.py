"""Admin form bases that put every Wagtail image and document upload through core.uploads,
and the form of uploaded DOCX templates."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from hromada.core.docx_templates import TemplateKind, validate_template
from hromada.core.uploads import UploadKind, reencode_image, validate_upload


def _new_upload(form: Any) -> UploadedFile | None:
    """The file uploaded with this form, as sent (before Wagtail's own field checks)."""
    if "file" not in form.fields:
        return None
    upload = form.files.get(form.add_prefix("file"))
    return upload if isinstance(upload, UploadedFile) else None


def _refuse(form: Any, error: ValidationError) -> None:
    """Show our reason, which names the file, instead of the field's more generic one."""
    form._errors.pop("file", None)
    form.add_error("file", error)


class ValidatedImageForm(BaseImageForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = _new_upload(self)
        if upload is None:
            return cleaned
        name = upload.name or "image"
        try:
            validate_upload(upload, kind=UploadKind.IMAGE, name=name)
            reencoded = reencode_image(upload, name=name)
        except ValidationError as error:
            _refuse(self, error)
            return cleaned
        if "file" in cleaned:
            cleaned["file"] = reencoded
        return cleaned


class ValidatedDocumentForm(BaseDocumentForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = _new_upload(self)
        if upload is None:
            return cleaned
        try:
            validate_upload(upload, kind=UploadKind.DOCUMENT, name=upload.name)
        except ValidationError as error:
            _refuse(self, error)
        return cleaned

    def _update_errors(self, errors: ValidationError) -> None:
        # Wagtail's Document.clean checks the extension of the instance's file. When the upload
        # was refused above, that file is still empty and its "extension '' is not allowed"
        # would only confuse: the refusal already says what is wrong.
        if "file" in self._errors and hasattr(errors, "error_dict"):
            remaining = {field: e for field, e in errors.error_dict.items() if field != "file"}
            if not remaining:
                return
            errors = ValidationError(remaining)
        super()._update_errors(errors)


class DocxTemplateForm(WagtailAdminModelForm):
    """The admin form of a DOCX template (a model derived from
    `core.models.AbstractDocxTemplate`): a new upload must be a real DOCX by its content, parse,
    and use only the placeholders its kind of document provides; the problems are shown on
    the file field. Subclasses say which kind the upload is (`template_kind`)."""

    def template_kind(self) -> TemplateKind | None:
        """The kind of document the uploaded file is a template of (None: not known yet,
        another field shows why)."""
        raise NotImplementedError

    #: fields whose change makes the stored file a template of another kind: it is checked
    #: again against that kind's placeholders
    kind_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("file")
        kind = self.template_kind()
        if kind is None:
            return cleaned
        if upload is None or not hasattr(upload, "content_type"):  # no new upload
            if self.instance.pk and set(self.kind_fields) & set(self.changed_data):
                self._check_stored(kind)
            return cleaned
        try:
            detected = validate_upload(upload, kind=UploadKind.DOCUMENT)
            if detected.extension != "docx":
                raise ValidationError(_("A template must be a DOCX file."))
            validate_template(upload, placeholders=kind.placeholders)
        except ValidationError as error:
            self.add_error("file", error)
        upload.seek(0)
        return cleaned

    def _check_stored(self, kind: TemplateKind) -> None:
        try:
            with self.instance.file.open("rb") as handle:
                problems = kind.check(io.BytesIO(handle.read()))
        except OSError as error:
            problems = [str(error)]
        for problem in problems:
            self.add_error("file", problem)

    def save(self, commit: bool = True) -> Any:
        instance = super().save(commit=False)
        if instance.pk is None and self.for_user is not None:
            instance.uploaded_by = self.for_user
        if commit:
            instance.save()
        return instance
