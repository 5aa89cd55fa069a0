"""The monitoring admin: inbox listing with filters and search, bulk actions, exports of
reviews and notes, drafting a note, the sources' health alert, role permissions."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hromada.core import roles
from hromada.monitoring.models import (
    InformationNote,
    MediaItem,
    Outlet,
    Relevance,
    Review,
    Topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(admin_user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def specialist_client(django_user_model) -> Client:  # type: ignore[no-untyped-def]
    user = django_user_model.objects.create_user(username="fakhivets", password="x" * 16)
    user.groups.add(Group.objects.get(name=roles.SPECIALIST))
    client = Client()
    client.force_login(user)
    return client


def test_inbox_lists_only_items_mentioning_the_city(admin_client):
    outlet = Outlet.objects.first()
    unrelated = MediaItem.objects.create(
        outlet=outlet,
        title="Погода в Києві",
        published_at=timezone.now(),
        status=Relevance.UNRELATED,
    )
    url = reverse("wagtailsnippets_monitoring_mediaitem:list")
    response = admin_client.get(url, {"status": "relevant"})
    assert response.status_code == 200
    body = response.content.decode()
    assert unrelated.title not in body
    item = MediaItem.objects.filter(status=Relevance.RELEVANT).first()
    assert item.title.split(" (")[0] in body
    assert "<mark>" in body  # the highlighted mention
    # filter by date range and outlet
    response = admin_client.get(
        url,
        {
            "published_at_after": "2020-03-01",
            "published_at_before": "2020-03-31",
            "outlet": outlet.pk,
        },
    )
    assert response.status_code == 200


def test_inbox_exports_csv(admin_client):
    response = admin_client.get(
        reverse("wagtailsnippets_monitoring_mediaitem:list"), {"export": "csv"}
    )
    assert response.status_code == 200
    first = b"".join(response.streaming_content).decode("utf-8").splitlines()[0]
    assert "url" in first.lower() or "адреса" in first.lower()


def test_bulk_mark_not_relevant_and_add_to_review(admin_client):
    items = list(MediaItem.objects.filter(status=Relevance.RELEVANT).order_by("pk")[:2])
    ids = "&".join(f"id={item.pk}" for item in items)
    url = reverse("wagtail_bulk_action", args=["monitoring", "mediaitem", "mark_not_relevant"])
    response = admin_client.get(f"{url}?{ids}")
    assert response.status_code == 200
    response = admin_client.post(f"{url}?{ids}", {})
    assert response.status_code == 302
    assert set(
        MediaItem.objects.filter(pk__in=[i.pk for i in items]).values_list("status", flat=True)
    ) == {Relevance.NOT_RELEVANT}

    review = Review.objects.create(
        title="Новий огляд", period_start=dt.date(2021, 1, 1), period_end=dt.date(2021, 1, 31)
    )
    url = reverse("wagtail_bulk_action", args=["monitoring", "mediaitem", "add_to_review"])
    response = admin_client.post(f"{url}?{ids}", {"review": review.pk})
    assert response.status_code == 302
    assert review.entries.count() == 2

    topic = Topic.objects.first()
    url = reverse("wagtail_bulk_action", args=["monitoring", "mediaitem", "assign_topic"])
    response = admin_client.post(f"{url}?{ids}", {"topic": topic.pk})
    assert response.status_code == 302
    assert all(topic in item.topics.all() for item in items)


def test_review_and_note_downloads(admin_client):
    review = Review.objects.filter(prepared_on__year=2020).first()
    response = admin_client.get(reverse("monitoring_review_export", args=[review.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(response.content))
    assert any(review.title in p.text for p in document.paragraphs)
    response = admin_client.get(reverse("monitoring_review_export", args=[review.pk, "html"]))
    assert response.status_code == 200
    assert review.title in response.content.decode()
    assert (
        admin_client.get(reverse("monitoring_review_export", args=[review.pk, "odt"])).status_code
        == 404
    )
    response = admin_client.get(reverse("monitoring_review_export", args=[review.pk, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    listing = admin_client.get(reverse("wagtailsnippets_monitoring_review:list"))
    assert reverse("monitoring_review_export", args=[review.pk, "docx"]) in listing.content.decode()


def test_drafting_a_note_from_the_admin(admin_client):
    url = reverse("monitoring_generate_note")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"kind": "weekly_note", "period_start": "2020-03-02"})
    assert response.status_code == 302
    note = InformationNote.objects.latest("pk")
    assert note.period_end == dt.date(2020, 3, 8)
    assert response["Location"] == reverse(
        "wagtailsnippets_monitoring_informationnote:edit", args=[note.pk]
    )
    assert admin_client.get(response["Location"]).status_code == 200
    bad = admin_client.post(
        url, {"kind": "weekly_note", "period_start": "2020-03-09", "period_end": "2020-03-02"}
    )
    assert bad.status_code == 200
    assert InformationNote.objects.count() == 1
    docx_response = admin_client.get(reverse("monitoring_note_export", args=[note.pk, "docx"]))
    assert docx_response.status_code == 200
    pdf_response = admin_client.get(reverse("monitoring_note_export", args=[note.pk, "pdf"]))
    assert pdf_response.content.startswith(b"%PDF-")


def test_dashboard_alerts_about_paused_sources(admin_client):
    outlet = Outlet.objects.first()
    Outlet.objects.filter(pk=outlet.pk).update(
        paused_at=timezone.now(), consecutive_failures=5, last_error="HTTP 500"
    )
    body = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "monitoring-health-heading" in body
    assert outlet.name in body


def test_outlet_form_edits_feeds_inline(admin_client):
    outlet = Outlet.objects.get(name="Новини Донбасу")
    url = reverse("wagtailsnippets_monitoring_outlet:edit", args=[outlet.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "feeds-TOTAL_FORMS" in response.content.decode()


def test_specialist_can_work_the_inbox_but_not_delete(specialist_client):
    assert (
        specialist_client.get(reverse("wagtailsnippets_monitoring_mediaitem:list")).status_code
        == 200
    )
    assert (
        specialist_client.get(reverse("wagtailsnippets_monitoring_review:list")).status_code == 200
    )
    review = Review.objects.first()
    delete = reverse("wagtailsnippets_monitoring_review:delete", args=[review.pk])
    assert specialist_client.get(delete).status_code in (302, 403)
    assert Review.objects.filter(pk=review.pk).exists()


def test_exports_need_permission(client, django_user_model):
    user = django_user_model.objects.create_user(username="editor", password="x" * 16)
    user.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    client.force_login(user)
    review = Review.objects.first()
    response = client.get(reverse("monitoring_review_export", args=[review.pk, "docx"]))
    assert response.status_code in (302, 403)


def test_archive_full_text_search(admin_client):
    from hromada.monitoring import services

    item = services.create_manual_item(
        outlet=Outlet.objects.get(name="Вісник Лисичанська"),
        title="Лисичанці висадили каштанову алею",
        text="У Лисичанську висадили сто каштанів уздовж набережної.",
        published_at=timezone.now(),
    )
    response = admin_client.get(
        reverse("wagtailsnippets_monitoring_mediaitem:list"), {"q": "каштанову"}
    )
    assert response.status_code == 200
    assert item.title in response.content.decode()
    response = admin_client.get(
        reverse("wagtailsnippets_monitoring_mediaitem:list"), {"q": "каштанів"}
    )
    assert item.title in response.content.decode()
    topic = Topic.objects.first()
    item.topics.add(topic)
    response = admin_client.get(
        reverse("wagtailsnippets_monitoring_mediaitem:list"),
        {"q": "каштанів", "topics": topic.pk, "status": "relevant"},
    )
    assert response.status_code == 200
    assert item.title in response.content.decode()


def test_scheduled_jobs_are_registered_and_run():
    from hromada.core import scheduler
    from hromada.monitoring import tasks

    names = {job.name for job in scheduler.jobs()}
    assert {"monitoring.fetch_media", "monitoring.drop_unrelated"} <= names
    Outlet.objects.update(is_active=False)  # no outbound requests from this test
    result = tasks.fetch_media.enqueue()
    assert "new items 0" in result.return_value
    assert tasks.drop_unrelated_items.enqueue().return_value == 0


def test_story_listing_links_to_its_items(admin_client):
    from hromada.monitoring.models import Story

    story = Story.objects.filter(item_count__gt=2).first()
    assert "first published by" in story.describe() or "першим" in story.describe()
    response = admin_client.get(reverse("wagtailsnippets_monitoring_story:list"))
    assert response.status_code == 200
    response = admin_client.get(
        reverse("wagtailsnippets_monitoring_mediaitem:list"), {"story": story.pk}
    )
    body = response.content.decode()
    for item in story.items.all():
        assert item.title in body


def test_manual_item_added_in_the_admin_is_analysed(admin_client):
    outlet = Outlet.objects.get(name="ТРК «Регіон»")
    response = admin_client.post(
        reverse("wagtailsnippets_monitoring_mediaitem:add"),
        {
            "outlet": outlet.pk,
            "title": "Сюжет про лисичанських волонтерів",
            "url": "",
            "published_at": "2021-05-04 19:30",
            "status": "new",
            "text": "Волонтери Лисичанська зібрали допомогу. Джерело: lysychansk.gov.ua",
            "notes": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = MediaItem.objects.get(title="Сюжет про лисичанських волонтерів")
    assert item.is_manual and item.mentions_city and item.cites_official
    assert item.status == Relevance.RELEVANT
    assert item.story is not None


def test_demo_items_are_in_the_full_text_search(admin_client):
    """The demo bulk-creates its items; they are indexed too, so the archive finds them."""
    from wagtail.search.backends import get_search_backend

    from hromada.monitoring.demo import DEMO_URL

    demo = MediaItem.objects.filter(url__startswith=DEMO_URL)
    # (SQLite's LIKE folds only ASCII case: compare in Python)
    expected = {
        pk
        for pk, title, text in demo.values_list("pk", "title", "text")
        if "сосюри" in f"{title} {text}".lower()
    }
    assert len(expected) > 10
    found = {item.pk for item in get_search_backend().search("Сосюри", MediaItem.objects.all())}
    demo_ids = set(demo.values_list("pk", flat=True))
    assert found & demo_ids == expected
    response = admin_client.get(
        reverse("wagtailsnippets_monitoring_mediaitem:list"), {"q": "Сосюри", "status": "relevant"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ремонт вулиці сосюри (" in page
    assert "Фестиваль у парку (" not in page  # other demo items are not matches


def test_bulk_indexing_takes_a_few_queries_per_chunk(django_assert_max_num_queries):
    from wagtail.search.backends import get_search_backend

    from hromada.core.search import index_in_bulk

    outlet = Outlet.objects.get(name="Схід медіа")
    items = MediaItem.objects.bulk_create(
        MediaItem(
            outlet=outlet,
            title=f"Лисичанськ: ремонт мосту через Донець, етап {n}",
            text="Гідротехніки оглянули опори старого мосту.",
            published_at=timezone.now(),
            mentions_city=True,
        )
        for n in range(1200)
    )
    assert not get_search_backend().search("гідротехніки", MediaItem.objects.all()).count()
    with django_assert_max_num_queries(40):  # three chunks of 500, not 1200 writes
        assert index_in_bulk(MediaItem, items) == 1200
    assert get_search_backend().search("гідротехніки", MediaItem.objects.all()).count() == 1200
