"""The admin's sidebar, built once per user and language instead of on every admin page.

Wagtail builds the sidebar on every admin page: it asks each menu item whether the user may
see it (permission checks) and packs the result for the browser (telepath). With Hromada's
menu (every module's group, about 80 items) that costs 25–40 ms of CPU per page for a member
of staff, more than the rest of a listing page (measured by `benchmarks/journal.py`).

What it produces depends on the user (permissions, name, e-mail and avatar), the language,
the page tree (the page explorer starts at the user's closest common page) and the menu's
code, not on the page shown. So the HTML of `{% sidebar_props %}` is kept in the cache for
`ADMIN_SIDEBAR_CACHE_SECONDS` (600; 0 turns this off) under a key made of:

- the user, the language and a fingerprint of what the sidebar shows of the user (user name,
  first name, e-mail, superuser, active): an edit of the user shows at once;
- a generation in the cache, bumped by any change that moves a menu item or the explorer's
  start: a user's groups or permissions, a group (its permissions; Wagtail's page,
  collection and site permissions), a user profile (avatar, language), a page moved,
  published, unpublished or deleted. It is bumped when the change is made and again when its
  transaction commits, so a page built meanwhile from the old data is not kept;
- a fingerprint of the code: the Wagtail and Django versions and the source of every module
  that registered a Wagtail hook (menus, viewsets, search areas) and of the translation
  catalogues. Hooks are registered once, at start-up, so this is computed once per process;
  a deploy that changes the menu starts afresh even though the cache (Redis) lives on.

`install()` (from `CoreConfig.ready`) registers the cached tag under Wagtail's tag name in
Wagtail's own tag library, so every admin template uses it unchanged. It checks first that
Wagtail's tag is what this wraps (a function of the template context, registered as a
context-taking simple tag) and raises ImproperlyConfigured at start-up otherwise: after a
Wagtail upgrade that changes it, this module must be looked at again.
"""

from __future__ import annotations

import hashlib
import inspect
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

GENERATION_KEY = "hromada:admin-sidebar:generation"
_original: Any = None
_code_fingerprint: str | None = None


def cache_seconds() -> int:
    return int(getattr(settings, "ADMIN_SIDEBAR_CACHE_SECONDS", 600))


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, secrets.token_hex(6), None)
        value = cache.get(GENERATION_KEY) or ""
    return str(value)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(6), None)


def bump(**kwargs: Any) -> None:
    """Forget every cached sidebar (a receiver for the permission and page signals): now, for
    this request, and again on commit, for pages other requests built from the old rows."""
    _new_generation()
    transaction.on_commit(_new_generation)


def code_fingerprint() -> str:
    """What the menu's code is: versions, hook modules' source, translation catalogues."""
    global _code_fingerprint
    if _code_fingerprint is None:
        import django
        import wagtail
        from wagtail import hooks

        digest = hashlib.sha256(f"{django.__version__}\x1f{wagtail.__version__}".encode())
        hooks.search_for_hooks()  # registration is static from here on
        files: set[str] = set()
        for name in sorted(hooks._hooks):
            for function, order in hooks._hooks[name]:
                where = (
                    f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"
                )
                digest.update(f"{name}\x1f{where}\x1f{order}\n".encode())
                try:
                    source = inspect.getsourcefile(function)
                except TypeError:
                    source = None
                if source:
                    files.add(source)
        for locale_dir in [*settings.LOCALE_PATHS, *_app_locale_dirs()]:
            files.update(str(path) for path in Path(locale_dir).glob("*/LC_MESSAGES/*.mo"))
        for file in sorted(files):
            try:
                digest.update(Path(file).read_bytes())
            except OSError:
                digest.update(file.encode())
        _code_fingerprint = digest.hexdigest()[:12]
    return _code_fingerprint


def _app_locale_dirs() -> list[Path]:
    from django.apps import apps

    return [
        Path(app.path) / "locale"
        for app in apps.get_app_configs()
        if app.name.startswith("hromada.")
    ]


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
    return (
        f"hromada:admin-sidebar:{code_fingerprint()}:{generation()}:"
        f"{user.pk}:{get_language()}:{fingerprint}"
    )


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


def check_wagtail_tag(library: Any, tag: Any) -> None:
    """Raise ImproperlyConfigured unless `tag` is still Wagtail's `sidebar_props` as this
    module knows it: `sidebar_props(context)`, registered in `library` under that name as a
    simple tag that takes the context."""
    problem = ""
    compile_function = library.tags.get("sidebar_props")
    if not callable(tag):
        problem = "wagtailadmin_tags.sidebar_props is gone"
    elif list(inspect.signature(tag).parameters) != ["context"]:
        problem = f"sidebar_props{inspect.signature(tag)} no longer takes just the context"
    elif compile_function is None or getattr(compile_function, "__wrapped__", None) is not tag:
        problem = "the {% sidebar_props %} tag is no longer that function as a simple tag"
    else:
        closure = inspect.getclosurevars(compile_function).nonlocals
        if closure.get("takes_context") is not True:
            problem = "the {% sidebar_props %} tag no longer takes the template context"
    if problem:
        raise ImproperlyConfigured(
            f"hromada.core.admin_sidebar cannot wrap Wagtail's sidebar: {problem}. "
            "Check the module against this Wagtail version (core/README.md)."
        )


def install() -> None:
    global _original
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.models import (
        GroupCollectionPermission,
        GroupPagePermission,
        GroupSitePermission,
        Page,
    )
    from wagtail.signals import page_published, page_unpublished, post_page_move
    from wagtail.users.models import UserProfile

    if _original is not None:
        return
    original = getattr(wagtailadmin_tags, "sidebar_props", None)
    check_wagtail_tag(wagtailadmin_tags.register, original)
    _original = original
    wagtailadmin_tags.register.simple_tag(
        cached_sidebar_props, takes_context=True, name="sidebar_props"
    )
    installed = wagtailadmin_tags.register.tags["sidebar_props"]
    if getattr(installed, "__wrapped__", None) is not cached_sidebar_props:
        raise ImproperlyConfigured("hromada.core.admin_sidebar: the cached tag did not register")

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
    # The page explorer starts at the closest page the user may edit: the tree counts too.
    # (Deleting a page of any type deletes its `Page` row, so `sender=Page` sees them all.)
    post_delete.connect(bump, sender=Page, dispatch_uid="admin-sidebar-page-deleted")
    post_page_move.connect(bump, dispatch_uid="admin-sidebar-page-moved")
    page_published.connect(bump, dispatch_uid="admin-sidebar-page-published")
    page_unpublished.connect(bump, dispatch_uid="admin-sidebar-page-unpublished")
