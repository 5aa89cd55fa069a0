from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hromada.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from hromada.core import roles

        roles.grant(
            roles.ADMINISTRATOR,
            {"portal.add_newscategory", "portal.change_newscategory", "portal.view_newscategory"},
        )
        roles.grant(
            roles.SITE_EDITOR,
            {"portal.add_newscategory", "portal.change_newscategory", "portal.view_newscategory"},
        )
        roles.grant(roles.SPECIALIST, {"portal.view_newscategory"})
        from django.db.models.signals import post_migrate

        from hromada.portal import (
            share_cards,
            signals,  # noqa: F401
        )

        share_cards.register()
        post_migrate.connect(_index_if_empty, sender=self)


def _index_if_empty(**kwargs: object) -> None:
    """After the upgrade that adds the site search's entries, fill them once."""
    from wagtail.models import Page

    from hromada.portal import search
    from hromada.portal.models import SearchEntry

    if not SearchEntry.objects.exists() and Page.objects.live().filter(depth__gt=1).exists():
        search.rebuild()
