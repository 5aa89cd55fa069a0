"""Public forms. The spam checks (honeypot, signed start time) are core's (`core.spam`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.spam import SpamProtectedForm
from hromada.participation.models import BudgetCategory, ProblemCategory


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return list(files)


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


class PetitionForm(SpamProtectedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text of the petition"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    field_order = ["title", "text", "website", "started"]


class ProblemForm(SpamProtectedForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=ProblemCategory.objects.all())
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        help_text=_("Street and house number, or a landmark."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        decimal_places=6,
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
        required=False,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        decimal_places=6,
    )
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to 5 photos: JPEG, PNG, GIF or WebP."),
    )
    field_order = [
        "category",
        "address",
        "latitude",
        "longitude",
        "description",
        "photos",
        "website",
        "started",
    ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise ValidationError(_("Give both coordinates of the point, or neither."))
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the problem not solved?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment or proposal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class LoginForm(AuthenticationForm):
    """Residents log in with their e-mail (it is their username)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail")
        self.fields["username"].widget.attrs["autocomplete"] = "email"

    def clean_username(self) -> str:
        return str(self.cleaned_data.get("username") or "").strip().lower()


class ProjectForm(SpamProtectedForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=BudgetCategory.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    district = forms.CharField(label=_("District (optional)"), max_length=100, required=False)
    location = forms.CharField(label=_("Location (optional)"), max_length=300, required=False)
    cost = forms.DecimalField(
        label=_("Cost estimate, UAH"), min_value=Decimal("1"), decimal_places=2, max_digits=14
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_("Up to 5 photos: JPEG, PNG, GIF or WebP."),
    )
    field_order = [
        "category",
        "title",
        "description",
        "district",
        "location",
        "cost",
        "photos",
        "website",
        "started",
    ]

    def __init__(self, *args: Any, cycle: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = cycle.categories.all()  # type: ignore[attr-defined]
