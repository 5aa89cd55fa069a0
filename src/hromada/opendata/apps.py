from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "hromada.opendata"
    label = "opendata"
    verbose_name = _("Open data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_save

        from hromada.core import roles, scheduler
        from hromada.core.signals import content_changed
        from hromada.opendata import live, models, packages, search, share_cards, tasks

        share_cards.register()

        manage = {
            f"opendata.{action}_{model}"
            for action in ("add", "change", "view")
            for model in ("publisher", "topicgroup", "dataset", "resource")
        } | {"opendata.view_resourceversion", "opendata.view_reminder"}
        roles.grant(roles.ADMINISTRATOR, manage)
        roles.grant(roles.SPECIALIST, manage)
        # A steward keeps datasets current; the admin shows them their publishers' only.
        roles.grant(
            roles.DATA_STEWARD,
            {
                "opendata.view_dataset",
                "opendata.change_dataset",
                "opendata.add_resource",
                "opendata.change_resource",
                "opendata.view_resource",
                "opendata.view_resourceversion",
            },
        )

        # The public catalogue pages are cached: any change to the catalogue refreshes them.
        def catalogue_changed(**kwargs: Any) -> None:
            content_changed("opendata", **kwargs)

        for model in (
            models.Publisher,
            models.TopicGroup,
            models.Dataset,
            models.Resource,
            models.ResourceVersion,
        ):
            post_save.connect(
                catalogue_changed,
                sender=model,
                weak=False,
                dispatch_uid=f"opendata-{model.__name__}",
            )
        m2m_changed.connect(
            catalogue_changed,
            sender=models.Dataset.groups.through,
            weak=False,
            dispatch_uid="opendata-groups",
        )
        live.connect()
        packages.connect()
        search.connect()
        scheduler.every(24 * 3600, name="opendata_reminders", task=tasks.send_reminders)
        scheduler.every(600, name="opendata_sync_live_datasets", task=tasks.sync_live_datasets)
        scheduler.every(24 * 3600, name="opendata_check_links", task=tasks.check_links)
        scheduler.every(600, name="opendata_refresh_packages", task=tasks.refresh_packages)
