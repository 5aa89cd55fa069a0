"""Records of the security mechanisms: the shared counters of the rate limits and of the
single-use form tokens (``core.spam``) and the hashed recovery codes of two-factor sign-in
(``core.two_factor``). Imported by ``core.models`` so they belong to the ``core`` app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
