"""The public catalogue "Відкриті дані": facets, search, the passport, previews, overdue mark."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from hromada.opendata import services
from hromada.opendata.models import Dataset
from hromada.opendata.pages import OpenDataPage
from hromada.opendata.selectors import catalogue_page
from tests.opendata.helpers import dataset, upload

pytestmark = pytest.mark.django_db


def page() -> OpenDataPage:
    found = catalogue_page()
    assert found is not None
    return found


def test_demo_catalogue_page_is_under_public_information_section() -> None:
    assert page().title == "Відкриті дані"
    assert page().get_parent().title == "Доступ до публічної інформації"
    assert Dataset.objects.filter(archived=False).count() >= 30


def test_index_lists_facets_and_filters(client: Client) -> None:
    response = client.get(page().url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Фінансове управління Лисичанської міської ради" in html
    assert "Бюджет і фінанси" in html
    assert ">XLSX<" in html
    filtered = client.get(page().url, {"group": "budget", "format": "XLSX"}).content.decode()
    assert "Бюджет міста на 2020 рік" in filtered
    assert "Перелік закладів культури" not in filtered
    searched = client.get(page().url, {"q": "аптечних"}).content.decode()
    assert "Доступні ліки" in searched and "Бюджет міста на 2020 рік" not in searched
    tagged = client.get(page().url, {"tag": "спорт"}).content.decode()
    assert "Перелік спортивних споруд" in tagged


def test_dataset_page_shows_the_passport_and_downloads(client: Client) -> None:
    response = client.get(page().url + "dataset/biudzhet-mista-na-2020-rik/")
    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "Ідентифікатор",
        "Основа та підстави збору",
        "Формат стиснення",
        "Частота оновлення",
        "Ключові слова",
        "Відповідальна особа",
    ):
        assert label in html, label
    assert "/opendata/resource/" in html and "/download/" in html
    assert "/api/3/action/package_show?id=biudzhet-mista-na-2020-rik" in html
    assert "Попередні версії" in html
    assert client.get(page().url + "dataset/no-such-thing/").status_code == 404


def test_overdue_dataset_is_marked(client: Client) -> None:
    overdue = Dataset.objects.get(name="reiestr-mistobudivnykh-umov-ta-obmezhen")
    assert overdue.is_overdue()
    html = client.get(page().url + f"dataset/{overdue.name}/").content.decode()
    assert "Не оновлено вчасно" in html
    listing = client.get(page().url, {"q": "містобудівних"}).content.decode()
    assert "не оновлено вчасно" in listing
    fresh = Dataset.objects.get(name="biudzhet-mista-na-2020-rik")
    assert not fresh.is_overdue()


def test_preview_of_csv_and_xlsx_shows_at_most_100_rows(client: Client) -> None:
    made = dataset(title="Великий набір")
    rows = "".join(f"{n},Рядок {n},{n * 10}\n" for n in range(150))
    big = services.add_resource(
        dataset=made,
        name="Великий CSV",
        file=io.BytesIO(("id,name,amount\n" + rows).encode()),
        filename="big.csv",
    )
    html = client.get(page().url + f"dataset/{made.name}/preview/{big.id}/").content.decode()
    assert html.count("<tr>") == 101  # the header and 100 rows
    assert "Рядок 99" in html and "Рядок 100" not in html
    from hromada.opendata.demo import xlsx_bytes

    xlsx = services.add_resource(
        dataset=made,
        name="Таблиця",
        file=io.BytesIO(xlsx_bytes(["code", "name"], "money", "t")),
        filename="t.xlsx",
    )
    response = client.get(page().url + f"dataset/{made.name}/preview/{xlsx.id}/")
    html = response.content.decode()
    assert response.status_code == 200 and '<th scope="col">code</th>' in html
    assert html.count("<tr>") == 11
    live = Dataset.objects.get(live_slug="organizations-register").resources.get(live_format="csv")
    response = client.get(page().url + f"dataset/organizations-register/preview/{live.id}/")
    assert response.status_code == 200
    json_resource = services.add_resource(
        dataset=made, name="JSON", file=upload(b'{"a": 1}'), filename="a.json"
    )
    assert (
        client.get(page().url + f"dataset/{made.name}/preview/{json_resource.id}/").status_code
        == 404
    )


def test_cached_catalogue_follows_a_new_dataset(
    client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client.get(page().url)
    with django_capture_on_commit_callbacks(execute=True):
        dataset(
            title="Зовсім новий набір даних", published_at=timezone.now() - dt.timedelta(days=1)
        )
    assert "Зовсім новий набір даних" in client.get(page().url, {"q": "Зовсім"}).content.decode()
