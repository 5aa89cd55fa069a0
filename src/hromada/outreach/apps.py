from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "hromada.outreach"
    label = "outreach"
    verbose_name = _("Outreach")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hromada.core import roles

        manage = {
            "outreach.add_urgentnotice",
            "outreach.change_urgentnotice",
            "outreach.view_urgentnotice",
            "outreach.publish_urgentnotice",
        }
        roles.grant(roles.ADMINISTRATOR, manage)
        roles.grant(roles.SITE_EDITOR, manage)
        roles.grant(roles.SPECIALIST, {"outreach.view_urgentnotice"})

        import logging

        from hromada.outreach.telegram import TokenRedactingFilter

        # httpx logs every request's address, and the Bot API's address holds the token.
        logging.getLogger("httpx").addFilter(TokenRedactingFilter())
