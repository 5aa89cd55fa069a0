"""Wagtail's publish and unpublish signals, handed to the service that queues channel posts."""

from __future__ import annotations

from typing import Any


def page_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if hasattr(instance, "post_to_facebook") or hasattr(instance, "post_to_telegram"):
        from hromada.outreach import services

        services.queue_channel_posts(page=instance)
