"""`q` and `fq`: the part of Solr's query language CKAN clients send, checked on the demo
catalogue against sets computed from the database."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from hromada.opendata.models import Dataset

pytestmark = pytest.mark.django_db


def names(client: Client, **params: Any) -> set[str]:
    response = client.get("/api/3/action/package_search", {"rows": 1000, **params})
    assert response.status_code == 200, response.json()
    body = response.json()["result"]
    assert body["count"] == len(body["results"])
    return {package["name"] for package in body["results"]}


def error(client: Client, **params: Any) -> tuple[int, dict[str, Any]]:
    response = client.get("/api/3/action/package_search", params)
    return response.status_code, response.json()["error"]


def public() -> Any:
    return Dataset.objects.filter(archived=False, publisher__archived=False)


def of(**filters: Any) -> set[str]:
    return set(public().filter(**filters).values_list("name", flat=True))


@pytest.fixture
def two_publishers() -> tuple[str, str]:
    counted = sorted({d.publisher.name for d in public().select_related("publisher")})
    return counted[0], counted[1]


@pytest.fixture
def two_groups() -> tuple[str, str]:
    groups = sorted(
        set(public().filter(groups__isnull=False).values_list("groups__name", flat=True))
    )
    return groups[0], groups[1]


def test_or_between_terms_and_in_a_field_group_is_the_union(client: Client, two_publishers) -> None:  # type: ignore[no-untyped-def]
    a, b = two_publishers
    union = of(publisher__name__in=[a, b])
    assert union and of(publisher__name=a) < union
    assert names(client, fq=f"organization:{a} OR organization:{b}") == union
    assert names(client, fq=f"organization:{a} || organization:{b}") == union
    assert names(client, fq=f"(organization:{a} OR organization:{b})") == union
    assert names(client, fq=f"organization:({a} OR {b})") == union
    assert names(client, fq=f'organization:("{a}" OR "{b}")') == union
    assert names(client, fq=f"+organization:({a} OR {b})") == union


def test_harvester_joined_filters_mean_all_of_them(
    client: Client, two_publishers, two_groups
) -> None:  # type: ignore[no-untyped-def]
    a, b = two_publishers
    g, h = two_groups
    modified = sorted(public().values_list("metadata_modified", flat=True))
    since = modified[len(modified) // 2].astimezone(dt.UTC).replace(tzinfo=None)
    fq = (
        f"organization:{a} OR organization:{b} groups:{g} OR groups:{h} "
        f"metadata_modified:[{since.isoformat()}Z TO *]"
    )
    expected = set(
        public()
        .filter(
            publisher__name__in=[a, b],
            groups__name__in=[g, h],
            metadata_modified__gte=since.replace(tzinfo=dt.UTC),
        )
        .values_list("name", flat=True)
    )
    assert names(client, fq=fq) == expected
    everyone = set(public().values_list("name", flat=True))
    excluded = f"-organization:{a} -organization:{b}"
    assert names(client, fq=excluded) == everyone - of(publisher__name__in=[a, b])
    assert names(client, fq=f"-groups:{g} -groups:{h}") == everyone - of(groups__name__in=[g, h])


def test_and_not_and_precedence(client: Client, two_publishers, two_groups) -> None:  # type: ignore[no-untyped-def]
    a, b = two_publishers
    g, _h = two_groups
    in_g = of(groups__name=g)
    assert names(client, fq=f"organization:{a} AND groups:{g}") == of(publisher__name=a) & in_g
    assert names(client, fq=f"groups:{g} NOT organization:{a}") == in_g - of(publisher__name=a)
    assert names(client, fq=f"groups:{g} AND NOT organization:{a}") == in_g - of(publisher__name=a)
    assert names(client, fq=f"groups:{g} && !organization:{a}") == in_g - of(publisher__name=a)
    assert names(client, fq=f"NOT organization:{a}") == of() - of(publisher__name=a)
    nested = f"(organization:{a} OR organization:{b}) AND NOT (groups:{g})"
    assert names(client, fq=nested) == of(publisher__name__in=[a, b]) - in_g
    assert names(client, fq="*:*") == of()
    assert names(client, fq="-organization:*") == set()


def test_ranges_on_dates_and_numbers(client: Client) -> None:
    counts = {d.name: d.resources.filter(archived=False).count() for d in public()}
    assert names(client, fq="num_resources:[2 TO *]") == {n for n, c in counts.items() if c >= 2}
    assert names(client, fq="num_resources:{1 TO 3]") == {
        n for n, c in counts.items() if 1 < c <= 3
    }
    assert names(client, fq="num_resources:1") == {n for n, c in counts.items() if c == 1}
    assert names(client, fq="metadata_created:[2001-01-01T00:00:00Z TO NOW]") == of()
    assert names(client, fq="metadata_modified:{* TO 2001-01-01T00:00:00Z}") == set()
    assert names(client, fq="num_tags:[1 TO *]") == of(tags__isnull=False)


def test_wildcards_in_values(client: Client, two_publishers) -> None:  # type: ignore[no-untyped-def]
    a, _b = two_publishers
    assert names(client, fq=f"organization:{a[:3]}*") == of(publisher__name__startswith=a[:3])
    assert names(client, fq="name:biudzhet*") == of(name__startswith="biudzhet")
    assert names(client, fq="name:biudzhet-mista-na-20?0-rik") >= {"biudzhet-mista-na-2020-rik"}
    assert names(client, fq="res_format:XLS*") == {
        d.name for d in public() if any(f.startswith("XLS") for f in json.loads(d.formats))
    }
    assert "biudzhet-mista-na-2020-rik" in names(client, q="title:бюдж*")


def test_free_text_with_operators_and_phrases(client: Client) -> None:
    budget = names(client, q="бюджет")
    assert "biudzhet-mista-na-2020-rik" in budget
    assert names(client, q='"бюджет міста"') <= budget
    assert names(client, q="бюджет -2020") <= budget - {"biudzhet-mista-na-2020-rik"}
    assert names(client, q="бюджет OR закупівель") >= budget
    assert names(client, q="(бюджет") == budget  # stray punctuation is text, as in dismax


@pytest.mark.parametrize(
    ("fq", "construct"),
    [
        ("title:бюджет~2", "Fuzzy"),
        ('title:"бюджет міста"~3', "proximity"),
        ("organization:a^2", "boost"),
        ("{!func}sum(1,2)", "Local parameters"),
        ("name:/biu.*/", "regular expression"),
        ("name:[a TO m]", "Ranges are supported on dates and numbers only"),
        ("id:abc*", "Wildcards are not supported on id"),
        ("_query_:x", "function query"),
        ("[2001 TO 2002]", "range without a field"),
    ],
)
def test_unsupported_constructs_are_named_in_a_409(client: Client, fq: str, construct: str) -> None:
    status, body = error(client, fq=fq)
    assert status == 409, body
    assert body["__type"] == "Search Error" and construct in body["message"]


@pytest.mark.parametrize(
    "fq",
    [
        "organization:a OR",
        "(organization:a",
        "organization:a)",
        "OR organization:a",
        "organization:",
        'title:"unclosed',
        "nosuchfield:x",
        "num_resources:[one TO 2]",
        "organization:a AND",
        "organization:(a OR name:b)",
    ],
)
def test_malformed_filters_are_search_query_errors(client: Client, fq: str) -> None:
    status, body = error(client, fq=fq)
    assert status == 400, body
    assert body["__type"] == "Search Query Error"
