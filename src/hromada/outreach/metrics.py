"""Outreach's report figures: posts per channel, followers at the period's end, urgent notices."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy

from hromada.core.metrics import Period, register
from hromada.outreach.models import ChannelPost, FollowerCount, UrgentNotice


def posts(channel: str):  # type: ignore[no-untyped-def]
    def records(period: Period) -> QuerySet[ChannelPost]:
        start, end = period.bounds()
        return ChannelPost.objects.filter(channel=channel, posted_at__gte=start, posted_at__lt=end)

    return records


def followers(channel: str):  # type: ignore[no-untyped-def]
    def compute(period: Period) -> int:
        count = (
            FollowerCount.objects.filter(channel=channel, day__lte=period.end)
            .order_by("-day")
            .values_list("count", flat=True)
            .first()
        )
        return int(count or 0)

    return compute


def notices(period: Period) -> QuerySet[UrgentNotice]:
    start, end = period.bounds()
    return UrgentNotice.objects.filter(starts_at__gte=start, starts_at__lt=end)


register(
    "outreach.facebook_posts",
    label=_("Posts on the Facebook page"),
    unit=npgettext_lazy("report unit", "post", "posts"),
    definition=_("Pages of the site first posted to the city's Facebook Page in the period."),
    records=posts("facebook"),
)
register(
    "outreach.telegram_posts",
    label=_("Posts in the Telegram channel"),
    unit=npgettext_lazy("report unit", "post", "posts"),
    definition=_("Pages of the site first posted to the city's Telegram channel in the period."),
    records=posts("telegram"),
)
register(
    "outreach.facebook_followers",
    label=_("Followers of the Facebook page"),
    unit=npgettext_lazy("report unit", "follower", "followers"),
    definition=_("The Page's follower count last read on or before the period's last day."),
    compute=followers("facebook"),
)
register(
    "outreach.telegram_followers",
    label=_("Members of the Telegram channel"),
    unit=npgettext_lazy("report unit", "member", "members"),
    definition=_("The channel's member count last read on or before the period's last day."),
    compute=followers("telegram"),
)
register(
    "outreach.urgent_notices",
    label=_("Urgent notices published"),
    unit=npgettext_lazy("report unit", "notice", "notices"),
    definition=_("Urgent notices shown from a moment in the period."),
    records=notices,
)
