"""The portal's admin: one menu group "Портал" (pages themselves live in Wagtail's explorer)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.portal.models import NewsCategory

register_permission_policy(NewsCategory, NoDeletePermissionPolicy(NewsCategory))


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    list_export = ["name", "slug"]
    export_filename = "news-categories"


class PortalGroup(SnippetViewSetGroup):
    menu_label = _("Portal")
    menu_icon = "globe"
    menu_order = 200
    items = (NewsCategoryViewSet,)


register_snippet(PortalGroup)
