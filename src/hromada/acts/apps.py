from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActsConfig(AppConfig):
    name = "hromada.acts"
    label = "acts"
    verbose_name = _("Council acts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hromada.acts import signals
        from hromada.acts.sitesearch import browse_acts, search_acts
        from hromada.core import roles, sitesearch

        signals.connect()

        manage = {
            "acts.add_act",
            "acts.change_act",
            "acts.view_act",
            "acts.add_topic",
            "acts.change_topic",
            "acts.view_topic",
            "acts.add_publicdocument",
            "acts.change_publicdocument",
            "acts.view_publicdocument",
        }
        roles.grant(roles.ADMINISTRATOR, {*manage, "acts.change_actkindlabels"})
        roles.grant(roles.SPECIALIST, manage)
        roles.grant(roles.SITE_EDITOR, manage)
        roles.grant(roles.MODERATOR, {"acts.view_act", "acts.view_topic"})

        sitesearch.register(
            key="acts", label=_("Council acts"), search=search_acts, browse=browse_acts
        )
