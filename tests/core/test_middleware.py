"""core.middleware: the anonymous page cache and the security headers."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from hromada.core.models import ContentGeneration
from hromada.core.services import setup_city
from hromada.portal.models import HomePage, NewsPage

pytestmark = pytest.mark.django_db


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no <h1>"
    return " ".join(match.group(1).split())


@pytest.fixture
def news() -> NewsPage:
    return NewsPage.objects.live().order_by("-date").first()


def test_anonymous_page_is_cached(client: Client, news: NewsPage) -> None:
    first = client.get(news.url)
    second = client.get(news.url)
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_page_cached_yesterday_is_not_served_today(
    client: Client, news: NewsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages count days from today (days left for comments, upcoming events), so the key
    holds the local date."""
    import datetime as dt

    from django.utils import timezone

    assert client.get(news.url)["X-Cache"] == "miss"
    assert client.get(news.url)["X-Cache"] == "hit"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert client.get(news.url)["X-Cache"] == "miss"
    assert client.get(news.url)["X-Cache"] == "hit"


@pytest.mark.parametrize(
    "url", ["/", "/news/", "/news/rss.xml", "/news/atom.xml", "/sitemap.xml", "/robots.txt"]
)
def test_public_responses_of_every_type_are_cached(client: Client, url: str) -> None:
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"


def test_query_string_is_part_of_the_key(client: Client) -> None:
    assert client.get("/news/?page=2")["X-Cache"] == "miss"
    assert client.get("/news/?page=3")["X-Cache"] == "miss"
    assert client.get("/news/?page=2")["X-Cache"] == "hit"


def test_a_cached_hit_keeps_the_security_headers(client: Client) -> None:
    client.get("/")
    hit = client.get("/")
    assert hit["X-Cache"] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in hit["Permissions-Policy"]


def test_request_with_a_session_cookie_is_never_cached(client: Client) -> None:
    client.get("/")  # stored for anonymous visitors
    client.cookies[settings.SESSION_COOKIE_NAME] = "whatever-session"
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert "X-Cache" not in response


def test_logged_in_staff_are_never_served_from_the_cache(
    client: Client, admin_user, news: NewsPage
) -> None:  # type: ignore[no-untyped-def]
    Client().get(news.url)
    assert Client().get(news.url)["X-Cache"] == "hit"
    client.force_login(admin_user)
    response = client.get(news.url)
    assert response.status_code == 200
    assert "X-Cache" not in response


@pytest.mark.parametrize("url", ["/admin/login/", "/lang/en/?next=/"])
def test_private_or_cookie_setting_responses_are_not_stored(client: Client, url: str) -> None:
    for _ in range(2):
        assert "X-Cache" not in client.get(url)


def test_search_results_are_public_and_cached(client: Client) -> None:
    assert client.get("/search/?q=%D0%BF%D0%B0%D0%BC")["X-Cache"] == "miss"
    assert client.get("/search/?q=%D0%BF%D0%B0%D0%BC")["X-Cache"] == "hit"


def test_not_found_is_not_cached(client: Client) -> None:
    for _ in range(2):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert response.get("X-Cache") != "hit"


def test_post_is_never_cached(client: Client) -> None:
    client.get("/")
    response = client.post("/", {})
    assert response.get("X-Cache") != "hit"


def test_publishing_shows_the_new_title_at_once(
    client: Client, news: NewsPage, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    old_title = news.title
    client.get(news.url)
    cached = client.get(news.url)
    assert cached["X-Cache"] == "hit"
    assert h1(cached.content.decode()) == old_title
    generation_before = ContentGeneration.current()

    with django_capture_on_commit_callbacks(execute=True):
        news.title = "Оновлена назва новини"
        news.save_revision().publish()

    assert ContentGeneration.current() == generation_before + 1
    response = client.get(news.url)
    assert response["X-Cache"] == "miss"
    assert h1(response.content.decode()) == "Оновлена назва новини"
    # The list and the home page show it too, without waiting for the cache to expire.
    assert "Оновлена назва новини" in client.get("/").content.decode()


def test_saving_a_draft_does_not_change_what_visitors_see(
    client: Client, news: NewsPage, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client.get(news.url)
    with django_capture_on_commit_callbacks(execute=True):
        news.title = "Чернетка, ще не опублікована"
        news.save_revision()
    response = client.get(news.url)
    assert response["X-Cache"] == "hit"
    assert "Чернетка" not in response.content.decode()


def test_unpublishing_removes_the_page_at_once(
    client: Client, news: NewsPage, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    url = news.url
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        news.unpublish()
    assert client.get(url).status_code == 404


def test_city_profile_change_is_visible_at_once(
    client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client.get("/")
    assert client.get("/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        setup_city(
            name="Лисичанськ", domains=["lysychansk.gov.ua"], council_name="Лисичанська міська ВЦА"
        )
    response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert "Лисичанська міська ВЦА" in response.content.decode()


def test_the_language_cookie_varies_the_cache(client: Client) -> None:
    ukrainian = client.get("/")
    assert ukrainian["X-Cache"] == "miss"
    assert '<html lang="uk">' in ukrainian.content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/")
    assert english["X-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert client.get("/")["X-Cache"] == "hit"

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    again = client.get("/")
    assert again["X-Cache"] == "hit"
    assert '<html lang="uk">' in again.content.decode()


def test_the_browser_language_does_not_switch_the_portal_from_ukrainian(client: Client) -> None:
    assert '<html lang="uk">' in client.get("/").content.decode()
    english_browser = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english_browser["X-Cache"] == "hit"  # the same Ukrainian page
    assert '<html lang="uk">' in english_browser.content.decode()
    assert "Пошук" in english_browser.content.decode()


def test_the_host_is_part_of_the_key(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    assert client.get("/", HTTP_HOST="localhost")["X-Cache"] == "miss"
    assert client.get("/", HTTP_HOST="127.0.0.1")["X-Cache"] == "miss"
    assert client.get("/", HTTP_HOST="localhost")["X-Cache"] == "hit"


def test_a_disallowed_host_gets_400_not_a_cached_page(client: Client) -> None:
    client.get("/")
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.get("X-Cache") != "hit"


def test_cache_can_be_turned_off(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Cache" not in client.get("/")


# --- security headers ---------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/news/", "/search/?q=x", "/no-such-page/"])
def test_security_headers_on_public_pages(client: Client, url: str) -> None:
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'self'" in csp
    assert "https://www.youtube-nocookie.com" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Permissions-Policy"].startswith("camera=(), microphone=(), geolocation=()")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_admin_has_no_csp_but_the_other_headers(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    for response in (client.get("/admin/login/"),):
        assert "Content-Security-Policy" not in response
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Permissions-Policy" in response
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_home_page_exists_once() -> None:
    assert HomePage.objects.count() == 1
