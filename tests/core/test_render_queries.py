"""What an uncached public page costs in queries: upper bounds, so a change that adds a query
per request (a setting, the menu, the site lookup) shows here. Timing is in
benchmarks/render_cost.py, never here."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client

from hromada.acts.models import ActRegisterPage
from hromada.opendata.models import OpenDataPage
from hromada.organizations.models import OrganizationRegisterPage
from hromada.portal.models import (
    EventPage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
    StandardPage,
)

pytestmark = pytest.mark.django_db

_fresh = itertools.count()

# Measured on the demo city (PostgreSQL and SQLite; SQLite's news list and home take more)
# after the site, the city profile and the menu were kept per process (6 queries fewer on
# every page); a little room besides.
MAX_QUERIES = {
    SectionPage: 9,
    StandardPage: 9,
    EventPage: 9,
    NewsPage: 15,  # its share card's 1200×630 rendition (og:image, NewsArticle's image)
    NewsIndexPage: 25,
    ActRegisterPage: 16,
    OpenDataPage: 16,
    OrganizationRegisterPage: 11,
}


@pytest.mark.parametrize("model", list(MAX_QUERIES), ids=lambda model: model.__name__)
def test_an_uncached_page_stays_within_its_queries(
    client: Client, model: Any, django_assert_max_num_queries: Any
) -> None:
    page = model.objects.live().order_by("path").first()
    assert page is not None
    assert client.get(page.url).status_code == 200  # the process's memos, as in production
    with django_assert_max_num_queries(MAX_QUERIES[model]):
        response = client.get(f"{page.url}?fresh={next(_fresh)}")
    assert response.status_code == 200
    assert response["X-Cache"] == "miss"


def test_the_home_page_and_search_stay_within_their_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    client.get("/")
    with django_assert_max_num_queries(22):
        assert client.get("/?fresh=1").status_code == 200
    client.get("/search/?q=місто")
    with django_assert_max_num_queries(22):
        assert client.get("/search/?q=місто&fresh=1").status_code == 200
