"""DOCX templates for the activity report, uploaded by staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportTemplate(models.Model):
    """A docxtpl template; the newest one marked default is used unless another is chosen."""

    name = models.CharField(_("name"), max_length=255)
    file = models.FileField(_("DOCX file"), upload_to="report_templates/")
    is_default = models.BooleanField(
        _("use by default"),
        default=False,
        help_text=_("Reports are written with the newest default template."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name
