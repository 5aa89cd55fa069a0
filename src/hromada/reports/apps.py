from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Who builds the activity report, downloads it and sees the dashboard: the office's staff
# (Адміністратор, Фахівець відділу), not editors, moderators or data stewards.
REPORT_PERMISSION = "reports.view_activity_report"


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
        roles.grant(roles.ADMINISTRATOR, {*manage, REPORT_PERMISSION})
        roles.grant(roles.SPECIALIST, {*manage, REPORT_PERMISSION})
