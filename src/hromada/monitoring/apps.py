from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FETCH_INTERVAL_SECONDS = 3600
DROP_INTERVAL_SECONDS = 24 * 3600


def _profile_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The city's word forms follow its profile: regenerate them whenever it is saved."""
    if kwargs.get("raw"):
        return
    from django.db import transaction

    from hromada.monitoring.services import refresh_word_forms

    transaction.on_commit(lambda: refresh_word_forms())


class MonitoringConfig(AppConfig):
    name = "hromada.monitoring"
    label = "monitoring"
    verbose_name = _("Media monitoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from hromada.core import roles, scheduler
        from hromada.core.models import CityProfile
        from hromada.monitoring import tasks

        post_save.connect(_profile_saved, sender=CityProfile, dispatch_uid="monitoring-forms")
        scheduler.every(
            FETCH_INTERVAL_SECONDS, name="monitoring.fetch_media", task=tasks.fetch_media
        )
        scheduler.every(
            DROP_INTERVAL_SECONDS, name="monitoring.drop_unrelated", task=tasks.drop_unrelated_items
        )

        specialist = set()
        for model in (
            "outlet",
            "feed",
            "mediaitem",
            "topic",
            "review",
            "informationnote",
            "story",
            "documenttemplate",
        ):
            specialist |= {
                f"monitoring.add_{model}",
                f"monitoring.change_{model}",
                f"monitoring.view_{model}",
            }
        specialist.add("monitoring.change_monitoringsettings")
        roles.grant(roles.ADMINISTRATOR, specialist)
        roles.grant(roles.SPECIALIST, specialist)
        roles.grant(roles.SITE_EDITOR, {"monitoring.view_outlet"})
