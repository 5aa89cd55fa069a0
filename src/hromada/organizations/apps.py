from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "hromada.organizations"
    label = "organizations"
    verbose_name = _("Organizations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from hromada.core import roles, sitesearch
        from hromada.core.signals import content_changed
        from hromada.organizations.models import Organization
        from hromada.organizations.sitesearch import search_organizations

        manage = {
            "organizations.add_organization",
            "organizations.change_organization",
            "organizations.view_organization",
            "organizations.change_organizationcandidate",
            "organizations.view_organizationcandidate",
        }
        roles.grant(roles.ADMINISTRATOR, manage)
        roles.grant(roles.SPECIALIST, manage)
        roles.grant(roles.SITE_EDITOR, {"organizations.view_organization"})

        # The public registers are cached: a change to an organization refreshes them.
        def register_changed(**kwargs: Any) -> None:
            content_changed("organizations", **kwargs)

        post_save.connect(
            register_changed, sender=Organization, weak=False, dispatch_uid="organizations-cache"
        )

        sitesearch.register(
            key="organizations", label=_("Organizations"), search=search_organizations
        )
