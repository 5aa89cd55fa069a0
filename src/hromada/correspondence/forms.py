"""The public forms: a public-information request (Law 2939-VI Art. 19 part 5) and an
electronic appeal (Law 393/96-ВР Art. 5). Anonymous appeals are not considered (Art. 8), so
the name is required; an electronic appeal must give an e-mail address (Art. 5 part 6)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.spam import SpamProtectedForm
from hromada.core.uploads import UploadKind, validate_upload

MAX_ATTACHMENTS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(
                _("Attach at most %(count)s files.") % {"count": MAX_ATTACHMENTS}, code="too_many"
            )
        messages: list[str] = []
        for file in files:
            try:
                validate_upload(file, kind=UploadKind.DOCUMENT)
            except ValidationError as error:
                messages.extend(error.messages)
        if messages:
            raise ValidationError(messages)
        return list(files)


#: Law 393/96-ВР Art. 3: the kinds of appeal.
APPEAL_TYPES = [
    ("proposal", _("Proposal or remark")),
    ("statement", _("Statement or petition")),
    ("complaint", _("Complaint")),
]


class SubmissionForm(SpamProtectedForm):
    """Fields both forms share; the spam checks (honeypot, fill time) come from core."""

    name = forms.CharField(
        label=_("Surname, name and patronymic (or the organization's name)"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The confirmation, the tracking code and the answer are sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postal_address = forms.CharField(
        label=_("Postal address"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    attachments = AttachmentsField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_("Up to 5 files: PDF, DOC, DOCX, ODT, RTF, XLS, XLSX, ODS, CSV, TXT or ZIP."),
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data as described above"),
        error_messages={"required": _("Without this consent the office cannot register it.")},
    )

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if len(name) < 3:
            raise ValidationError(_("Give your full name."), code="short")
        return name


class InformationRequestForm(SubmissionForm):
    description = forms.CharField(
        label=_("What information do you request?"),
        help_text=_(
            "A general description of the information, or the type, title, details or contents "
            "of the document."
        ),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    urgent = forms.BooleanField(
        label=_(
            "The information is needed to protect life or freedom, or concerns the environment, "
            "food quality, an accident or an emergency (answer within 48 hours)"
        ),
        required=False,
    )

    field_order = [
        "name",
        "email",
        "postal_address",
        "phone",
        "description",
        "urgent",
        "attachments",
        "consent",
        "website",
        "started",
    ]


class AppealForm(SubmissionForm):
    appeal_type = forms.ChoiceField(label=_("Type of appeal"), choices=APPEAL_TYPES)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    text = forms.CharField(
        label=_("The essence of the proposal, statement or complaint"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    field_order = [
        "name",
        "postal_address",
        "email",
        "phone",
        "appeal_type",
        "subject",
        "text",
        "attachments",
        "consent",
        "website",
        "started",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        address = self.fields["postal_address"]
        address.required = True
        address.label = _("Place of residence (postal address)")


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        help_text=_("From the confirmation e-mail, e.g. ABCD-EF23."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split()).upper()
