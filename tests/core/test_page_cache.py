"""core.page_cache: a change empties only the cached pages that show what changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hromada.acts import selectors as acts_selectors
from hromada.acts.models import Act, ActKindLabels, ActRegisterPage
from hromada.core import page_cache
from hromada.core.selectors import default_site
from hromada.opendata.models import OpenDataPage
from hromada.organizations.models import Organization, OrganizationRegisterPage
from hromada.portal.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls() -> dict[str, str]:
    news = NewsPage.objects.live().order_by("-date").first()
    assert news is not None

    def first_url(model: Any) -> str:
        page = model.objects.live().order_by("path").first()
        assert page is not None, model
        return str(page.url)

    every_kind = ActRegisterPage.objects.live().filter(kind="", scope="acts").first()
    assert every_kind is not None  # it shows each act's kind label
    return {
        "news item": str(news.url),
        "news list": first_url(NewsIndexPage),
        "home": "/",
        "rss": "/news/rss.xml",
        "acts register": str(every_kind.url),
        "catalogue": first_url(OpenDataPage),
        "organizations": first_url(OrganizationRegisterPage),
        "robots": "/robots.txt",
    }


def cached(client: Client, urls: dict[str, str]) -> dict[str, str]:
    """What the cache answers for each page now."""
    return {name: client.get(url).get("X-Cache", "") for name, url in urls.items()}


def warm(client: Client, urls: dict[str, str]) -> None:
    for url in urls.values():
        client.get(url)
    assert set(cached(client, urls).values()) == {"hit"}


def test_publishing_a_news_item_leaves_the_registers_and_catalogue_cached(
    client: Client, urls: dict[str, str], django_capture_on_commit_callbacks: Any
) -> None:
    warm(client, urls)
    news = NewsPage.objects.live().order_by("-date").first()
    assert news is not None
    with django_capture_on_commit_callbacks(execute=True):
        news.title = "Нова назва новини"
        news.save_revision().publish()
    assert cached(client, urls) == {
        "news item": "miss",
        "news list": "miss",
        "home": "miss",  # it shows the latest news
        "rss": "miss",
        "acts register": "hit",
        "catalogue": "hit",
        "organizations": "hit",
        "robots": "miss",  # declares nothing it shows: taken to show anything
    }
    assert "Нова назва новини" in client.get(urls["home"]).content.decode()


def test_a_changed_act_empties_the_register_only(
    client: Client, urls: dict[str, str], django_capture_on_commit_callbacks: Any
) -> None:
    warm(client, urls)
    act = acts_selectors.public_acts().first()
    assert act is not None
    with django_capture_on_commit_callbacks(execute=True):
        Act.objects.get(pk=act.pk).save()
    answers = cached(client, urls)
    assert answers["acts register"] == "miss"
    assert {answers[name] for name in ("news item", "news list", "home", "rss")} == {"hit"}
    assert {answers["catalogue"], answers["organizations"]} == {"hit"}


def test_a_changed_organization_empties_the_organizations_register_only(
    client: Client, urls: dict[str, str], django_capture_on_commit_callbacks: Any
) -> None:
    warm(client, urls)
    organization = Organization.objects.filter(archived=False).first()
    assert organization is not None
    with django_capture_on_commit_callbacks(execute=True):
        organization.name = f"{organization.name} (нова назва)"  # shown in the register
        organization.save()
    answers = cached(client, urls)
    assert answers["organizations"] == "miss"
    # The catalogue too: the organizations register is a live dataset, which moved.
    assert answers["catalogue"] == "miss"
    assert {answers["acts register"], answers["news list"], answers["home"]} == {"hit"}


def test_relabelled_kinds_show_at_once(
    client: Client, urls: dict[str, str], django_capture_on_commit_callbacks: Any
) -> None:
    warm(client, urls)
    labels = ActKindLabels.for_site(default_site())
    with django_capture_on_commit_callbacks(execute=True):
        labels.council_decision = "Рішення ради громади"
        labels.save()
    response = client.get(urls["acts register"])
    assert response["X-Cache"] == "miss"
    assert "Рішення ради громади" in response.content.decode()
    assert acts_selectors.kind_label("council_decision") == "Рішення ради громади"


def test_a_response_that_marks_nothing_depends_on_everything() -> None:
    assert page_cache.dependencies({page_cache.SITE}) == (page_cache.ANY,)
    assert page_cache.dependencies(set()) == (page_cache.ANY,)
    assert page_cache.dependencies({"acts", page_cache.ANY}) == (page_cache.ANY,)
    assert page_cache.dependencies({"acts"}) == ("acts", page_cache.SITE)


def test_any_changes_with_every_scope(django_capture_on_commit_callbacks: Any) -> None:
    page_cache.generations.forget()
    before = page_cache.generations.versions(("acts", "news", page_cache.ANY))
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.changed("news")
    after = page_cache.generations.versions(("acts", "news", page_cache.ANY))
    assert after[0] == before[0]
    assert after[1] == before[1] + 1
    assert after[2] == before[2] + 1


def test_a_shared_memo_follows_its_generation(django_capture_on_commit_callbacks: Any) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    memo = page_cache.SharedMemo("test-scope", compute)
    assert memo.get() == memo.get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.changed("other-scope")
    assert memo.get() == 1  # another scope's change leaves it
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.changed("test-scope")
    assert memo.get() == 2
