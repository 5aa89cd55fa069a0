"""Date input in the admin: what staff type is kept, read in both accepted forms, and refused
with a message that names the field.

Every admin date field takes `дд.мм.рррр`, ISO `рррр-мм-дд` (DATE_INPUT_FORMATS in
config/formats/) or the calendar picker. Wagtail's picker used to replace any text it could
not parse in its own format with today's date when the field lost focus; our widget templates
(core/templates/wagtailadmin/widgets/) switch that off, so the server judges what was typed.

Dates of something that already happened (a registration, a publication, an answer) cannot be
later than today: `validate_not_future` says so with the reason, in forms, services and imports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ACCEPTED = _("type it as dd.mm.yyyy or yyyy-mm-dd, or pick it in the calendar")


def validate_not_future(value: dt.date, *, what: Any, today: dt.date | None = None) -> None:
    """Refuse a date later than today (Kyiv): `what` names the date ("the registration date")."""
    today = today or timezone.localdate()
    if value > today:
        raise ValidationError(
            _("%(date)s is in the future: %(what)s cannot be later than today (%(today)s).")
            % {"date": f"{value:%d.%m.%Y}", "what": what, "today": f"{today:%d.%m.%Y}"},
            code="future",
        )


class _NamedErrors:
    """A date field whose "not a date" error names the field and the accepted forms."""

    label: Any

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)  # type: ignore[misc]
        except ValidationError as error:
            if error.code != "invalid":
                raise
            raise ValidationError(
                _("“%(value)s” in “%(field)s” is not a date: %(accepted)s.")
                % {"value": str(value).strip(), "field": self.label or "", "accepted": ACCEPTED},
                code="invalid",
            ) from error


class DateField(_NamedErrors, forms.DateField):
    """A form date; `not_future="the registration date"` also refuses dates after today."""

    def __init__(self, *args: Any, not_future: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _admin_date_input())
        super().__init__(*args, **kwargs)
        self.not_future = not_future

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and self.not_future is not None:
            validate_not_future(value, what=self.not_future)


class DateTimeField(_NamedErrors, forms.DateTimeField):
    pass


def _admin_date_input() -> forms.Widget:
    from wagtail.admin.widgets import AdminDateInput

    return AdminDateInput()


def install() -> None:
    """Wagtail's model forms (every viewset and page) build their date fields with ours."""
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.DateField, override={"widget": widgets.AdminDateInput, "form_class": DateField}
    )
    register_form_field_override(
        models.DateTimeField,
        override={"widget": widgets.AdminDateTimeInput, "form_class": DateTimeField},
    )
