from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "hromada.monitoring"
    label = "monitoring"
    verbose_name = _("Media monitoring")
    default_auto_field = "django.db.models.BigAutoField"
