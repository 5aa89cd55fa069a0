"""Receivers that keep the anonymous page cache in step with published content."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
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
