"""`harvest_ckan` against a CKAN source served on 127.0.0.1 from fixtures: the fixtures are
this catalogue's own API answers, re-identified, as another Hromada or CKAN would give them."""

from __future__ import annotations

import copy
import io
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from hromada.opendata import harvest
from hromada.opendata.models import Dataset, Resource

pytestmark = pytest.mark.django_db

Responder = Callable[[dict[str, str]], tuple[int, bytes]]


@pytest.fixture
def source() -> Iterator[Callable[[Responder], str]]:
    servers: list[ThreadingHTTPServer] = []

    def serve(respond: Responder) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
                status, body = respond(query)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def foreign_packages(client: Client, names: list[str]) -> list[dict[str, Any]]:
    """Our own package_show answers, given new ids and names as another portal would have."""
    packages = []
    for number, name in enumerate(names):
        package = copy.deepcopy(
            client.get("/api/3/action/package_show", {"id": name}).json()["result"]
        )
        package["id"] = str(uuid.uuid4())
        package["name"] = f"inshyi-portal-{number}"
        package["organization"] = {
            "id": str(uuid.uuid4()),
            "name": "inshe-upravlinnia",
            "title": "Інше управління",
            "edrpou": "34142527",
        }
        for resource in package["resources"]:
            resource["id"] = str(uuid.uuid4())
        packages.append(package)
    return sorted(packages, key=lambda p: p["id"])


def paged(packages: list[dict[str, Any]]) -> Responder:
    def respond(query: dict[str, str]) -> tuple[int, bytes]:
        start, rows = int(query.get("start", 0)), int(query.get("rows", 10))
        assert query.get("sort") == "id asc"
        result = {"count": len(packages), "results": packages[start : start + rows]}
        return 200, json.dumps({"success": True, "result": result}).encode()

    return respond


NAMES = ["biudzhet-mista-na-2020-rik", "perelik-zakladiv-kultury", "organizations-register"]


def test_harvest_imports_datasets_and_resources_once(client: Client, source) -> None:  # type: ignore[no-untyped-def]
    packages = foreign_packages(client, NAMES)
    url = source(paged(packages))
    report = harvest.harvest(source=url, fetch=harvest.http_fetch(url), rows=2)
    assert (report.created, report.updated, report.skipped, report.stopped) == (3, 0, 0, "")
    for package in packages:
        dataset = Dataset.objects.get(pk=package["id"])
        assert dataset.name == package["name"]
        assert dataset.title == package["title"]
        assert dataset.purpose == package["purpose_of_collecting_information"]
        assert dataset.update_frequency == package["update_frequency"]
        assert dataset.publisher.title == "Інше управління"
        assert dataset.harvest_source == url
        assert sorted(dataset.keyword_list) == sorted(t["name"] for t in package["tags"])
        urls = sorted(
            Resource.objects.filter(dataset=dataset).values_list("external_url", flat=True)
        )
        assert urls == sorted(r["url"] for r in package["resources"])
    # The harvested catalogue answers like the source did (ids, names, resources' URLs).
    shown = client.get("/api/3/action/package_show", {"id": packages[0]["id"]}).json()["result"]
    assert shown["name"] == packages[0]["name"]
    assert [r["url"] for r in shown["resources"]] == [r["url"] for r in packages[0]["resources"]]
    before = Dataset.objects.count(), Resource.objects.count()
    again = harvest.harvest(source=url, fetch=harvest.http_fetch(url), rows=2)
    assert (again.created, again.updated, again.skipped) == (0, 0, 3)
    assert (Dataset.objects.count(), Resource.objects.count()) == before
    packages[1]["title"] = "Нова назва набору"
    changed = harvest.harvest(source=url, fetch=harvest.http_fetch(url), rows=2)
    assert (changed.created, changed.updated, changed.skipped) == (0, 1, 2)
    assert Dataset.objects.get(pk=packages[1]["id"]).title == "Нова назва набору"


def test_a_source_that_repeats_pages_is_stopped_without_duplicates(client: Client, source) -> None:  # type: ignore[no-untyped-def]
    packages = foreign_packages(client, NAMES)

    def ignores_start(query: dict[str, str]) -> tuple[int, bytes]:
        result = {"count": 3, "results": packages[:2]}
        return 200, json.dumps({"success": True, "result": result}).encode()

    url = source(ignores_start)
    report = harvest.harvest(source=url, fetch=harvest.http_fetch(url), rows=2)
    assert report.created == 2 and "repeated" in report.stopped
    assert Dataset.objects.filter(harvest_source=url).count() == 2
    with pytest.raises(CommandError, match="repeated"):
        call_command("harvest_ckan", url, "--rows", "2", stdout=io.StringIO())
    assert Dataset.objects.filter(harvest_source=url).count() == 2


def test_timeouts_and_garbage_stop_with_a_report(source) -> None:  # type: ignore[no-untyped-def]
    def slow(query: dict[str, str]) -> tuple[int, bytes]:
        time.sleep(2)
        return 200, b"{}"

    url = source(slow)
    report = harvest.harvest(source=url, fetch=harvest.http_fetch(url, timeout=0.3))
    assert "did not answer" in report.stopped and report.created == 0
    garbage = source(lambda query: (200, b"<html>not json</html>"))
    assert "not JSON" in harvest.harvest(source=garbage, fetch=harvest.http_fetch(garbage)).stopped
    error = source(
        lambda query: (400, b'{"success": false, "error": {"__type": "Search Query Error"}}')
    )
    assert "error" in harvest.harvest(source=error, fetch=harvest.http_fetch(error)).stopped


def test_command_reports_counts_and_supports_dry_run(client: Client, source) -> None:  # type: ignore[no-untyped-def]
    packages = foreign_packages(client, NAMES[:2])
    url = source(paged(packages))
    out = io.StringIO()
    call_command("harvest_ckan", url, "--dry-run", stdout=out)
    assert "created 2" in out.getvalue()
    assert not Dataset.objects.filter(pk__in=[p["id"] for p in packages]).exists()
    out = io.StringIO()
    call_command("harvest_ckan", url, "--organization", "inshe-upravlinnia", stdout=out)
    assert "created 2, updated 0, skipped 0, errors 0" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("harvest_ckan", "ftp://example.org", stdout=io.StringIO())
