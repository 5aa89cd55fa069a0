"""Receivers that keep the anonymous page cache in step with published content, and keep
bidirectional controls out of people's names."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from hromada.core.models import CityProfile, ContentGeneration


def content_changed(**_: Any) -> None:
    """Bump the generation once the change is committed, so no worker caches the old page."""
    from hromada.core.middleware import generation

    def bump() -> None:
        ContentGeneration.bump()
        generation.forget()

    transaction.on_commit(bump)


page_published.connect(content_changed, dispatch_uid="hromada-cache-published")
page_unpublished.connect(content_changed, dispatch_uid="hromada-cache-unpublished")
post_page_move.connect(content_changed, dispatch_uid="hromada-cache-moved")


@receiver(post_save, sender=CityProfile, dispatch_uid="hromada-cache-profile")
def city_profile_saved(**kwargs: Any) -> None:
    content_changed(**kwargs)


@receiver(post_delete, dispatch_uid="hromada-cache-page-deleted")
def page_deleted(sender: type, **kwargs: Any) -> None:
    from wagtail.models import Page

    if issubclass(sender, Page):
        content_changed(**kwargs)


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
