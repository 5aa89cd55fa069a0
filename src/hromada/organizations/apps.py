from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "hromada.organizations"
    label = "organizations"
    verbose_name = _("Organizations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hromada.core import roles, sitesearch
        from hromada.organizations.sitesearch import browse_organizations, search_organizations

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

        sitesearch.register(
            key="organizations",
            label=_("Organizations"),
            search=search_organizations,
            browse=browse_organizations,
        )
