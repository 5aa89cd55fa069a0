"""portal.wagtail_hooks: news categories are edited, never deleted, by the right roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from hromada.core import roles
from hromada.portal.models import NewsCategory

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def category() -> NewsCategory:
    return NewsCategory.objects.get(slug="kultura")


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_news_category_cannot_be_deleted_even_by_the_superuser(
    admin_user, category, method
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("wagtailsnippets_portal_newscategory:delete", args=[category.pk])
    response = getattr(client_for(admin_user), method)(url)
    assert response.status_code in {302, 403}
    assert NewsCategory.objects.filter(pk=category.pk).exists()


def test_site_editor_adds_and_renames_categories(django_user_model, category) -> None:  # type: ignore[no-untyped-def]
    editor = django_user_model.objects.create_user("editor", password="x-Long-pass-2020")
    editor.groups.add(Group.objects.get(name=roles.SITE_EDITOR))
    client = client_for(editor)

    response = client.post(
        reverse("wagtailsnippets_portal_newscategory:add"),
        {"name": "Екологія", "slug": "ekolohiia"},
    )
    assert response.status_code == 302
    assert NewsCategory.objects.filter(slug="ekolohiia").exists()

    response = client.post(
        reverse("wagtailsnippets_portal_newscategory:edit", args=[category.pk]),
        {"name": "Культура і мистецтво", "slug": "kultura"},
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert category.name == "Культура і мистецтво"


def test_specialist_only_sees_categories(django_user_model, category) -> None:  # type: ignore[no-untyped-def]
    specialist = django_user_model.objects.create_user("specialist", password="x-Long-pass-2020")
    specialist.groups.add(Group.objects.get(name=roles.SPECIALIST))
    client = client_for(specialist)

    assert client.get(reverse("wagtailsnippets_portal_newscategory:list")).status_code == 200
    response = client.post(
        reverse("wagtailsnippets_portal_newscategory:edit", args=[category.pk]),
        {"name": "Інше", "slug": "kultura"},
    )
    assert response.status_code in {302, 403}
    category.refresh_from_db()
    assert category.name == "Культура"


def test_categories_are_listed_in_ukrainian_order(client: Client) -> None:
    NewsCategory.objects.create(name="Ґендерна рівність", slug="gendern-rivnist")
    NewsCategory.objects.create(name="Євроінтеграція", slug="yevrointehratsiia")
    html = client.get("/news/").content.decode()
    positions = [
        html.index(f">{name}<") for name in ("Ґендерна рівність", "Євроінтеграція", "Здоров’я")
    ]
    assert positions == sorted(positions)
