from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

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


@register.simple_tag(takes_context=True)
def menu_pages(context: dict[str, Any]) -> list[Page]:
    root = site_root(context)
    if root is None:
        return []
    return list(root.get_children().live().public().in_menu())


@register.simple_tag
def breadcrumbs(page: Page) -> list[Page]:
    """Ancestors from the home page down, without the tree root."""
    return list(page.get_ancestors().filter(depth__gt=1).specific())


@register.simple_tag
def video_embed(url: str, title: str) -> SafeString:
    """The stored, sanitized provider iframe, or "" (the template then shows only a link)."""
    return mark_safe(embeds.safe_embed_html(url, title=title))


@register.filter
def provider(url: str) -> str:
    return embeds.provider_name(url)
