"""Records of the security mechanisms: the shared counters of the rate limits and of the
single-use form tokens (``core.spam``) and the hashed recovery codes of two-factor sign-in
(``core.two_factor``). Imported by ``core.models`` so they belong to the ``core`` app."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class RateCounter(models.Model):
    """One counter of ``core.spam`` when there is no shared cache (Redis): the attempts of
    one client or account in one scope, or a form token's one use. Every web worker sees the
    same row, so two workers do not each allow the limit."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    count = models.PositiveIntegerField(_("count"), default=1)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A user's recovery codes for two-factor sign-in, as a django-otp device: each code
    signs in once. Only digests are stored (django-otp's own static device keeps the codes
    readable), so a database dump does not give anyone a way past the second factor."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: Any) -> bool:
        verify_allowed, _details = self.verify_is_allowed()
        if not verify_allowed:
            return False
        digest = recovery_digest(str(token))
        used = self.codes.filter(digest=digest).delete()[0] > 0
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return used


class RecoveryCode(models.Model):
    """One unused recovery code, by its digest; deleted when used."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(_("digest"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.device_id}: {self.digest[:8]}…"


def recovery_digest(code: str) -> str:
    """The stored form of a recovery code. The codes are random (50 bits), so one fast hash
    is enough; spaces, dashes and letter case do not matter when it is typed."""
    normal = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normal.encode()).hexdigest()
