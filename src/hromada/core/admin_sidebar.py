"""The admin's sidebar, built once per user and language instead of on every admin page.

Wagtail builds the sidebar on every admin page: it asks each menu item whether the user may
see it (permission checks) and packs the result for the browser (telepath). With Hromada's
menu (every module's group, about 80 items) that costs 25–40 ms of CPU per page for a member
of staff, more than the rest of a listing page (measured by `benchmarks/journal.py`).

What it produces depends on the user (permissions, name, e-mail and avatar), the language and
the menu's code, not on the page. So the HTML of `{% sidebar_props %}` is kept in the cache
for `ADMIN_SIDEBAR_CACHE_SECONDS` (600; 0 turns this off) under the user, the language, a
fingerprint of the user's name, e-mail and roles, and a generation that any change to
permissions bumps: a user's groups or permissions, a group's permissions (Django's, and
Wagtail's page, collection and site permissions), a group itself, a user profile (avatar).
A change of menu therefore shows on the next page; only the page explorer's starting page
after a page moves can lag, by at most the cache time.

`install()` (from `CoreConfig.ready`) registers the cached tag under Wagtail's tag name in
Wagtail's own tag library, so every admin template uses it unchanged.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

GENERATION_KEY = "hromada:admin-sidebar:generation"
_original: Any = None


def cache_seconds() -> int:
    return int(getattr(settings, "ADMIN_SIDEBAR_CACHE_SECONDS", 600))


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, secrets.token_hex(6), None)
        value = cache.get(GENERATION_KEY) or ""
    return str(value)


def bump(**kwargs: Any) -> None:
    """Forget every cached sidebar (a receiver for the permission signals)."""
    cache.set(GENERATION_KEY, secrets.token_hex(6), None)


def cache_key(user: Any) -> str:
    who = "\x1f".join(
        [
            user.get_username(),
            user.first_name or "",
            user.email or "",
            "1" if user.is_superuser else "0",
            "1" if user.is_active else "0",
        ]
    )
    fingerprint = hashlib.sha256(who.encode()).hexdigest()[:16]
    return f"hromada:admin-sidebar:{generation()}:{user.pk}:{get_language()}:{fingerprint}"


def cached_sidebar_props(context: Any) -> SafeString:
    request = context["request"]
    user = getattr(request, "user", None)
    seconds = cache_seconds()
    if seconds <= 0 or user is None or not user.is_authenticated:
        return _original(context)  # type: ignore[no-any-return]
    key = cache_key(user)
    html = cache.get(key)
    if html is None:
        html = str(_original(context))
        cache.set(key, html, seconds)
    return mark_safe(html)


def install() -> None:
    global _original
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, GroupSitePermission
    from wagtail.users.models import UserProfile

    if _original is not None:
        return
    _original = wagtailadmin_tags.sidebar_props
    wagtailadmin_tags.register.simple_tag(
        cached_sidebar_props, takes_context=True, name="sidebar_props"
    )
    user_model = get_user_model()
    for model in (
        Group,
        Permission,
        GroupPagePermission,
        GroupCollectionPermission,
        GroupSitePermission,
        UserProfile,
    ):
        post_save.connect(bump, sender=model, dispatch_uid=f"admin-sidebar-save-{model.__name__}")
        post_delete.connect(
            bump, sender=model, dispatch_uid=f"admin-sidebar-delete-{model.__name__}"
        )
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"admin-sidebar-m2m-{through}")
