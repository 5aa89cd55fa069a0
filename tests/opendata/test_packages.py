"""The stored CKAN packages: what the API sends is always the dataset as it is now.

Every kind of write that changes a package is made here the way the application makes it
(services, the admin's model saves, link checks), with on-commit callbacks run, and the API's
answer is compared with a package built afresh from the database.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hromada.opendata import api, links, package_dicts, packages, services
from hromada.opendata.models import Dataset, Publisher, TopicGroup
from tests.opendata.helpers import CSV, dataset, upload

pytestmark = pytest.mark.django_db


def show(client: Client, key: Any, **headers: str) -> dict[str, Any]:
    response = client.get("/api/3/action/package_show", {"id": str(key)}, **headers)
    assert response.status_code == 200, response.content
    return response.json()["result"]  # type: ignore[no-any-return]


def fresh(client: Client, made: Dataset) -> dict[str, Any]:
    """The package built now from the database, with the test client's addresses."""
    loaded = package_dicts.with_related(Dataset.objects.filter(pk=made.pk)).get()
    request = client.get("/").wsgi_request
    return package_dicts.package_dict(loaded, api.Context(request))


def stored(made: Dataset) -> str:
    return Dataset.objects.values_list("package_json", flat=True).get(pk=made.pk)


def test_show_and_search_send_the_stored_text_completed_for_the_request(client: Client) -> None:
    made = dataset(title="Набір для збереженого пакета")
    services.add_resource(dataset=made, name="Дані", file=upload(), filename="dani.csv")
    assert stored(made) == ""  # nothing committed yet in this test: built when first asked
    package = show(client, made.name)
    assert stored(made).startswith(packages.FORM + '{"id": "')
    assert package == fresh(client, made)
    assert package["resources"][0]["url"].startswith("http://testserver/opendata/resource/")
    assert package["url"].startswith("http://testserver/") and package["url"].endswith(
        f"/dataset/{made.name}/"
    )
    found = client.get("/api/3/action/package_search", {"q": "збереженого пакета"}).json()
    assert found["result"]["results"] == [package]
    # The same stored text answers another host with that host's addresses.
    other = show(client, made.name, HTTP_HOST="localhost")
    assert other["resources"][0]["url"].startswith("http://localhost/opendata/resource/")
    assert other["url"].startswith("http://localhost/")
    organization = client.get(
        "/api/3/action/organization_show", {"id": made.publisher.name, "include_datasets": "true"}
    ).json()["result"]
    assert organization["packages"] == [package]


