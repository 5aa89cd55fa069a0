from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

DAY = 24 * 3600


class CorrespondenceConfig(AppConfig):
    name = "hromada.correspondence"
    label = "correspondence"
    verbose_name = _("Correspondence")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hromada.core import roles, scheduler
        from hromada.correspondence import tasks

        journal = {
            "correspondence.add_document",
            "correspondence.change_document",
            "correspondence.view_document",
        }
        roles.grant(
            roles.ADMINISTRATOR,
            {*journal, "correspondence.view_personal_data", "correspondence.assign_cases"},
        )
        roles.grant(roles.SPECIALIST, journal)
        scheduler.every(DAY, name="correspondence_reminders", task=tasks.send_deadline_reminders)
        scheduler.every(DAY, name="correspondence_anonymize", task=tasks.anonymize_closed_cases)
