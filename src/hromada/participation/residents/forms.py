"""The resident's account forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.spam import SpamProtectedForm


class RegistrationForm(SpamProtectedForm):
    full_name = forms.CharField(
        label=_("Surname, name and patronymic"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits."),
    )
    district = forms.CharField(label=_("District (optional)"), max_length=100, required=False)
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data as described above"),
        error_messages={"required": _("Without this consent an account cannot be created.")},
    )
    field_order = ["full_name", "email", "password", "district", "consent", "website", "started"]

    def clean_full_name(self) -> str:
        name = " ".join(str(self.cleaned_data["full_name"]).split())
        if len(name) < 3:
            raise ValidationError(_("Give your full name."))
        return name

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        password_validation.validate_password(password)
        return password


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Surname, name and patronymic"), max_length=255)
    district = forms.CharField(label=_("District (optional)"), max_length=100, required=False)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased")
    )


class LoginForm(AuthenticationForm):
    """Residents log in with their e-mail (it is their username)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].widget.attrs["autocomplete"] = "email"

    def clean_username(self) -> str:
        return str(self.cleaned_data.get("username") or "").strip().lower()
