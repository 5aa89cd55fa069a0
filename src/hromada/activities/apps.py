from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "hromada.activities"
    label = "activities"
    verbose_name = _("Activities")
    default_auto_field = "django.db.models.BigAutoField"
