"""The read actions harvesters and portals call besides search, in CKAN's shapes:
group_show (ckanext-harvest's `remote_groups: create`), tag_show, organization_show with its
`include_*` flags, the autocompletes, license_list and current_package_list_with_resources."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hromada.opendata.models import Dataset, TopicGroup

pytestmark = pytest.mark.django_db


def result(client: Client, action: str, **params: Any) -> Any:
    response = client.get(f"/api/3/action/{action}", params)
    body = response.json()
    assert response.status_code == 200, body
    assert body["success"] is True
    return body["result"]


def status(client: Client, action: str, **params: Any) -> tuple[int, str]:
    response = client.get(f"/api/3/action/{action}", params)
    return response.status_code, response.json()["error"]["__type"]


def test_group_show_by_id_and_name_as_the_harvester_creates_it(client: Client) -> None:
    package = result(client, "package_show", id="biudzhet-mista-na-2020-rik")
    remote = package["groups"][0]
    group = result(client, "group_show", id=remote["id"])
    assert group == result(client, "group_show", id=remote["name"])
    assert group["id"] == remote["id"] and group["name"] == remote["name"]
    assert group["is_organization"] is False and group["type"] == "group"
    assert group["tags"] == [] and group["groups"] == [] and group["extras"] == []
    assert group["num_followers"] == 0 and "packages" not in group
    members = Dataset.objects.filter(
        groups__name=remote["name"], archived=False, publisher__archived=False
    )
    assert group["package_count"] == members.count()
    # What ckanext-harvest keeps of it for group_create:
    for key in ["packages", "created", "users", "groups", "tags", "extras", "display_name"]:
        group.pop(key, None)
    assert {"id", "name", "title", "description", "image_url"} <= set(group)


def test_include_flags_of_group_and_organization_show(client: Client) -> None:
    name = TopicGroup.objects.order_by("name").values_list("name", flat=True).first()
    full = result(client, "group_show", id=name, include_datasets="true")
    assert len(full["packages"]) == full["package_count"] > 0
    first = full["packages"][0]
    assert first == result(client, "package_show", id=first["name"])
    bare = result(
        client,
        "group_show",
        id=name,
        include_dataset_count="false",
        include_tags="false",
        include_groups="false",
        include_extras="false",
        include_followers="false",
    )
    assert set(bare) & {"package_count", "tags", "groups", "extras", "num_followers"} == set()
    organization = first["organization"]["name"]
    shown = result(client, "organization_show", id=organization, include_datasets=True)
    assert shown["is_organization"] is True
    assert len(shown["packages"]) == shown["package_count"]
    assert first["name"] in {p["name"] for p in shown["packages"]}
    assert status(client, "group_show", id="no-such-group") == (404, "Not Found Error")
    assert status(client, "group_show") == (409, "Validation Error")


def test_tag_show_and_tag_autocomplete(client: Client) -> None:
    package = result(client, "package_show", id="biudzhet-mista-na-2020-rik")
    tag = package["tags"][0]["name"]
    shown = result(client, "tag_show", id=tag, include_datasets="true")
    assert shown["name"] == tag and shown["vocabulary_id"] is None
    assert package["name"] in {p["name"] for p in shown["packages"]}
    assert "packages" not in result(client, "tag_show", id=tag)
    assert tag in result(client, "tag_autocomplete", query=tag[:3], limit=100)
    assert status(client, "tag_show", id="немає-такого-слова") == (404, "Not Found Error")


def test_package_autocomplete_matches_name_or_title_start(client: Client) -> None:
    by_name = result(client, "package_autocomplete", q="biudzhet-mista")
    assert by_name and all(item["name"].startswith("biudzhet-mista") for item in by_name)
    assert by_name[0]["match_field"] == "name"
    assert by_name[0]["match_displayed"] == by_name[0]["name"]
    by_title = result(client, "package_autocomplete", q="Бюджет", limit=2)
    assert 0 < len(by_title) <= 2
    item = by_title[0]
    assert item["match_field"] == "title" and item["title"].lower().startswith("бюджет")
    assert item["match_displayed"] == f"{item['title']} ({item['name']})"
    assert status(client, "package_autocomplete") == (409, "Validation Error")


def test_other_autocompletes_licences_and_current_packages(client: Client) -> None:
    group = TopicGroup.objects.order_by("name").first()
    assert group is not None
    found = result(client, "group_autocomplete", q=group.name[:3])
    assert {"id": str(group.id), "name": group.name, "title": group.title} in found
    assert result(client, "organization_autocomplete", q="а")
    assert "csv" in result(client, "format_autocomplete", q="cs")
    licences = result(client, "license_list")
    assert {"CC-BY-4.0", "CC0-1.0"} <= {item["id"] for item in licences}
    recent = result(client, "current_package_list_with_resources", limit=3)
    assert len(recent) == 3
    modified = [p["metadata_modified"] for p in recent]
    assert modified == sorted(modified, reverse=True) and "resources" in recent[0]


def test_the_prozorro_link_has_a_format_and_media_type(client: Client) -> None:
    found = result(client, "package_search", q="закупівель", rows=50)["results"]
    links = [
        resource
        for package in found
        for resource in package["resources"]
        if "prozorro.gov.ua" in resource["url"]
    ]
    assert links and all(r["format"] == "HTML" and r["mimetype"] == "text/html" for r in links)
