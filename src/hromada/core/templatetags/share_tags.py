"""`{% share_card %}` and `{% site_icons %}` for core/share_meta.html (see core/share.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from hromada.core import share

register = template.Library()


@register.simple_tag(takes_context=True)
def share_card(context: template.Context) -> dict[str, Any] | None:
    card = share.build(context)
    if card is None:
        return None
    city = context.get("city")
    locale, alternates = share.og_locales()
    return {
        "card": card,
        "site_name": (getattr(city, "council_name", "") or getattr(city, "name", ""))
        if city
        else "",
        "locale": locale,
        "alternates": alternates,
    }


@register.filter
def json_ld(value: dict[str, Any]) -> SafeString:
    return mark_safe(share.json_ld(value))


@register.simple_tag(takes_context=True)
def site_icons(context: template.Context) -> list[dict[str, Any]]:
    city = context.get("city")
    return [icon for icon in share.site_icons(city) if icon["rel"]]
