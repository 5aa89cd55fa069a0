"""Urgent notices: published by staff with the right, shown by the banner on every page (the
page cache included) until their end, posted to the Telegram channel (stand-in Bot API on
loopback) and e-mailed to residents who asked (a real SMTP server on loopback), with RFC 8058
one-click unsubscribe; the archive and the live dataset."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from hromada.core import roles
from hromada.outreach import delivery, services, telegram
from hromada.outreach.models import NoticeSubscription, UrgentNotice
from tests.outreach.conftest import BotApi, Inbox, too_many_requests

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("notice-editor", "editor@example.org", "x")
    user.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    return django_user_model.objects.get(pk=user.pk)  # permissions read afresh


@pytest.fixture
def subscriber(django_user_model: Any) -> Any:
    user = django_user_model.objects.create_user("resident-1", "resident@example.org", "x")
    services.subscribe_to_notices(user=user)
    return user


def publish(editor: Any, **overrides: Any) -> UrgentNotice:
    values: dict[str, Any] = {
        "category": "water",
        "title": "Немає води <вул. Садова> & Гагаріна",
        "text": "Аварійний ремонт водогону.",
        "area": "вул. Садова, 1–20",
        "ends_at": timezone.now() + dt.timedelta(hours=6),
    }
    values.update(overrides)
    return services.publish_notice(user=editor, **values)


def banner(client: Client) -> list[dict[str, Any]]:
    response = client.get("/notices/active.json")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    notices: list[dict[str, Any]] = json.loads(response.content)["notices"]
    return notices


def test_publishing_posts_to_telegram_and_emails_subscribers(
    editor, subscriber, bot_api: BotApi, smtp: Inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = publish(editor)
    notice.refresh_from_db()

    method, payload = bot_api.calls[0]
    assert method == "sendMessage"
    assert payload["chat_id"] == "@testcity" and payload["parse_mode"] == "HTML"
    # The title's <, > and & escaped as the Bot API's HTML mode asks; our own tags kept.
    assert "Немає води &lt;вул. Садова&gt; &amp; Гагаріна" in payload["text"]
    assert payload["text"].startswith("<b>")
    assert f"/notices/{notice.pk}/" in payload["text"]
    assert notice.telegram_message_id == str(bot_api.next_id)
    assert notice.telegram_error == ""

    [(recipients, message)] = smtp.messages
    assert recipients == ["resident@example.org"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = str(message["List-Unsubscribe"]).strip().strip("<>")
    token = NoticeSubscription.objects.get(user=subscriber).token
    assert unsubscribe.endswith(f"/notices/unsubscribe/{token}/")
    assert str(message["Subject"]).strip() == "Водопостачання: Немає води <вул. Садова> & Гагаріна"
    assert notice.emailed_count == 1
    body = message.get_content()
    assert "Аварійний ремонт водогону." in body and unsubscribe in body


def test_one_click_unsubscribe(subscriber):
    client = Client()
    token = NoticeSubscription.objects.get(user=subscriber).token
    path = f"/notices/unsubscribe/{token}/"
    # A link scanner's GET changes nothing.
    assert client.get(path).status_code == 200
    assert NoticeSubscription.objects.get(user=subscriber).active
    # RFC 8058: the mail client POSTs the form body, with no cookie and no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not NoticeSubscription.objects.get(user=subscriber).active
    assert client.post("/notices/unsubscribe/not-a-token/").status_code == 404


def test_unsubscribed_residents_get_no_email(
    editor, subscriber, bot_api, smtp: Inbox, django_capture_on_commit_callbacks
):
    services.unsubscribe_from_notices(subscription=subscriber.notice_subscription)
    with django_capture_on_commit_callbacks(execute=True):
        publish(editor)
    assert smtp.messages == []


def test_flood_control_is_waited_out(editor, bot_api: BotApi):
    notice = publish(editor)
    bot_api.script = [
        too_many_requests(3),
        (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
    ]
    waits: list[float] = []
    message_id = delivery.post_to_telegram(notice.pk, sleep=waits.append)
    assert waits == [3.0, 2.0]  # retry_after as asked, then the backoff for the 5xx
    assert message_id and [call[0] for call in bot_api.calls] == ["sendMessage"] * 3


def test_a_refusal_never_blocks_publishing(
    editor, bot_api: BotApi, settings, django_capture_on_commit_callbacks, caplog
):
    settings.TELEGRAM_BOT_TOKEN = "123:wrong"
    with caplog.at_level("DEBUG"), django_capture_on_commit_callbacks(execute=True):
        notice = publish(editor)
    assert caplog.records and "123:wrong" not in caplog.text  # never in the logs
    notice.refresh_from_db()
    assert notice.telegram_message_id == ""
    assert notice.telegram_error == "Unauthorized"
    assert "123:wrong" not in notice.telegram_error
    assert [item["id"] for item in banner(Client())] == [notice.pk]


def test_without_a_token_nothing_is_sent(editor, settings, django_capture_on_commit_callbacks):
    settings.TELEGRAM_BOT_TOKEN = ""
    with django_capture_on_commit_callbacks(execute=True):
        notice = publish(editor)
    assert not telegram.configured()
    notice.refresh_from_db()
    assert notice.telegram_message_id == "" and notice.telegram_error == ""


def test_banner_shows_at_once_on_cached_pages_and_goes_at_the_end(editor, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client = Client()
    first = client.get("/")
    assert first.status_code == 200
    assert 'src="/static/outreach/notices.js"' in first.content.decode() or "notices.js" in (
        first.content.decode()
    )
    assert client.get("/")["X-Cache"] == "hit"
    assert banner(client) == []

    notice = publish(editor)
    assert client.get("/")["X-Cache"] == "hit"  # the page stays cached; the banner is not in it
    shown = banner(client)
    assert [item["id"] for item in shown] == [notice.pk]
    assert shown[0]["category_label"] and shown[0]["until"].count(".") == 2

    services.withdraw_notice(user=editor, notice=notice)
    assert banner(client) == []

    # A notice whose end time has passed is gone without anyone touching it.
    UrgentNotice.objects.create(
        category="power",
        title="Відключення світла",
        text="Планові роботи.",
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert banner(client) == []


def test_rules(editor, django_user_model):
    outsider = django_user_model.objects.create_user("outsider", "o@example.org", "x")
    with pytest.raises(PermissionDenied):
        publish(outsider)
    with pytest.raises(ValidationError):
        publish(editor, ends_at=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(ValidationError):
        publish(editor, category="weather")
    assert not UrgentNotice.objects.exists()


def test_archive_notice_page_and_dataset(editor):
    notice = publish(editor)
    client = Client()
    archive = client.get("/notices/").content.decode()
    assert (
        notice.title.replace("<", "&lt;").replace(">", "&gt;").replace("&", "&amp;")[:10]
        in (archive)
        or "Немає води" in archive
    )
    page = client.get(f"/notices/{notice.pk}/")
    assert page.status_code == 200 and "private" in page["Cache-Control"]
    assert client.get("/notices/999999/").status_code == 404
    rows = json.loads(client.get("/notices.json").content)["notices"]
    assert rows[0]["id"] == notice.pk and rows[0]["category"] == "water"
    response = client.get("/notices.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert table[0]["title"] == notice.title and table[0]["withdrawn_at"] == ""


def test_publishing_through_the_admin(admin_user, settings):
    """The admin's form publishes through the service (the banner shows the notice)."""
    settings.TELEGRAM_BOT_TOKEN = ""
    client = Client()
    client.force_login(admin_user)
    form = client.get("/admin/urgent_notices/new/")
    assert form.status_code == 200
    ends = timezone.localtime(timezone.now() + dt.timedelta(hours=4))
    starts = timezone.localtime(timezone.now())
    response = client.post(
        "/admin/urgent_notices/new/",
        {
            "category": "heating",
            "title": "Немає опалення",
            "text": "Аварія на тепломережі.",
            "area": "",
            "starts_at": starts.strftime("%d.%m.%Y %H:%M"),
            "ends_at": ends.strftime("%d.%m.%Y %H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == "/admin/urgent_notices/"
    notice = UrgentNotice.objects.get(title="Немає опалення")
    assert notice.created_by == admin_user
    assert [item["id"] for item in banner(Client())] == [notice.pk]
