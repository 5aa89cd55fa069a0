from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

MODELS = (
    "event",
    "civicaction",
    "text",
    "coveragecontract",
    "coveragerequest",
    "periodicalsubscription",
    "commission",
    "socialaccount",
    "socialmediafigure",
    "observance",
    "activity",
)


class ActivitiesConfig(AppConfig):
    name = "hromada.activities"
    label = "activities"
    verbose_name = _("Activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hromada.activities import selectors, tasks
        from hromada.core import civic_actions, roles, scheduler

        # monitoring's information notes list the period's civic actions (core.civic_actions)
        civic_actions.register(selectors.civic_action_entries)
        from hromada.activities import share_cards

        share_cards.register()

        manage = {
            f"activities.{action}_{model}"
            for model in MODELS
            for action in ("add", "change", "view")
        }
        roles.grant(roles.ADMINISTRATOR, manage)
        roles.grant(roles.SPECIALIST, manage)
        roles.grant(
            roles.SITE_EDITOR,
            {"activities.view_event", "activities.change_event", "activities.view_observance"},
        )
        # Reminders are idempotent per occurrence, so an hourly run sends each one once, on
        # the morning it falls due, even when the scheduler was down at midnight.
        scheduler.every(
            3600, name="activities_observance_reminders", task=tasks.send_observance_reminders
        )
        scheduler.every(
            24 * 3600, name="activities_fetch_followers", task=tasks.fetch_social_followers
        )
