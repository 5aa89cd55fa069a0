"""Bad input to the public API and catalogue pages: CKAN's error envelope, never a server
error (issue 23, finding 5). Run on SQLite and on PostgreSQL (DATABASE_URL), whose text
cannot hold a NUL character and whose integers end at 2**63."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from wagtail.models import Page

pytestmark = pytest.mark.django_db

BIG = "99999999999999999999"


def envelope(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["success"] is False and body["help"].startswith("http://testserver/api/3/")
    return body["error"]


@pytest.mark.parametrize(
    ("action", "params", "field", "message"),
    [
        ("package_list", {"limit": "abc"}, "limit", "Invalid integer"),
        ("package_list", {"offset": "-1"}, "offset", "Must be a natural number"),
        ("package_list", {"offset": BIG}, "offset", "Must be at most 2147483647"),
        ("package_list", {"limit": BIG}, "limit", "Must be at most 2147483647"),
        ("package_search", {"start": "9223372036854775808"}, "start", "Must be at most"),
        ("package_search", {"rows": "1.5"}, "rows", "Invalid integer"),
        ("package_search", {"facet.field": '["tags"]', "facet.limit": BIG}, "facet.limit", ""),
        ("package_search", {"q": "бюджет\x00"}, "q", "Must not contain NUL characters"),
        ("package_search", {"fq": "tags:a\x00b"}, "fq", "Must not contain NUL"),
        ("package_show", {"id": "a\x00b"}, "id", "Must not contain NUL"),
        ("organization_show", {"id": "\x00"}, "id", "Must not contain NUL"),
        ("tag_list", {"query": "a\x00"}, "query", "Must not contain NUL"),
    ],
)
def test_bad_parameters_are_validation_errors(
    client: Client, action: str, params: dict[str, str], field: str, message: str
) -> None:
    response = client.get(f"/api/3/action/{action}", params)
    assert response.status_code == 409
    error = envelope(response)
    assert error["__type"] == "Validation Error"
    assert message in error[field][0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"limit": Infinity}', "limit"),
        ('{"limit": -Infinity}', "limit"),
        ('{"offset": NaN}', "offset"),
        ('{"limit": 1e400}', "limit"),
        ('{"limit": 1.5}', "limit"),
        ('{"limit": [1]}', "limit"),
    ],
)
def test_json_numbers_that_are_not_whole_are_validation_errors(
    client: Client, body: str, field: str
) -> None:
    # CKAN reads these bodies with Python's json (which knows Infinity and NaN) and refuses
    # them in its int_validator, as here.
    response = client.post("/api/3/action/package_list", body, content_type="application/json")
    assert response.status_code == 409
    assert envelope(response)[field] == ["Invalid integer"]


def test_whole_json_numbers_are_accepted(client: Client) -> None:
    response = client.post(
        "/api/3/action/package_list", '{"limit": 2.0, "offset": 1}', content_type="application/json"
    )
    assert response.status_code == 200 and len(response.json()["result"]) == 2


@pytest.mark.parametrize(
    "fq",
    [
        "metadata_modified:[0001-01-01T00:00:00+05:00 TO *]",  # year 0 in UTC
        "metadata_modified:[9999-12-31T23:59:59-05:00 TO *]",  # year 10000 in UTC
        "metadata_modified:[NOW-99999999999DAYS TO *]",
        "metadata_created:NOW+999999999DAYS",
    ],
)
def test_dates_out_of_the_calendar_are_search_query_errors(client: Client, fq: str) -> None:
    response = client.get("/api/3/action/package_search", {"fq": fq})
    assert response.status_code == 400
    error = envelope(response)
    assert error["__type"] == "Search Query Error" and "Invalid date" in error["message"]


def test_far_past_dates_that_exist_still_filter(client: Client) -> None:
    response = client.get(
        "/api/3/action/package_search", {"fq": "metadata_modified:[0001-01-01T00:00:00Z TO *]"}
    )
    assert response.status_code == 200 and response.json()["result"]["count"] >= 30


def test_dcat_and_files_refuse_what_they_cannot_look_up(client: Client) -> None:
    response = client.get("/catalog.ttl", {"modified_since": "0001-01-01T00:00:00+05:00"})
    assert response.status_code == 400
    response = client.get(f"/opendata/resource/00000000-0000-0000-0000-000000000000/v{BIG}/x.csv")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("page_type", "params"),
    [
        ("actregisterpage", {"q": "рішення\x00", "number": "1\x00"}),
        ("publicdocumentregisterpage", {"q": "\x00"}),
        ("opendatapage", {"q": "бюджет\x00", "tag": "\x00", "publisher": "a\x00"}),
        ("organizationregisterpage", {"q": "спілка\x00"}),
    ],
)
def test_registers_and_catalogue_ignore_nul_characters(
    client: Client, page_type: str, params: dict[str, str]
) -> None:
    page = Page.objects.live().filter(content_type__model=page_type).first()
    assert page is not None
    paths = [page.url]
    if page_type != "opendatapage":
        paths.append(page.url + "export/csv/")
    for path in paths:
        response = client.get(path, params)
        assert response.status_code == 200, path
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined,arg-type]