def test_every_change_rebuilds_the_package_after_commit(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        made = dataset(title="Набір, що змінюється")
        resource = services.add_resource(dataset=made, name="Дані", file=upload(), filename="d.csv")
    assert stored(made)  # rebuilt once the transaction committed, before anyone asked
    assert show(client, made.pk)["resources"][0]["version"] == 1

    changes = [
        lambda: services.upload_version(
            resource=resource, file=upload(CSV + b"3,x,30\n"), filename="d.csv"
        ),
        lambda: services.update_dataset(dataset=made, title="Нова назва", keywords="нове, слово"),
        lambda: services.update_dataset(
            dataset=made, groups=[services.create_group(title="Нова тема")]
        ),
        lambda: services.add_resource(
            dataset=made, name="Посилання", external_url="http://127.0.0.1:9/none.csv"
        ),
        lambda: links.check_links(probe=lambda url: "HTTP 404" if ":9/" in url else ""),
        lambda: _save(
            Publisher.objects.get(pk=made.publisher_id), title="Перейменоване управління"
        ),
        lambda: _save(TopicGroup.objects.get(title="Нова тема"), title="Перейменована тема"),
        lambda: services.archive_resource(resource=resource),
    ]
    for change in changes:
        before = stored(made)
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert stored(made) and stored(made) != before
        assert show(client, made.pk) == fresh(client, made)
    package = show(client, made.pk)
    assert package["title"] == "Нова назва"
    assert package["organization"]["title"] == "Перейменоване управління"
    assert [g["title"] for g in package["groups"]] == ["Перейменована тема"]
    assert sorted(t["name"] for t in package["tags"]) == ["нове", "слово"]
    assert [r["name"] for r in package["resources"]] == ["Посилання"]
    assert package["resources"][0]["link_broken"] is True


def _save(instance: Any, **fields: Any) -> None:
    """A change saved the way the admin's model forms save it."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


def test_a_rebuild_of_an_older_state_never_overwrites_a_newer_one(client: Client) -> None:
    made = dataset(title="Старий стан")
    loaded = list(
        package_dicts.with_related(Dataset.objects.filter(pk=made.pk))
    )  # read before the change
    services.update_dataset(dataset=made, title="Новий стан")
    packages.store(loaded)  # a slow rebuild finishing after the change: not kept
    assert stored(made) == ""
    assert show(client, made.pk)["title"] == "Новий стан"
    assert '"Новий стан"' in stored(made)


def test_a_package_stored_by_older_code_is_rebuilt_when_sent(client: Client) -> None:
    made = dataset(title="Набір зі старим пакетом")
    fresh_text = (show(client, made.pk), stored(made))[1]
    older = "ckan-package-0:" + fresh_text[len(packages.FORM) :].replace(made.title, "Стара назва")
    Dataset.objects.filter(pk=made.pk).update(package_json=older)
    assert show(client, made.pk)["title"] == made.title
    assert stored(made) == fresh_text


def test_is_overdue_is_decided_when_sent(client: Client) -> None:
    made = dataset(title="Щомісячний набір", update_frequency="Щомісяця")
    assert show(client, made.pk)["is_overdue"] is False
    text = stored(made)
    # Time passes: two months later the same stored package is sent as overdue.
    earlier = timezone.now() - dt.timedelta(days=62)
    Dataset.objects.filter(pk=made.pk).update(published_at=earlier, data_modified_at=earlier)
    assert stored(made) == text
    assert show(client, made.pk)["is_overdue"] is True


def test_control_characters_cannot_forge_addresses(client: Client) -> None:
    # (PostgreSQL cannot store NUL in text at all; SQLite can, and it is removed the same way.)
    made = dataset(title="Набір з керівними символами", notes="Опис.")
    made.notes = 'Текст "\x01в лапках\x02" і \\u0000 та \\u0002" буквально\x02'
    made.save()
    services.add_resource(
        dataset=made, name='Назва "\x01x\x02"', file=upload(), filename="data.csv"
    )
    package = show(client, made.pk)
    assert package["notes"] == 'Текст "в лапках" і \\u0000 та \\u0002" буквально'
    assert package["resources"][0]["name"] == 'Назва "x"'
    assert package["resources"][0]["url"].startswith("http://testserver/opendata/resource/")
    assert package["url"].endswith(f"/dataset/{made.name}/")


def test_refresh_command_builds_what_bulk_inserts_left_empty() -> None:
    publisher = Publisher.objects.first()
    assert publisher is not None
    Dataset.objects.bulk_create(
        [
            Dataset(
                name=f"bulk-package-{n}",
                title=f"Набір {n}",
                notes="—",
                purpose="—",
                publisher=publisher,
                maintainer="—",
                maintainer_email="a@example.org",
            )
            for n in range(3)
        ]
    )
    assert Dataset.objects.filter(package_json="").count() >= 3
    out = io.StringIO()
    call_command("refresh_opendata_packages", stdout=out)
    assert not Dataset.objects.filter(package_json="").exists()
    assert "packages built" in out.getvalue()
    before = dict(Dataset.objects.values_list("pk", "package_revision"))
    call_command("refresh_opendata_packages", "--all", stdout=io.StringIO())
    after = dict(Dataset.objects.values_list("pk", "package_revision"))
    assert all(after[pk] == before[pk] + 1 for pk in before)
    assert not Dataset.objects.filter(package_json="").exists()
