"""Receivers that keep the anonymous page cache in step with published content, and keep
bidirectional controls out of people's names."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from hromada.core import page_cache
from hromada.core.models import CityProfile


def content_changed(*scopes: str, **_: Any) -> None:
    """Records of these scopes changed (every page's `SITE` when none is named): bump their
    generations once the change is committed, so no worker caches the old page."""
    page_cache.changed(*scopes)


def page_scopes(page: Any) -> tuple[str, ...]:
    """The scopes a page's publication changes: its type's (`page_cache_scope`, else `SITE`),
    and `SITE` too when it is in the menus or has children (whose breadcrumbs show its title)."""
    scope = getattr(page.specific_class or type(page), "page_cache_scope", page_cache.SITE)
    if page.show_in_menus or page.numchild:
        return (scope, page_cache.SITE)
    return (scope,)


def page_changed(instance: Any, **_: Any) -> None:
    page_cache.changed(*page_scopes(instance))


def page_moved(**_: Any) -> None:
    page_cache.changed(page_cache.SITE)  # addresses change: links on every page


page_published.connect(page_changed, dispatch_uid="hromada-cache-published")
page_unpublished.connect(page_changed, dispatch_uid="hromada-cache-unpublished")
post_page_move.connect(page_moved, dispatch_uid="hromada-cache-moved")


@receiver(post_save, sender=CityProfile, dispatch_uid="hromada-cache-profile")
def city_profile_saved(**kwargs: Any) -> None:
    content_changed(**kwargs)


@receiver(post_save, sender=Site, dispatch_uid="hromada-cache-site")
@receiver(post_delete, sender=Site, dispatch_uid="hromada-cache-site-deleted")
@receiver(post_save, sender=PageViewRestriction, dispatch_uid="hromada-cache-restriction")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="hromada-cache-restriction-gone")
def site_changed(**_: Any) -> None:
    """Sites and page privacy decide what every page's menu and routing show."""
    content_changed()


@receiver(post_delete, dispatch_uid="hromada-cache-page-deleted")
def page_deleted(sender: type, **kwargs: Any) -> None:
    from wagtail.models import Page

    if issubclass(sender, Page):
        page_changed(**kwargs)


@receiver(post_save, sender="core.HromadaDocument", dispatch_uid="hromada-document-text")
def document_saved(
    sender: type, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    """Index the text of a newly uploaded or replaced file, in the background."""
    if update_fields is not None and "file" not in update_fields:
        return
    from hromada.core.tasks import extract_document_text

    previous_hash = getattr(instance, "_indexed_file_hash", None)
    if not created and previous_hash == instance.file_hash:
        return
    instance._indexed_file_hash = instance.file_hash
    document_id = instance.pk
    transaction.on_commit(lambda: extract_document_text.enqueue(document_id))


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="hromada-user-names-bidi")
def user_names_without_bidi_controls(instance: Any, **kwargs: Any) -> None:
    """People's names are shown across the site and the admin (petition authors, assignees):
    a bidirectional control typed into one would make it display other than it is."""
    from hromada.core.text import strip_bidi

    for field in ("first_name", "last_name", "username"):
        value = getattr(instance, field, None)
        if isinstance(value, str):
            setattr(instance, field, strip_bidi(value))
