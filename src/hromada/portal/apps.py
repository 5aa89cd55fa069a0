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
        from hromada.portal import signals  # noqa: F401
        from hromada.portal import share_cards

        share_cards.register()
