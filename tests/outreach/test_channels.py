"""Publishing pages to the city's Facebook Page and Telegram channel (stand-in Graph and Bot
API servers on loopback): posted on publish, updated on a new publish, removed on unpublish;
failures stored and never blocking the site; follower counts by the scheduled job; the boxes
hidden without tokens."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.outreach import delivery
from hromada.outreach.models import ChannelPost, FollowerCount
from hromada.portal.models import NewsPage
from tests.outreach.conftest import PAGE_ID, BotApi, GraphApi, graph_error, too_many_requests

pytestmark = pytest.mark.django_db


def publish(page: NewsPage, capture: Any, **changes: Any) -> NewsPage:
    for name, value in changes.items():
        setattr(page, name, value)
    with capture(execute=True):
        page.save_revision().publish()
    return NewsPage.objects.get(pk=page.pk)


@pytest.fixture
def news() -> NewsPage:
    page = NewsPage.objects.live().order_by("-date").first()
    page.title = "Ремонт мосту <через> Донець & обʼїзд"
    return page


def test_publish_update_and_unpublish(
    news, bot_api: BotApi, graph_api: GraphApi, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    publish(news, capture, post_to_facebook=True, post_to_telegram=True)

    telegram_post = ChannelPost.objects.get(page=news, channel="telegram")
    facebook_post = ChannelPost.objects.get(page=news, channel="facebook")
    assert telegram_post.status == facebook_post.status == "posted"
    method, payload = bot_api.calls[0]
    assert method in {"sendMessage", "sendPhoto"}
    text = payload.get("text") or payload["caption"]
    assert "<b>Ремонт мосту &lt;через&gt; Донець &amp; обʼїзд</b>" in text
    assert telegram_post.post_id == str(bot_api.next_id)
    assert telegram_post.link == f"https://t.me/testcity/{bot_api.next_id}"

    graph_method, path, form = graph_api.calls[0]
    assert (graph_method, path) in {("POST", f"{PAGE_ID}/feed"), ("POST", f"{PAGE_ID}/photos")}
    assert news.full_url in (form.get("link", "") + form.get("caption", ""))
    assert facebook_post.post_id == f"{PAGE_ID}_{graph_api.next_id}"
    assert facebook_post.link.endswith(f"/{PAGE_ID}/posts/{graph_api.next_id}")

    # An edit published again updates both posts in place.
    news = publish(news, capture, title="Ремонт мосту: обʼїзд змінено")
    assert bot_api.calls[-1][0] in {"editMessageText", "editMessageCaption"}
    assert bot_api.calls[-1][1]["message_id"] == int(telegram_post.post_id)
    assert graph_api.calls[-1][:2] == ("POST", facebook_post.post_id)
    assert "обʼїзд змінено" in graph_api.calls[-1][2]["message"]

    # Unpublishing removes them.
    with capture(execute=True):
        news.unpublish()
    assert bot_api.calls[-1] == (
        "deleteMessage",
        {"chat_id": "@testcity", "message_id": int(telegram_post.post_id)},
    )
    assert graph_api.calls[-1][:2] == ("DELETE", facebook_post.post_id)
    assert set(ChannelPost.objects.filter(page=news).values_list("status", flat=True)) == {
        "deleted"
    }
    # The report counts the posts that went out (removed later or not).
    today = Period(timezone.localdate(), timezone.localdate())
    assert metrics.get("outreach.facebook_posts").compute(today) == 1
    assert metrics.get("outreach.telegram_posts").compute(today) == 1


def test_failure_is_stored_and_publishing_goes_on(
    news, bot_api: BotApi, graph_api: GraphApi, settings, django_capture_on_commit_callbacks
):
    settings.FACEBOOK_PAGE_TOKEN = "expired"
    bot_api.script = [(500, {"ok": False, "error_code": 500, "description": "Internal"})] * 4
    published = publish(
        news, django_capture_on_commit_callbacks, post_to_facebook=True, post_to_telegram=True
    )
    assert published.live
    assert Client().get(published.url).status_code == 200
    facebook_post = ChannelPost.objects.get(page=news, channel="facebook")
    assert facebook_post.status == "failed"
    assert facebook_post.error.startswith("Invalid OAuth access token")
    assert ChannelPost.objects.get(page=news, channel="telegram").status == "failed"


def test_flood_control_and_rate_limits_are_retried(news, bot_api: BotApi, graph_api: GraphApi):
    news.post_to_telegram = news.post_to_facebook = True
    news.save_revision().publish()
    bot_api.script = [too_many_requests(7)]
    graph_api.script = [(400, graph_error(32, "Page request limit reached", "OAuthException"))]
    waits: list[float] = []
    for post in ChannelPost.objects.filter(page=news):
        assert delivery.sync_channel_post(post.pk, sleep=waits.append) == "posted"
    assert sorted(waits) == [1.0, 7.0]  # Telegram's retry_after; the Graph API's backoff


def test_follower_counts(bot_api: BotApi, graph_api: GraphApi):
    assert delivery.fetch_follower_counts() == {"telegram": 2154, "facebook": 816}
    assert dict(FollowerCount.objects.values_list("channel", "count")) == {
        "telegram": 2154,
        "facebook": 816,
    }
    assert ("GET", PAGE_ID, {"fields": "followers_count,fan_count"}) in graph_api.calls
    today = Period(timezone.localdate(), timezone.localdate())
    assert metrics.get("outreach.facebook_followers").compute(today) == 816


def test_boxes_hidden_without_tokens(news, admin_user, settings):
    client = Client()
    client.force_login(admin_user)
    edit = f"/admin/pages/{news.pk}/edit/"
    settings.TELEGRAM_BOT_TOKEN = settings.FACEBOOK_PAGE_TOKEN = ""
    assert "post_to_telegram" not in client.get(edit).content.decode()
    settings.TELEGRAM_BOT_TOKEN = "1:x"
    html = client.get(edit).content.decode()
    assert 'name="post_to_telegram"' in html and 'name="post_to_facebook"' not in html
