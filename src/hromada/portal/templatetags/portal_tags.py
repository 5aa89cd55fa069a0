from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from hromada.core import page_cache
from hromada.portal import embeds

register = template.Library()


@register.simple_tag(takes_context=True)
def site_root(context: dict[str, Any]) -> Page | None:
    request = context.get("request")
    if request is None:
        return None
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return site.root_page.specific if site else None


def _menu(root_path: str, depth: int) -> list[Page]:
    children = Page.objects.filter(path__startswith=root_path, depth=depth + 1)
    return list(children.live().public().in_menu().order_by("path"))


# Every page shows the menu: each process keeps it while the shared "site" generation is
# unchanged (a page in the menus published, moved or hidden bumps it: core/signals.py).
_menus = page_cache.SharedMemo(page_cache.SITE, _menu, max_entries=16)


@register.simple_tag(takes_context=True)
def menu_pages(context: dict[str, Any]) -> list[Page]:
    root = site_root(context)
    if root is None:
        return []
    return _menus.get(root.path, root.depth)


@register.simple_tag
def breadcrumbs(page: Page) -> list[Page]:
    """Ancestors from the home page down, without the tree root (title and address only)."""
    return list(page.get_ancestors().filter(depth__gt=1))


@register.simple_tag
def video_embed(url: str, title: str) -> SafeString:
    """The stored, sanitized provider iframe, or "" (the template then shows only a link)."""
    return mark_safe(embeds.safe_embed_html(url, title=title))


@register.filter
def provider(url: str) -> str:
    return embeds.provider_name(url)
