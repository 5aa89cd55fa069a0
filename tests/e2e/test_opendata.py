"""Open data against a real server with the demo city: the real `ckanapi` client (its CLI
and RemoteCKAN) lists, searches, shows and harvests; the catalogue pages pass axe."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from ckanapi import RemoteCKAN
from ckanapi.errors import CKANAPIError, NotFound, SearchQueryError
from playwright.sync_api import BrowserContext

from tests.e2e.support import ParsedPage, axe_violations, describe, fetch, fetch_page, sitemap_paths

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def ckan(server_url: str) -> RemoteCKAN:
    return RemoteCKAN(server_url, user_agent="hromada-e2e")


@pytest.fixture(scope="module")
def catalogue(server_url: str) -> dict[str, str]:
    """The catalogue page, a dataset, an overdue dataset and a preview, found by following links."""
    for path in sitemap_paths(server_url):
        page = fetch_page(server_url, path)
        if page.kind == "page-opendata":
            break
    else:
        raise AssertionError("no open-data catalogue page in the sitemap")
    dataset = next(href for href in page.links_in("dataset-list") if "/dataset/" in href)
    detail: ParsedPage = fetch_page(server_url, dataset)
    preview = next(href for href in detail.links_in("resources") if "/preview/" in href)
    return {
        "index": path,
        "filtered": f"{path}?group=budget",
        "dataset": dataset,
        "overdue": f"{path}dataset/reiestr-mistobudivnykh-umov-ta-obmezhen/",
        "preview": preview,
    }


def _ckanapi_cli(server_url: str, *arguments: str) -> Any:
    completed = subprocess.run(
        [BIN / "ckanapi", "action", *arguments, "-r", server_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(completed.stdout)


def test_ckanapi_cli_lists_searches_and_shows(server_url: str) -> None:
    names = _ckanapi_cli(server_url, "package_list")
    assert len(names) >= 30 and "organizations-register" in names
    found = _ckanapi_cli(server_url, "package_search", "q=бюджет", "rows=5")
    assert found["count"] >= 3 and len(found["results"]) <= 5
    shown = _ckanapi_cli(server_url, "package_show", f"id={found['results'][0]['name']}")
    assert shown == found["results"][0]
    assert shown["update_frequency"] and shown["purpose_of_collecting_information"]


def _harvest(ckan: RemoteCKAN, **params: Any) -> list[dict[str, Any]]:
    """Page like the CKAN harvester: sort=id asc, rows=10, start += rows."""
    collected: list[dict[str, Any]] = []
    start = 0
    while True:
        page = ckan.action.package_search(sort="id asc", rows=10, start=start, **params)
        if not page["results"]:
            return collected
        collected.extend(page["results"])
        start += 10


def test_full_and_incremental_harvest_return_every_dataset_once(ckan: RemoteCKAN) -> None:
    everything = _harvest(ckan)
    ids = [p["id"] for p in everything]
    assert len(ids) == len(set(ids)) == len(ckan.action.package_list())
    stamps = sorted(p["metadata_modified"] for p in everything)
    since = stamps[len(stamps) // 2]
    expected = sorted(p["id"] for p in everything if p["metadata_modified"] >= since)
    changed = _harvest(ckan, fq=f"metadata_modified:[{since}Z TO *]")
    assert sorted(p["id"] for p in changed) == expected
    assert len({p["id"] for p in changed}) == len(changed)
    for package in everything[:5]:
        assert ckan.action.package_show(id=package["id"]) == package


def test_ckanapi_sees_ckan_errors(ckan: RemoteCKAN) -> None:
    with pytest.raises(NotFound):
        ckan.action.package_show(id="no-such-dataset")
    with pytest.raises(SearchQueryError):
        ckan.action.package_search(fq="metadata_modified:[2020 TO")
    with pytest.raises(CKANAPIError):
        ckan.action.package_delete(id="anything")
    capped = ckan.action.package_search(rows=100000)
    assert len(capped["results"]) == min(capped["count"], 1000)
    assert ckan.action.organization_show(id="lysychanska-miska-rada")["package_count"] > 0


def test_ckanapi_reads_rows_with_datastore_search(ckan: RemoteCKAN, server_url: str) -> None:
    """An application reads a table's rows through the real client, without the file."""
    package = ckan.action.package_show(id="biudzhet-mista-na-2020-rik")
    table = next(r for r in package["resources"] if r["format"] == "CSV")
    info = ckan.action.datastore_info(id=table["id"])
    names = [field["id"] for field in info["fields"]]
    assert info["meta"]["count"] > 2 and names
    first = ckan.action.datastore_search(resource_id=table["id"], limit=2)
    assert len(first["records"]) == 2 and first["total"] == info["meta"]["count"]
    assert [f["id"] for f in first["fields"]] == ["_id", *names]
    value = first["records"][0][names[0]]
    matched = ckan.action.datastore_search(
        resource_id=table["id"], filters={names[0]: value}, sort=f"{names[0]} desc"
    )
    assert matched["records"] and all(r[names[0]] == value for r in matched["records"])
    listed = _ckanapi_cli(
        server_url, "datastore_search", f"resource_id={table['id']}", "records_format=lists"
    )
    assert len(listed["records"]) == info["meta"]["count"]
    with pytest.raises(NotFound):
        ckan.action.datastore_search(resource_id="00000000-0000-0000-0000-000000000000")


