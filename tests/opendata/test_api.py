"""The CKAN Action API through Django's test client: envelope, errors, search and paging.

The real `ckanapi` client against a real server is in tests/e2e/test_opendata.py.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from hromada.opendata import services
from hromada.opendata.models import Dataset
from tests.opendata.helpers import dataset, publisher, upload

pytestmark = pytest.mark.django_db

CKAN_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def call(client: Client, action: str, **params: Any) -> tuple[int, dict[str, Any]]:
    response = client.get(f"/api/3/action/{action}", params)
    return response.status_code, response.json()


def result(client: Client, action: str, **params: Any) -> Any:
    status, body = call(client, action, **params)
    assert status == 200, body
    assert body["success"] is True
    assert body["help"].endswith(f"help_show?name={action}")
    return body["result"]


def test_package_list_and_show_follow_ckan_conventions(client: Client) -> None:
    names = result(client, "package_list")
    assert len(names) >= 30 and names == sorted(names)
    assert "organizations-register" in names
    for name in names:
        assert re.fullmatch(r"[a-z0-9_-]{2,100}", name)
    package = result(client, "package_show", id="biudzhet-mista-na-2020-rik")
    assert UUID.match(package["id"])
    assert CKAN_TIME.match(package["metadata_modified"])
    assert CKAN_TIME.match(package["metadata_created"])
    assert package["type"] == "dataset" and package["state"] == "active"
    assert package["license_id"] == "CC-BY-4.0"
    assert package["update_frequency"] == "Щороку"
    assert package["language"] == "українська"
    assert package["purpose_of_collecting_information"]
    assert package["tag_string"] == ",".join(t["name"] for t in package["tags"])
    assert package["organization"]["is_organization"] is True
    assert package["num_resources"] == len(package["resources"]) == 2
    resource = package["resources"][0]
    assert resource["url"].startswith("http://testserver/opendata/resource/")
    assert resource["format"] == "CSV" and len(resource["hash"]) == 64
    assert CKAN_TIME.match(resource["last_modified"])
    assert result(client, "package_show", id=package["id"]) == package


def test_free_text_query_tolerates_punctuation(client: Client) -> None:
    found = result(client, "package_search", q="Бюджет: міста (2020)")
    assert "biudzhet-mista-na-2020-rik" in [p["name"] for p in found["results"]]
    assert call(client, "package_search", q="nosuchfield:x")[0] == 400


def test_search_results_are_identical_to_package_show(client: Client) -> None:
    found = result(client, "package_search", q="бюджет", rows=50)
    assert found["count"] >= 3
    for package in found["results"]:
        assert package == result(client, "package_show", id=package["name"])


def test_errors_use_ckan_envelope_and_status_codes(client: Client) -> None:
    status, body = call(client, "package_create")
    assert status == 400 and body["success"] is False
    assert "Action name not known" in body["error"]["message"]
    status, body = call(client, "package_show", id="no-such-dataset")
    assert status == 404 and body["error"]["__type"] == "Not Found Error"
    status, body = call(client, "package_show")
    assert status == 409 and body["error"]["__type"] == "Validation Error"
    status, body = call(client, "package_search", fq="metadata_modified:[2020-01-01 TO")
    assert status == 400 and body["error"]["__type"] == "Search Query Error"
    status, body = call(client, "package_search", fq="nosuchfield:x")
    assert status == 400 and body["error"]["__type"] == "Search Query Error"
    status, body = call(client, "package_search", sort="id sideways")
    assert status == 400 and body["error"]["__type"] == "Search Query Error"
    status, body = call(client, "package_search", rows="many")
    assert status == 409 and body["error"]["rows"]
    status, body = call(client, "resource_show", id="not-a-uuid")
    assert status == 404
    response = client.post(
        "/api/3/action/package_search", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["success"] is False


def test_rows_are_capped_at_1000(client: Client) -> None:
    publisher = Dataset.objects.first().publisher  # type: ignore[union-attr]
    Dataset.objects.bulk_create(
        [
            Dataset(
                name=f"bulk-{number:04d}",
                title=f"Набір {number}",
                notes="—",
                purpose="—",
                publisher=publisher,
                maintainer="—",
                maintainer_email="a@example.org",
            )
            for number in range(1000)
        ]
    )
    found = result(client, "package_search", rows=100000)
    assert found["count"] > 1000
    assert len(found["results"]) == 1000


def test_count_is_exact_on_every_page(client: Client) -> None:
    total = result(client, "package_search", rows=0)["count"]
    assert total == Dataset.objects.filter(archived=False, publisher__archived=False).count()
    for start, rows in [(0, 5), (total - 3, 5), (total, 5), (total + 10, 5), (0, total + 5)]:
        found = result(client, "package_search", start=start, rows=rows)
        assert found["count"] == total, (start, rows)
        assert len(found["results"]) == max(0, min(rows, total - start))
    narrow = result(client, "package_search", q="бюджет", rows=1000)
    assert narrow["count"] == len(narrow["results"]) >= 3


def test_post_json_like_ckanapi(client: Client) -> None:
    response = client.post(
        "/api/action/package_search",
        data=json.dumps({"q": "*:*", "rows": 2, "sort": "name asc"}),
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200 and body["success"]
    names = [p["name"] for p in body["result"]["results"]]
    assert names == sorted(names) and len(names) == 2


def _harvest(client: Client, **params: Any) -> list[str]:
    seen: list[str] = []
    start = 0
    while True:
        page = result(client, "package_search", sort="id asc", rows=7, start=start, **params)
        if not page["results"]:
            return seen
        seen.extend(p["id"] for p in page["results"])
        start += 7


def test_full_harvest_pages_every_dataset_exactly_once(client: Client) -> None:
    ids = _harvest(client)
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids)) == Dataset.objects.filter(archived=False).count()


def test_incremental_harvest_returns_changed_datasets_once(client: Client) -> None:
    mark = timezone.now()
    changed = [dataset(title=f"Новий набір {n}") for n in range(3)]
    old = Dataset.objects.get(name="biudzhet-mista-na-2020-rik")
    services.update_dataset(dataset=old, notes="Оновлений опис.")
    since = mark.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"
    ids = _harvest(client, fq=f"metadata_modified:[{since} TO *]")
    assert sorted(ids) == sorted(str(d.id) for d in [*changed, old])
    none = result(client, "package_search", fq="metadata_modified:[NOW+1DAY TO *]")
    assert none["count"] == 0


def test_sort_by_metadata_modified_desc(client: Client) -> None:
    found = result(client, "package_search", sort="metadata_modified desc", rows=100)
    stamps = [p["metadata_modified"] for p in found["results"]]
    assert stamps == sorted(stamps, reverse=True)


def test_filters_and_facets(client: Client) -> None:
    found = result(
        client,
        "package_search",
        fq='organization:finansove-upravlinnia-lysychanskoi-miskoi-rady +res_format:"XLSX"',
        **{"facet.field": '["organization","groups","tags","res_format","license_id"]'},
    )
    assert [p["name"] for p in found["results"]] == ["biudzhet-mista-na-2020-rik"]
    assert found["facets"]["res_format"] == {"CSV": 1, "XLSX": 1}
    assert found["search_facets"]["groups"]["items"][0]["display_name"] == "Бюджет і фінанси"
    tagged = result(client, "package_search", fq="tags:бюджет", rows=100)
    assert tagged["count"] >= 2
    assert all("бюджет" in p["tag_string"].split(",") for p in tagged["results"])
    excluded = result(client, "package_search", fq="-groups:budget", rows=1000)
    assert all(g["name"] != "budget" for p in excluded["results"] for g in p["groups"])


def test_format_filter_and_facet_follow_every_resource_write(client: Client) -> None:
    made = dataset(title="Набір, що змінює формат")
    mine = f"name:{made.name}"

    def formats() -> tuple[list[str], dict[str, int]]:
        found = result(client, "package_search", fq=mine, **{"facet.field": '["res_format"]'})
        matching = [
            code
            for code in ("CSV", "JSON", "csv")
            if result(client, "package_search", fq=f"{mine} +res_format:{code}")["count"]
        ]
        return matching, found["facets"]["res_format"]

    assert formats() == ([], {})
    resource = services.add_resource(dataset=made, name="Дані", file=upload(), filename="d.csv")
    assert formats() == (["CSV", "csv"], {"CSV": 1})  # the filter ignores case, as CKAN's
    services.upload_version(resource=resource, file=upload(b'{"a": 1}'), filename="d.json")
    assert formats() == (["JSON"], {"JSON": 1})
    services.archive_resource(resource=resource)
    assert formats() == ([], {})


def test_organizations_groups_tags_status_help(client: Client) -> None:
    organizations = result(client, "organization_list")
    assert "lysychanska-miska-rada" in organizations
    detailed = result(client, "organization_list", all_fields="true")
    assert all("package_count" in o for o in detailed)
    shown = result(
        client, "organization_show", id="lysychanska-miska-rada", include_datasets="true"
    )
    assert shown["edrpou"] and shown["package_count"] == len(shown["packages"])
    assert call(client, "organization_show", id="nope")[0] == 404
    assert "budget" in result(client, "group_list")
    assert "бюджет" in result(client, "tag_list")
    matching = result(client, "tag_list", query="бюдж")
    assert "громадський бюджет" in matching and all("бюдж" in t for t in matching)
    status = result(client, "status_show")
    assert status["ckan_version"].startswith("2.")
    assert "rows" in result(client, "help_show", name="package_search")
    assert call(client, "help_show", name="nope")[0] == 404


def test_resource_show_and_archived_datasets_disappear(client: Client) -> None:
    made = dataset(title="Тимчасовий набір")
    resource = services.add_resource(dataset=made, name="Дані", file=upload(), filename="d.csv")
    shown = result(client, "resource_show", id=str(resource.id))
    assert shown["package_id"] == str(made.id) and shown["version"] == 1
    assert shown["versions"][0]["url"].endswith("/v1/d.csv")
    services.update_dataset(dataset=made, archived=True)
    assert call(client, "package_show", id=made.name)[0] == 404
    assert call(client, "resource_show", id=str(resource.id))[0] == 404
    assert made.name not in result(client, "package_list")


UK_CC_BY = "Creative Commons Attribution 4.0 (із зазначенням авторства)"


def test_licence_title_is_ukrainian_whatever_language_is_asked_for(client: Client) -> None:
    """The API speaks the catalogue's language (data.gov.ua's harvester stores what it reads):
    neither Accept-Language nor the site's language switch changes the licence's title, in
    package_show, package_search and its facet alike, nor does the language active when a
    package is rebuilt."""
    made = dataset(title="Набір для перевірки мови ліцензії")
    client.cookies["hromada_language"] = "en"
    english = {"Accept-Language": "en"}
    with translation.override("en"):  # e.g. an English admin user's edit rebuilds it
        services.update_dataset(dataset=made, notes="Змінено англомовним користувачем.")
    assert made.licence == "CC-BY-4.0"
    shown = client.get("/api/3/action/package_show", {"id": made.name}, headers=english).json()
    assert shown["result"]["license_title"] == UK_CC_BY
    found = client.get(
        "/api/3/action/package_search",
        {"fq": f"name:{made.name}", "facet.field": '["license_id"]'},
        headers=english,
    ).json()["result"]
    assert found["results"] == [shown["result"]]
    assert found["search_facets"]["license_id"]["items"] == [
        {"name": "CC-BY-4.0", "display_name": UK_CC_BY, "count": 1}
    ]
    status = client.get("/api/3/action/status_show", headers=english).json()["result"]
    assert status["locale_default"] == "uk"


def test_a_publisher_rename_reaches_its_datasets_search(client: Client) -> None:
    owner = publisher(title="Управління старої назви")
    made = dataset(title="Набір перейменованого управління", publisher=owner)

    def found(words: str) -> list[str]:
        return [p["name"] for p in result(client, "package_search", q=words, rows=1000)["results"]]

    assert made.name in found("старої назви")
    owner.title = "Департамент нової назви"
    owner.save()  # as the admin's edit form does
    assert made.name in found("департамент нової")
    assert made.name not in found("старої")
    shown = result(client, "package_show", id=made.name)
    assert shown["organization"]["title"] == "Департамент нової назви"
    # Texts stored stale (before this was carried over) or left empty by bulk inserts.
    Dataset.objects.filter(pk=made.pk).update(search_text="")
    assert made.name not in found("департамент")
    call_command("refresh_opendata_packages", stdout=io.StringIO())
    assert made.name in found("департамент")
    Dataset.objects.filter(pk=made.pk).update(search_text="застарілий текст")
    out = io.StringIO()
    call_command("refresh_opendata_packages", "--all", stdout=out)
    assert made.name in found("департамент") and "1 search texts corrected" in out.getvalue()


def test_a_renamed_publisher_reaches_incremental_harvests(client: Client) -> None:
    parent = publisher(title="Управління освіти", name="osvita")
    child = publisher(title="Відділ шкіл", name="shkoly", parent=parent)
    own, childs = dataset(publisher=parent), dataset(publisher=child, title="Школи")
    dataset(publisher=publisher(title="Інше управління"), title="Інший набір")

    def changed_since(moment: dt.datetime) -> dict[str, dict[str, Any]]:
        since = moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat() + "Z"
        found = result(client, "package_search", fq=f"metadata_modified:[{since} TO *]", rows=100)
        return {p["id"]: p for p in found["results"]}

    mark = timezone.now()
    parent.refresh_from_db()
    parent.email = "osvita@example.org"  # not shown in package_show's organization
    parent.save()
    parent.save()  # a save that changes nothing
    assert changed_since(mark) == {}

    parent.title = "Департамент освіти"
    parent.save()
    found = changed_since(mark)
    assert set(found) == {str(own.id)}  # the child's packages show the parent by name only
    assert found[str(own.id)]["organization"]["title"] == "Департамент освіти"

    mark = timezone.now()
    parent.name = "departament-osvity"
    parent.save()
    found = changed_since(mark)
    assert set(found) == {str(own.id), str(childs.id)}
    assert found[str(childs.id)]["organization"]["parent"] == "departament-osvity"
    assert found[str(own.id)]["organization"]["name"] == "departament-osvity"
