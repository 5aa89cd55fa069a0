"""Admin forms: registering a document and the case actions (each calls one service)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from hromada.core.dates import DateField
from hromada.correspondence import assignment
from hromada.correspondence.forms import AttachmentsField
from hromada.correspondence.models import Document
from hromada.correspondence.workflow import (
    PERSONAL_KINDS,
    Direction,
    ForwardGround,
    RefusalGround,
)


def staff_users() -> Any:
    """Active users who work in the back-office: superusers and members of a role."""
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__isnull=False), is_active=True)
        .distinct()
        .order_by("username")
    )


class DocumentCreateForm(WagtailAdminModelForm):
    """What staff type in to register a paper or e-mailed document; numbered on save."""

    requester_name = forms.CharField(label=_("Requester's name"), max_length=255, required=False)
    requester_address = forms.CharField(
        label=_("Requester's postal address"), max_length=500, required=False
    )
    requester_email = forms.EmailField(label=_("Requester's e-mail"), required=False)
    requester_phone = forms.CharField(label=_("Requester's phone"), max_length=50, required=False)
    attachments = AttachmentsField(label=_("Attachments"), required=False)

    class Meta:
        model = Document
        fields = [
            "direction",
            "kind",
            "registered_on",
            "correspondent",
            "subject",
            "text",
            "urgency",
            "assignee",
            "long_term_control",
            "notes",
        ]
        field_classes = {"registered_on": DateField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignment.assignable_users()
        registered_on = self.fields["registered_on"]
        assert isinstance(registered_on, DateField)
        registered_on.not_future = _("the registration date")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("direction") == Direction.INCOMING
            and data.get("kind") in PERSONAL_KINDS
            and not (data.get("requester_name") or "").strip()
        ):
            self.add_error(
                "requester_name", _("Anonymous requests and appeals are not considered.")
            )
        return data

    def _post_clean(self) -> None:
        # The number, year and due date are given by the service on save.
        pass


class DocumentEditForm(WagtailAdminModelForm):
    """Editable descriptive fields; the status, dates and number change only through actions."""

    class Meta:
        model = Document
        fields = ["correspondent", "subject", "text", "long_term_control", "notes"]


class AssignForm(forms.Form):
    """Offers everyone to those who lead the office or hold the case, else only oneself
    (the service checks the office's rules again)."""

    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=get_user_model().objects.none())

    def __init__(
        self, *args: Any, user: Any = None, document: Document | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        candidates = assignment.assignable_users()
        if (
            user is not None
            and not assignment.leads_the_office(user)
            and not (document is not None and document.assignee_id == user.pk)
        ):
            candidates = candidates.filter(pk=user.pk)
        field.queryset = candidates


class PurposeForm(forms.Form):
    """Why the user needs a requester's personal data: only purposes the law accepts."""

    purpose = forms.ChoiceField(label=_("Purpose of access to personal data"))

    def __init__(self, *args: Any, purposes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["purpose"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.value, p.label) for p in purposes]


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    new_due = DateField(
        label=_("New due date"),
        required=False,
        help_text=_("Empty: the longest term the law allows."),
    )


class AnswerForm(forms.Form):
    answered_on = DateField(label=_("Answered on"), required=False, not_future=_("the answer date"))
    outgoing = forms.ModelChoiceField(
        label=_("Outgoing document that answers it"),
        queryset=Document.objects.outgoing(),
        required=False,
        help_text=_("Empty: an outgoing letter is registered now."),
    )
    letter = forms.CharField(
        label=_("Text of the answer (sent to the requester by e-mail)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ForwardForm(forms.Form):
    to = forms.CharField(label=_("Forwarded to"), max_length=500)
    ground = forms.ChoiceField(label=_("Legal ground"), choices=ForwardGround.choices)
    letter = forms.CharField(
        label=_("Letter to the requester"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Legal ground"), choices=RefusalGround.choices)
    letter = forms.CharField(
        label=_("Letter to the requester"), widget=forms.Textarea(attrs={"rows": 6})
    )


class CloseForm(forms.Form):
    closed_on = DateField(label=_("Closed on"), required=False, not_future=_("the closing date"))


ACTION_FORMS: dict[str, tuple[type[forms.Form], Any]] = {
    "assign": (AssignForm, _("Assign")),
    "extend": (ExtendForm, _("Extend term")),
    "answer": (AnswerForm, _("Answer")),
    "forward": (ForwardForm, _("Forward")),
    "refuse": (RefuseForm, _("Refuse")),
    "close": (CloseForm, _("Close")),
}


def as_field_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