def test_dcat_catalogue_is_served_with_rdf_content_types(server_url: str) -> None:
    for extension, content_type in (
        ("ttl", "text/turtle"),
        ("rdf", "application/rdf+xml"),
        ("jsonld", "application/ld+json"),
    ):
        with urllib.request.urlopen(f"{server_url}/catalog.{extension}", timeout=30) as response:
            assert response.headers["Content-Type"].startswith(content_type)
    status, _body = fetch(f"{server_url}/dataset/organizations-register.ttl")
    assert status == 200


@pytest.fixture
def axe_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context(bypass_csp=True)


@pytest.mark.parametrize("page_type", ["index", "filtered", "dataset", "overdue", "preview"])
def test_catalogue_pages_have_no_wcag_violations(
    axe_context: BrowserContext, catalogue: dict[str, str], page_type: str
) -> None:
    page = axe_context.new_page()
    response = page.goto(catalogue[page_type])
    assert response is not None and response.status == 200, catalogue[page_type]
    violations = axe_violations(page)
    assert not violations, f"{catalogue[page_type]}:\n{describe(violations)}"


DUMP = """
import hashlib, json
from hromada.opendata.models import Dataset, Resource
copies, histories = {}, {}
for resource in Resource.objects.all():
    histories[str(resource.id)] = list(
        resource.versions.order_by("number").values_list("sha256", flat=True)
    )
    version = resource.versions.order_by("-number").first()
    if resource.external_url or version is None:
        copies[str(resource.id)] = resource.external_url
    else:
        with version.file.open("rb") as handle:
            copies[str(resource.id)] = hashlib.sha256(handle.read()).hexdigest()
datasets = sorted([str(i), n] for i, n in Dataset.objects.values_list("id", "name"))
print(json.dumps({"datasets": datasets, "resources": copies, "histories": histories}))
"""


def test_a_second_instance_harvests_the_first(
    server_url: str, ckan: RemoteCKAN, tmp_path: Path
) -> None:
    """A fresh Hromada (its own SQLite and files) runs `hromada harvest_ckan` against the demo
    server: it ends up with the same datasets (ids and names) and resources, the files the
    first serves copied byte for byte (SHA-256) with their earlier versions, oldest first, and
    links kept as links; a rerun adds nothing."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT"}}
    env.update(
        HROMADA_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="hromada.config.settings",
        SECRET_KEY="second-instance",
        TASK_BACKEND="immediate",
    )

    def hromada(*arguments: str) -> str:
        completed = subprocess.run(
            [BIN / "hromada", *arguments], env=env, capture_output=True, text=True, timeout=600
        )
        assert completed.returncode == 0, completed.stderr[-2000:]
        return completed.stdout

    hromada("migrate", "-v0")
    first = hromada("harvest_ckan", server_url, "--rows", "7")
    names = ckan.action.package_list()
    assert f"created {len(names)}, updated 0, skipped 0, errors 0" in first
    again = hromada("harvest_ckan", server_url, "--rows", "7")
    assert f"created 0, updated 0, skipped {len(names)}, errors 0" in again
    copied = json.loads(hromada("shell", "-c", DUMP).strip().splitlines()[-1])
    everything = _harvest(ckan)
    assert copied["datasets"] == sorted([p["id"], p["name"]] for p in everything)
    expected, histories = {}, {}
    for package in everything:
        for resource in package["resources"]:
            if resource["versions"]:  # uploads (live files and links have none)
                histories[resource["id"]] = [v["hash"] for v in reversed(resource["versions"])]
            if urlsplit(resource["url"]).netloc == urlsplit(server_url).netloc:
                with urllib.request.urlopen(resource["url"], timeout=30) as response:
                    expected[resource["id"]] = hashlib.sha256(response.read()).hexdigest()
                assert resource["hash"] in ("", expected[resource["id"]])  # "" for live files
            else:
                expected[resource["id"]] = resource["url"]
    assert copied["resources"] == expected
    assert {k: copied["histories"][k] for k in histories} == histories
    assert any(len(history) > 1 for history in histories.values())  # the demo's have several
    kinds = {"file" if len(v) == 64 and "/" not in v else "link" for v in expected.values()}
    assert kinds == {"file", "link"}  # the demo has both
