"""Resident accounts and their verification levels."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """Verification levels, each including the ones below it."""

    REGISTERED = 0, _("Registered")
    EMAIL_CONFIRMED = 1, _("E-mail confirmed")
    RESIDENT_CONFIRMED = 2, _("Resident confirmed")


class DocumentType(models.TextChoices):
    """The document a staff member saw in person (its type only: no copy is kept)."""

    PASSPORT = "passport", _("Passport of a citizen of Ukraine")
    ID_CARD = "id_card", _("ID card")
    RESIDENCE = "residence", _("Certificate of registered residence")
    EID = "eid", _("National e-ID service")


class Resident(models.Model):
    """A resident's account: the user (never staff) with consent and verification."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident"
    )
    full_name = models.CharField(_("full name"), max_length=255)
    district = models.CharField(_("district"), max_length=100, blank=True)
    consent_at = models.DateTimeField(_("personal-data consent given at"))
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("resident confirmed at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_document = models.CharField(
        _("document shown"), max_length=20, choices=DocumentType.choices, blank=True
    )
    verifier = models.CharField(_("e-ID provider"), max_length=50, blank=True)
    # HMAC of the person's number (residents/identity.py); one account per person. Cleared
    # when the account is deleted: the signatures and votes that need it keep their own copy.
    identity_key = models.CharField(  # noqa: DJ001 (NULL: no key; NULLs never collide)
        _("identity key"), max_length=64, null=True, blank=True, editable=False
    )
    deleted_at = models.DateTimeField(_("account deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            models.UniqueConstraint(
                fields=["identity_key"], name="participation_one_account_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def level(self) -> int:
        if self.deleted_at is not None:
            return -1
        if self.verified_at is not None:
            return Level.RESIDENT_CONFIRMED
        if self.email_confirmed_at is not None:
            return Level.EMAIL_CONFIRMED
        return Level.REGISTERED

    @property
    def level_label(self) -> str:
        return str(Level(max(self.level, 0)).label)
