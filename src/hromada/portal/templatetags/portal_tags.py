from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django import template
from django.db.models import Q
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


@register.simple_tag(takes_context=True)
def resident_tasks(context: dict[str, Any]) -> list[Any]:
    """The residents' tasks whose pages exist (portal/resident_tasks.py)."""
    from wagtail.models import Site

    from hromada.portal.resident_tasks import resident_tasks as found

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return found(site)


def _sections(root_path: str, root_depth: int) -> list[tuple[Page, list[Page]]]:
    pages = _menus.get(root_path, root_depth)
    if not pages:
        return []
    children: dict[str, list[Page]] = {page.path: [] for page in pages}
    below = Page.objects.live().public().in_menu().filter(depth=root_depth + 2)
    under = reduce(or_, (Q(path__startswith=path) for path in children))
    for child in below.filter(under).order_by("path"):
        children[child.path[: -Page.steplen]].append(child)
    return [(page, children[page.path]) for page in pages]


# Kept like the menu: a page in the menus published, moved or hidden bumps "site".
_section_indexes = page_cache.SharedMemo(page_cache.SITE, _sections, max_entries=16)


@register.simple_tag(takes_context=True)
def section_index(context: dict[str, Any]) -> list[tuple[Page, list[Page]]]:
    """The site's menu sections with their menu subsections: the "all sections" panel, so the
    whole section tree is one panel away however short the main menu is."""
    root = site_root(context)
    if root is None:
        return []
    return _section_indexes.get(root.path, root.depth)


def _index_page(root_path: str, model_name: str) -> Page | None:
    from django.apps import apps

    model = apps.get_model("portal", model_name)
    found = model.objects.live().public().filter(path__startswith=root_path)
    return found.exclude(path=root_path).order_by("path").first()


# An index page (news, events) has children, so publishing or moving it bumps "site" too.
_index_pages = page_cache.SharedMemo(page_cache.SITE, _index_page, max_entries=16)


@register.simple_tag(takes_context=True)
def index_page(context: dict[str, Any], model_name: str) -> Page | None:
    """The site's first live page of a portal index type (news, events), for the main menu."""
    root = site_root(context)
    if root is None:
        return None
    return _index_pages.get(root.path, model_name)
