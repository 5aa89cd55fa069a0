from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from hromada.core.models import HromadaDocument, HromadaImage
from hromada.core.signals import content_changed
from hromada.portal.models import NewsCategory, NewsPage, VideoPage


def video_urls(page: Any) -> list[str]:
    if isinstance(page, VideoPage):
        return [page.video_url]
    body = getattr(page, "body", None)
    if body is None:
        return []
    return [block.value["url"] for block in body if block.block_type == "video"]


def fetch_embeds_on_publish(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.conf import settings

    from hromada.portal.embeds import stored_embed

    if not settings.FETCH_VIDEO_EMBEDS:
        return
    from hromada.portal.tasks import fetch_video_embeds

    urls = [url for url in video_urls(instance) if stored_embed(url) is None]
    if urls:
        transaction.on_commit(lambda: fetch_video_embeds.enqueue(urls))


for page_class in (VideoPage, NewsPage):
    page_published.connect(
        fetch_embeds_on_publish, sender=page_class, dispatch_uid=f"embeds-{page_class.__name__}"
    )


@receiver(post_save, sender=NewsCategory, dispatch_uid="portal-cache-category")
def category_changed(**kwargs: Any) -> None:
    """A renamed category shows on the news pages and lists: refresh them."""
    content_changed("news", **kwargs)


@receiver(post_save, sender=HromadaImage, dispatch_uid="portal-cache-image")
def shown_content_changed(**kwargs: Any) -> None:
    """A replaced image may show on any cached page: refresh them all."""
    content_changed(**kwargs)


def index_for_search(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """Every save of a page row keeps its site-search entry current: the row holds the live
    content (a draft lives in its revision), and unpublishing saves `live=False`."""
    from wagtail.models import Page

    from hromada.portal import search

    if raw:
        return
    if isinstance(instance, Page):
        if instance.depth and instance.depth > 1:
            search.index_page(instance)
    elif isinstance(instance, HromadaDocument):
        search.index_document(instance)


post_save.connect(index_for_search, dispatch_uid="portal-site-search")
