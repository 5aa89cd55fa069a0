"""Admin forms: a resource is created from an upload or a link; each upload is checked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from hromada.opendata import selectors, services


class ResourceForm(WagtailAdminModelForm):
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "Its format is read from the content. A CSV file is validated (UTF-8, header, "
            "rows, and the dataset's Table Schema if it has one). A new upload becomes a new "
            "version; earlier versions stay downloadable."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "dataset" in self.fields and self.for_user is not None:
            self.fields["dataset"].queryset = selectors.steward_datasets(self.for_user).filter(
                live_slug=""
            )
        self.validation_report: dict[str, Any] = {}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        upload = data.get("upload")
        link = data.get("external_url")
        creating = self.instance.pk is None
        if creating and bool(upload) == bool(link):
            raise ValidationError(_("Upload a file or give an external link (one of the two)."))
        if not creating and upload and (self.instance.external_url or link):
            self.add_error("upload", _("This resource is a link; it has no uploaded versions."))
        if not creating and link and not self.instance.external_url:
            self.add_error(
                "external_url", _("An uploaded resource cannot become a link; add a new resource.")
            )
        dataset = data.get("dataset") or (self.instance.dataset if not creating else None)
        if upload and dataset is not None and not self.errors:
            try:
                _format, self.validation_report = services.check_file(
                    upload, filename=upload.name, dataset=dataset
                )
            except ValidationError as error:
                self.add_error("upload", error)
        return data


class DatasetForm(WagtailAdminModelForm):
    """A data steward may only keep a dataset under a publisher they steward."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or "publisher" not in self.fields:
            return
        from hromada.core import roles
        from hromada.opendata.models import Publisher

        if not user.is_superuser and not user.groups.exclude(name=roles.DATA_STEWARD).exists():
            self.fields["publisher"].queryset = Publisher.objects.filter(stewards=user)
