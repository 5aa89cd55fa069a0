"""Scheduled publishing: core.tasks, core.scheduler and `hromada scheduler --once`."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import TaskResultStatus
from wagtail.models import Revision

from hromada.core import scheduler
from hromada.core.tasks import publish_scheduled_pages
from hromada.core.text import transliterate
from hromada.portal.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _restore_job_clock() -> Iterator[None]:
    """tick() remembers when each job was last enqueued; give every test a fresh clock."""
    jobs = scheduler.jobs()
    saved = {job.name: job.last_enqueued for job in jobs}
    for job in jobs:
        job.last_enqueued = -1e18
    yield
    for job in scheduler.jobs():
        job.last_enqueued = saved.get(job.name, -1e18)


def draft_news(title: str, *, go_live_at: dt.datetime | None = None) -> NewsPage:
    index = NewsIndexPage.objects.get()
    page = NewsPage(
        title=title,
        slug=slugify(transliterate(title)),
        live=False,
        date=timezone.now(),
        lead="Заплановано.",
        go_live_at=go_live_at,
    )
    index.add_child(instance=page)
    return page


def schedule_in_the_past(page: NewsPage) -> Revision:
    """What a scheduled revision looks like once its time has come."""
    past = timezone.now() - dt.timedelta(minutes=5)
    page.go_live_at = past
    return page.save_revision(approved_go_live_at=past)


def test_publishing_with_a_future_go_live_time_only_schedules() -> None:
    page = draft_news("Заплановане оголошення", go_live_at=timezone.now() + dt.timedelta(hours=2))
    revision = page.save_revision()
    revision.publish()

    page.refresh_from_db()
    revision.refresh_from_db()
    assert not page.live
    assert revision.approved_go_live_at is not None

    publish_scheduled_pages.enqueue()  # not due yet
    page.refresh_from_db()
    assert not page.live


def test_the_task_publishes_a_page_whose_time_has_come(client: Client) -> None:
    page = draft_news("Оголошення про тендер")
    revision = schedule_in_the_past(page)

    result = publish_scheduled_pages.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL
    page.refresh_from_db()
    revision.refresh_from_db()
    assert page.live
    assert page.live_revision == revision
    assert revision.approved_go_live_at is None
    assert page.first_published_at is not None
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Оголошення про тендер" in response.content.decode()


def test_the_task_unpublishes_an_expired_page() -> None:
    page = NewsPage.objects.live().order_by("date").first()
    NewsPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - dt.timedelta(minutes=1))

    publish_scheduled_pages.enqueue()

    page.refresh_from_db()
    assert not page.live
    assert page.expired


def test_scheduler_tick_enqueues_publishing_with_no_human_action() -> None:
    page = draft_news("Графік прийому на травень")
    schedule_in_the_past(page)

    enqueued = scheduler.tick(now=1_000.0)

    assert "publish_scheduled_pages" in enqueued
    page.refresh_from_db()
    assert page.live


def test_tick_enqueues_each_job_once_per_interval() -> None:
    names = [job.name for job in scheduler.jobs()]
    assert "publish_scheduled_pages" in names
    job = next(job for job in scheduler.jobs() if job.name == "publish_scheduled_pages")
    assert job.interval_seconds == 60

    assert "publish_scheduled_pages" in scheduler.tick(now=1_000.0)
    assert "publish_scheduled_pages" not in scheduler.tick(now=1_030.0)
    assert "publish_scheduled_pages" not in scheduler.tick(now=1_059.9)
    assert "publish_scheduled_pages" in scheduler.tick(now=1_060.0)


def test_scheduler_command_once(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    page = draft_news("Засідання виконкому")
    schedule_in_the_past(page)
    out = io.StringIO()

    call_command("scheduler", "--once", stdout=out)

    assert "enqueued publish_scheduled_pages" in out.getvalue()
    page.refresh_from_db()
    assert page.live


def test_run_forever_survives_a_failing_tick(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[float] = []

    def failing_tick(now: float | None = None) -> list[str]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return []

    class Stop(Exception):
        pass

    def sleep(seconds: float) -> None:
        if len(calls) >= 2:
            raise Stop

    monkeypatch.setattr(scheduler, "tick", failing_tick)
    with pytest.raises(Stop):
        scheduler.run_forever(sleep=sleep, poll_seconds=0)
    assert len(calls) == 2
