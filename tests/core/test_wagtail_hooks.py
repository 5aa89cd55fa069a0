"""Nothing is hard-deleted from the back-office: pages (one by one or in bulk) and
records under NoDeletePermissionPolicy stay."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from hromada.core.models import HistoricalFigure
from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.portal.models import NewsPage, StandardPage

pytestmark = pytest.mark.django_db

REFUSAL = "Сторінки не видаляються"


@pytest.fixture
def admin_client(admin_user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def page() -> StandardPage:
    return StandardPage.objects.get(slug="yak-podaty-zapyt-na-informatsiiu")


def error_messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_page_delete_view_is_refused_even_for_the_superuser(admin_client, page, method) -> None:  # type: ignore[no-untyped-def]
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    response = getattr(admin_client, method)(
        url, {"confirm_site_name": "Hromada"} if method == "post" else None
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    messages = error_messages(response)
    assert len(messages) == 1
    assert REFUSAL in messages[0]
    assert page.title in messages[0]
    assert StandardPage.objects.filter(pk=page.pk, live=True).exists()


def test_bulk_delete_is_refused_too(admin_client) -> None:  # type: ignore[no-untyped-def]
    news = list(NewsPage.objects.order_by("pk")[:2])
    query = "&".join(f"id={item.pk}" for item in news)
    url = f"/admin/bulk/wagtailcore/page/delete/?{query}&next=/admin/pages/"

    response = admin_client.post(url, {"confirm_site_name": "Hromada"})

    assert response.status_code == 302
    assert NewsPage.objects.filter(pk__in=[item.pk for item in news]).count() == 2
    messages = error_messages(response)
    assert messages and all(REFUSAL in message for message in messages)


def test_explorer_offers_no_delete_button(admin_client, page) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html  # the page is listed
    assert reverse("wagtailadmin_pages:delete", args=[page.pk]) not in html


def test_unpublishing_still_works_and_keeps_the_page(admin_client, page) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert StandardPage.objects.filter(pk=page.pk).exists()


# --- records with NoDeletePermissionPolicy --------------------------------------------------


@pytest.fixture
def figure() -> HistoricalFigure:
    return HistoricalFigure.objects.order_by(
        "metric", "year"
    ).first()  # on the listing's first page


def test_policy_refuses_delete_and_allows_the_rest(admin_user) -> None:  # type: ignore[no-untyped-def]
    policy = NoDeletePermissionPolicy(HistoricalFigure)
    assert not policy.user_has_permission(admin_user, "delete")
    assert not policy.user_has_any_permission(admin_user, ["delete"])
    assert policy.user_has_permission(admin_user, "change")
    assert policy.user_has_any_permission(admin_user, ["delete", "change"])
    assert not policy.user_has_permission_for_instance(
        admin_user, "delete", HistoricalFigure.objects.first()
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_historical_figure_cannot_be_deleted_in_the_admin(admin_client, figure, method) -> None:  # type: ignore[no-untyped-def]
    response = getattr(admin_client, method)(reverse("historical_figures:delete", args=[figure.pk]))
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "delete" not in response["Location"]
    assert HistoricalFigure.objects.filter(pk=figure.pk, value=figure.value).exists()


def test_historical_figures_listing_offers_no_delete(admin_client, figure) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.get(reverse("historical_figures:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("historical_figures:edit", args=[figure.pk]) in html
    assert reverse("historical_figures:delete", args=[figure.pk]) not in html
