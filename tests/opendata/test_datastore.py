"""`datastore_search` and `datastore_info`, against the examples of CKAN's DataStore API
documentation for each parameter (resource_id, filters with a value and a list, q, fields,
sort, limit/offset, distinct, include_total, records_format objects/lists/csv), on a CSV
loaded by the background job its upload enqueues."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client

from hromada.opendata import datastore, services
from hromada.opendata.models import DatastoreTable, Resource
from tests.opendata.helpers import dataset

pytestmark = pytest.mark.django_db

CSV = (
    "id,district,amount,date\n"
    "1,Центр,10,2020-01-05\n"
    "2,Північ,25,2020-02-01\n"
    "3,Центр,7,2020-03-15\n"
    "4,Південь,25,2020-04-01\n"
).encode()
SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer"},
        {"name": "district", "type": "string"},
        {"name": "amount", "type": "number"},
        {"name": "date", "type": "date"},
    ]
}


@pytest.fixture
def resource(django_capture_on_commit_callbacks: Any) -> Resource:
    with django_capture_on_commit_callbacks(execute=True):
        made = services.add_resource(
            dataset=dataset(table_schema=SCHEMA),
            name="Виплати",
            file=io.BytesIO(CSV),
            filename="payments.csv",
        )
    return made


def search(client: Client, resource: Resource, **params: Any) -> dict[str, Any]:
    response = client.get(
        "/api/3/action/datastore_search", {"resource_id": str(resource.id), **params}
    )
    assert response.status_code == 200, response.json()
    return response.json()["result"]


def test_published_csv_is_loaded_in_the_background_with_schema_types(
    client: Client, resource: Resource
) -> None:
    table = DatastoreTable.objects.get(version__resource=resource)
    assert table.row_count == 4
    result = search(client, resource)
    assert result["fields"] == [
        {"id": "_id", "type": "int"},
        {"id": "id", "type": "int"},
        {"id": "district", "type": "text"},
        {"id": "amount", "type": "numeric"},
        {"id": "date", "type": "date"},
    ]
    assert result["records"][0] == {
        "_id": 1,
        "id": 1,
        "district": "Центр",
        "amount": 10,
        "date": "2020-01-05",
    }
    assert result["total"] == 4 and result["limit"] == 100 and result["records_format"] == "objects"
    assert result["_links"]["start"].endswith(f"resource_id={resource.id}")
    info = client.get("/api/3/action/datastore_info", {"id": str(resource.id)}).json()["result"]
    assert info["meta"]["count"] == 4
    assert [f["id"] for f in info["fields"]] == ["id", "district", "amount", "date"]


def test_each_parameter_as_ckan_documents_it(client: Client, resource: Resource) -> None:
    one = search(client, resource, filters=json.dumps({"district": "Центр"}))
    assert [r["id"] for r in one["records"]] == [1, 3] and one["filters"] == {"district": "Центр"}
    several = search(client, resource, filters=json.dumps({"district": ["Північ", "Південь"]}))
    assert [r["id"] for r in several["records"]] == [2, 4]
    typed = search(client, resource, filters=json.dumps({"amount": "25"}))
    assert typed["total"] == 2
    assert [r["id"] for r in search(client, resource, q="північ")["records"]] == [2]
    narrow = search(client, resource, fields="district,amount", limit=1)
    assert narrow["records"] == [{"district": "Центр", "amount": 10}]
    assert [f["id"] for f in narrow["fields"]] == ["district", "amount"]
    ordered = search(client, resource, sort="amount desc, id")
    assert [r["id"] for r in ordered["records"]] == [2, 4, 1, 3]
    assert ordered["sort"] == "amount desc, id asc"
    paged = search(client, resource, sort="id", limit=2, offset=2)
    assert [r["id"] for r in paged["records"]] == [3, 4] and paged["offset"] == 2
    distinct = search(client, resource, fields="district", distinct="true", sort="district")
    assert distinct["records"] == [{"district": d} for d in ["Південь", "Північ", "Центр"]]
    untotalled = search(client, resource, include_total="false")
    assert "total" not in untotalled and untotalled["include_total"] is False
    lists = search(client, resource, fields="id,district", records_format="lists", limit=2)
    assert lists["records"] == [[1, "Центр"], [2, "Північ"]]
    as_csv = search(client, resource, fields="id,amount", records_format="csv", limit=2)
    assert as_csv["records"] == "1,10\r\n2,25\r\n"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"filters": json.dumps({"nope": 1})}, "filters"),
        ({"fields": "id,nope"}, "fields"),
        ({"sort": "nope desc"}, "sort"),
        ({"limit": "many"}, "limit"),
        ({"records_format": "xml"}, "records_format"),
        ({"filters": "{broken"}, "filters"),
    ],
)
def test_bad_parameters_are_validation_errors_naming_the_field(
    client: Client, resource: Resource, params: dict[str, str], field: str
) -> None:
    response = client.get(
        "/api/3/action/datastore_search", {"resource_id": str(resource.id), **params}
    )
    assert response.status_code == 409
    assert field in response.json()["error"]


def test_non_tables_and_unknown_resources_are_not_found(client: Client, resource: Resource) -> None:
    link = services.add_resource(
        dataset=resource.dataset, name="Посилання", external_url="https://example.org/x"
    )
    for key in (str(link.id), "00000000-0000-0000-0000-000000000000", "nope"):
        response = client.get("/api/3/action/datastore_search", {"resource_id": key})
        assert response.status_code == 404
    assert client.get("/api/3/action/datastore_search").status_code == 409


def test_each_version_keeps_its_own_table(client: Client, resource: Resource) -> None:
    first = resource.versions.get()
    newer = services.upload_version(
        resource=resource,
        file=io.BytesIO(CSV + "5,Схід,1,2020-05-01\n".encode()),
        filename="payments.csv",
    )
    datastore.load(newer)
    assert search(client, resource)["total"] == 5
    assert DatastoreTable.objects.get(version=first).row_count == 4


def test_live_register_rows(client: Client) -> None:
    live = Resource.objects.filter(
        live_format="csv", dataset__name="organizations-register"
    ).first()
    assert live is not None
    result = search(client, live, limit=3)
    assert 0 < len(result["records"]) <= 3 and result["total"] >= len(result["records"])
    assert result["fields"][0] == {"id": "_id", "type": "int"}


def test_the_preview_page_filters_rows_through_the_data_table(
    client: Client, resource: Resource
) -> None:
    from hromada.opendata.selectors import catalogue_page

    page = catalogue_page()
    assert page is not None
    url = f"{page.url}dataset/{resource.dataset.name}/preview/{resource.id}/"
    whole = client.get(url).content.decode()
    assert 'for="filter-q"' in whole and 'role="status"' not in whole
    filtered = client.get(url, {"column": "district", "value": "Центр"}).content.decode()
    assert 'role="status"' in filtered
    assert filtered.count("<tr>") == 3  # the header and two rows
    assert "Північ" not in filtered.split("<tbody>")[1]
    words = client.get(url, {"q": "південь"}).content.decode()
    assert words.split("<tbody>")[1].count("<tr>") == 1
    assert f"datastore_search?resource_id={resource.id}" in whole
