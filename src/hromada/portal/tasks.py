from __future__ import annotations

from django_tasks import task

from hromada.portal import embeds


@task()
def fetch_video_embeds(urls: list[str]) -> int:
    """Fetch and store provider embed codes; returns how many are available."""
    from hromada.core.signals import content_changed

    available = sum(1 for url in urls if embeds.fetch_embed(url))
    if available:
        # Pages cached while only the plain link was available now get the player.
        content_changed()
    return available
