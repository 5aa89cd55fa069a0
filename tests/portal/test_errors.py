"""Our error pages: every error a visitor can meet is in Ukrainian and in the site's look."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.test import Client, RequestFactory

from hromada.portal import errors
from hromada.portal.middleware import ErrorPagesMiddleware

pytestmark = pytest.mark.django_db


def text(response: HttpResponse) -> str:
    return unescape(response.content.decode())


def assert_ours(response: HttpResponse, status: int, *phrases: str) -> str:
    """Our page: the status, Ukrainian text, the site's stylesheet and header."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = text(response)
    assert '<html lang="uk">' in html
    assert "portal/portal.css" in html
    assert 'class="site-header"' in html
    assert "на головну" in html
    for phrase in phrases:
        assert phrase in html, phrase
    return html


def test_404_is_ours_with_the_menu(client: Client) -> None:
    html = assert_ours(client.get("/nemaie-takoi-storinky/"), 404, "Сторінку не знайдено")
    assert 'id="main-menu"' in html  # the full site: its menu and footer


def test_405_from_require_get_is_dressed_and_keeps_allow(client: Client) -> None:
    response = client.post("/search/")
    assert_ours(response, 405, "Ця дія тут недоступна")
    assert "GET" in response["Allow"]


def test_expired_csrf_token_says_reload_the_form() -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32  # a token from an old session
    response = client.post("/search/", {"csrfmiddlewaretoken": "b" * 32, "q": "x"})
    assert_ours(response, 403, "Термін дії форми минув", "Оновіть сторінку з формою")


def test_missing_csrf_cookie_is_ours_too() -> None:
    response = Client(enforce_csrf_checks=True).post("/search/", {"q": "x"})
    assert_ours(response, 403, "Термін дії форми минув")


def test_a_10_mb_post_is_413_with_the_limit() -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32  # the token check reads the body
    body = b"text=" + b"x" * (10 * 1024 * 1024)
    response = client.post("/search/", body, content_type="application/x-www-form-urlencoded")
    assert_ours(response, 413, "Надіслані дані завеликі", "10,0\xa0Мб")


def test_a_long_address_is_414_and_the_search_form_limits_the_query(client: Client) -> None:
    assert_ours(client.get("/", {"tag": "бюджет " * 700}), 414, "Адреса задовга")
    assert 'maxlength="200"' in text(client.get("/"))


def test_a_query_over_the_limit_is_shortened_with_a_message(client: Client) -> None:
    for words in (100, 5000):  # 5,000 words: still the search, not the 414
        response = client.get("/search/", {"q": "бюджет " * words})
        assert response.status_code == 200
        assert "скорочено до перших 200 символів" in text(response)


def test_bare_403_and_429_are_dressed_but_bodies_of_their_own_are_kept() -> None:
    request = RequestFactory().get("/")
    bare = ErrorPagesMiddleware(lambda r: HttpResponseForbidden())(request)
    assert_ours(bare, 403, "Доступ заборонено")
    limited = HttpResponse(status=429, headers={"Retry-After": "60"})
    dressed = ErrorPagesMiddleware(lambda r: limited)(request)
    assert_ours(dressed, 429, "Забагато запитів")
    assert dressed["Retry-After"] == "60"
    api = HttpResponse(b'{"success": false}', status=403, content_type="application/json")
    assert ErrorPagesMiddleware(lambda r: api)(request) is api
    not_allowed = ErrorPagesMiddleware(lambda r: HttpResponseNotAllowed(["GET"]))(request)
    assert not_allowed["Allow"] == "GET"


def test_400_and_403_handlers(client: Client) -> None:
    request = RequestFactory().get("/")
    assert_ours(errors.bad_request(request, Exception("bad")), 400, "Некоректний запит")
    assert_ours(errors.permission_denied(request, Exception("no")), 403, "Доступ заборонено")


def test_500_is_ours_and_survives_a_broken_database(monkeypatch: pytest.MonkeyPatch) -> None:
    request = RequestFactory().get("/")
    assert_ours(errors.server_error(request), 500, "Помилка сервера")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database is gone")

    monkeypatch.setattr("hromada.core.context_processors.city_profile", broken)
    response = errors.server_error(request)
    assert response.status_code == 500
    html = text(response)
    assert "Помилка сервера" in html and "portal/portal.css" in html
    assert 'id="main-menu"' not in html  # drawn without the database


def test_maintenance_is_503_for_every_page(client: Client, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    flag = tmp_path / "maintenance"
    settings.HROMADA_MAINTENANCE_FILE = str(flag)
    assert client.get("/").status_code == 200
    flag.touch()
    for path in ("/", "/search/?q=бюджет", "/admin/"):
        response = client.get(path)
        assert_ours(response, 503, "Тривають технічні роботи")
        assert response["Retry-After"] == "300"
    flag.unlink()
    assert client.get("/").status_code == 200
