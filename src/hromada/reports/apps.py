from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hromada.reports"
    label = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hromada.core import roles

        manage = {
            "reports.add_reporttemplate",
            "reports.change_reporttemplate",
            "reports.view_reporttemplate",
        }
        roles.grant(roles.ADMINISTRATOR, manage)
        roles.grant(roles.SPECIALIST, manage)
