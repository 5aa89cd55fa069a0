"""`harvest_ckan` against a CKAN source served on 127.0.0.1 from fixtures: the fixtures are
this catalogue's own API answers, re-identified, as another Hromada or CKAN would give them."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from hromada.core import outbound
from hromada.opendata import harvest, services
from hromada.opendata.models import Dataset, Resource, ResourceVersion
from tests.opendata.helpers import dataset, upload

pytestmark = pytest.mark.django_db

Responder = Callable[[dict[str, str]], tuple[int, bytes]]


class Source:
    """A CKAN portal on 127.0.0.1: the Action API answered by `respond`, and the files it
    hosts under /files/ (bytes, or a function of the request giving status and bytes), some
    of them redirects (`redirects`: path → Location)."""

    def __init__(self, respond: Responder | None = None) -> None:
        self.respond = respond
        self.files: dict[str, bytes | Callable[[], tuple[int, bytes]]] = {}
        self.redirects: dict[str, str] = {}
        self.file_requests: list[str] = []
        self.url = ""

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes, str]:
        if path.startswith("/files/"):
            self.file_requests.append(path)
            if path in self.redirects:
                return 302, b"", "location:" + self.redirects[path]
            content = self.files.get(path)
            if content is None:
                return 404, b"not found", "text/plain"
            status, body = content() if callable(content) else (200, content)
            return status, body, "application/octet-stream"
        assert self.respond is not None
        status, body = self.respond(query)
        return status, body, "application/json"


@pytest.fixture
def source() -> Iterator[Callable[..., Any]]:
    """`source(respond)` serves a portal and returns its address (`source(respond,
    portal=True)` returns the Source itself, for tests that serve files too)."""
    servers: list[ThreadingHTTPServer] = []

    def serve(respond: Responder | None = None, *, portal: bool = False) -> Any:
        site = Source(respond)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                status, body, content_type = site.answer(unquote(parts.path), query)
                try:
                    self.send_response(status)
                    if content_type.startswith("location:"):
                        self.send_header("Location", content_type.removeprefix("location:"))
                        content_type = "text/plain"
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout tests)

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        site.url = f"http://127.0.0.1:{server.server_address[1]}"
        return site if portal else site.url

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _move_versions(client: Client, site: Source, resource: dict[str, Any]) -> None:
    """The versions our catalogue serves become the other portal's own files too."""
    for version in resource.get("versions") or []:
        path = urlsplit(version["url"]).path
        moved = f"/files/{resource['id']}/v{version['version']}/{path.rsplit('/', 1)[-1]}"
        site.files[moved] = _body(client.get(path))
        version["url"] = site.url + moved


def foreign_packages(
    client: Client, names: list[str], site: Source | None = None
) -> list[dict[str, Any]]:
    """Our own package_show answers, given new ids and names as another portal would have.

    With `site`, the files our catalogue serves become the other portal's own files: their
    addresses move to it and it serves the same bytes."""
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
            path = urlsplit(resource["url"]).path
            if site is not None and resource["url"].startswith("http://testserver/"):
                content = _body(client.get(path))
                moved = f"/files/{resource['id']}/{path.rsplit('/', 1)[-1]}"
                site.files[moved] = content
                resource["url"] = site.url + moved
            if site is not None:
                _move_versions(client, site, resource)
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


def test_api_calls_go_through_the_address_guard(source) -> None:  # type: ignore[no-untyped-def]
    asked: list[dict[str, str]] = []

    def answer(query: dict[str, str]) -> tuple[int, bytes]:
        asked.append(query)
        return 200, json.dumps({"success": True, "result": {"count": 0, "results": []}}).encode()

    url = source(answer)
    # a guard that allows no internal address: the source on 127.0.0.1 is not even asked
    with translation.override("en"):
        report = harvest.harvest(source=url, fetch=harvest.http_fetch(url, guard=outbound.Guard()))
    assert "127.0.0.1 (127.0.0.1): address in a private network" in report.stopped
    assert asked == []
    # by default the kinds of address the source's own host resolves to are allowed
    assert harvest.harvest(source=url, fetch=harvest.http_fetch(url)).ok
    assert len(asked) == 1


def test_api_calls_give_up_on_a_dns_server_that_does_not_answer(system_slow_dns) -> None:  # type: ignore[no-untyped-def]
    url = "http://portal.slow.test:9"
    with translation.override("en"):
        report = harvest.harvest(source=url, fetch=harvest.http_fetch(url, timeout=5))
    assert "portal.slow.test: the DNS server did not answer within 0.3 s" in report.stopped
    assert report.created == 0
    # looked up for the guard (which kinds of address the source has), then for the request
    assert system_slow_dns.asked == ["portal.slow.test"] * 2


def test_command_reports_counts_and_supports_dry_run(client: Client, source) -> None:  # type: ignore[no-untyped-def]
    site = source(portal=True)
    packages = foreign_packages(client, with_files()[:2], site)
    site.respond = paged(packages)
    out = io.StringIO()
    call_command("harvest_ckan", site.url, "--dry-run", stdout=out)
    assert "created 2" in out.getvalue() and not site.file_requests
    assert not Dataset.objects.filter(pk__in=[p["id"] for p in packages]).exists()
    out = io.StringIO()
    call_command("harvest_ckan", site.url, "--organization", "inshe-upravlinnia", stdout=out)
    assert "created 2, updated 0, skipped 0, errors 0" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("harvest_ckan", "ftp://example.org", stdout=io.StringIO())


def with_files() -> list[str]:
    """Datasets whose files this test's storage holds (the demo's files stay in the demo's
    media folder, which tests do not serve), and the live organizations register."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["рік", "сума"])
    workbook.active.append([2020, 1000])
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    made = dataset(title="Набір з файлами для збирання")
    services.add_resource(dataset=made, name="Таблиця", file=upload(), filename="tablytsia.csv")
    services.add_resource(
        dataset=made, name="Таблиця Excel", file=upload(xlsx.getvalue()), filename="tablytsia.xlsx"
    )
    second = dataset(title="Другий набір з файлами")
    services.add_resource(
        dataset=second, name="Дані JSON", file=upload(b'{"a": 1}'), filename="dani.json"
    )
    return [made.name, second.name, "organizations-register"]


def _run(site: Source, download: harvest.Download) -> harvest.HarvestReport:
    return harvest.harvest(source=site.url, fetch=harvest.http_fetch(site.url), download=download)


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _copies(package: dict[str, Any]) -> dict[str, str]:
    """Our copy of each of a package's resources: its current file's SHA-256, or its link."""
    copies = {}
    for resource in Resource.objects.filter(dataset_id=package["id"]):
        version = resource.versions.order_by("-number").first()
        if version is not None and not resource.external_url:
            with version.file.open("rb") as handle:
                copies[str(resource.pk)] = _sha256(handle.read())
        else:
            copies[str(resource.pk)] = resource.external_url
    return copies


def test_hosted_files_are_copied_and_a_rerun_adds_no_version(client: Client, source) -> None:  # type: ignore[no-untyped-def]
    site = source(portal=True)
    packages = foreign_packages(client, with_files(), site)
    link = {
        "id": str(uuid.uuid4()),
        "name": "Посилання на інший сайт",
        "url": "http://192.0.2.1/elsewhere.csv",  # never requested: links stay links
        "url_type": None,
        "format": "CSV",
    }
    packages[0]["resources"].append(link)
    site.respond = paged(packages)
    download = harvest.http_download(source=site.url, timeout=5)
    report = _run(site, download)
    assert (report.created, report.errors, report.stopped) == (3, [], "")
    hosted = {r["id"]: r for p in packages for r in p["resources"] if r["url"].startswith(site.url)}
    assert len(hosted) == 5  # uploads (CSV, XLSX, JSON) and the live register's CSV and JSON
    for package in packages:
        for resource_id, copy_hash in _copies(package).items():
            if resource_id in hosted:
                path = urlsplit(hosted[resource_id]["url"]).path
                assert copy_hash == _sha256(site.files[path])
            else:
                assert copy_hash == link["url"]
    shown = client.get("/api/3/action/package_show", {"id": packages[0]["id"]}).json()["result"]
    ours = {r["id"]: r for r in shown["resources"]}
    for item in packages[0]["resources"]:
        if item["id"] in hosted:  # served by us now, with the source's SHA-256 where it had one
            assert ours[item["id"]]["url"].startswith("http://testserver/opendata/resource/")
            assert ours[item["id"]]["url_type"] == "upload"
            assert ours[item["id"]]["hash"] == _sha256(site.files[urlsplit(item["url"]).path])
            assert item["hash"] in ("", ours[item["id"]]["hash"])
        else:
            assert ours[item["id"]]["url"] == link["url"]

    # A rerun: files whose SHA-256 the source gives are not fetched again; the live files
    # (no hash at the source) are fetched, found identical, and add no version.
    versions = ResourceVersion.objects.filter(resource__dataset_id__in=[p["id"] for p in packages])
    before, requests = versions.count(), len(site.file_requests)
    again = _run(site, download)
    assert (again.created, again.updated, again.skipped, again.errors) == (0, 0, 3, [])
    assert versions.count() == before
    fetched_again = site.file_requests[requests:]
    assert fetched_again and all(not hosted[path.split("/")[2]]["hash"] for path in fetched_again)

    # A new file at the source: a new version here, the earlier one kept.
    item = next(
        r for p in packages for r in p["resources"] if r.get("format") == "CSV" and r.get("hash")
    )
    path = urlsplit(item["url"]).path
    lines = bytes(site.files[path]).rstrip(b"\n").split(b"\n")  # type: ignore[arg-type]
    site.files[path] = b"\n".join([*lines, lines[-1]]) + b"\n"  # one more row of the same shape
    item["hash"] = _sha256(site.files[path])
    item["last_modified"] = "2026-01-02T03:04:05.000006"
    changed = _run(site, download)
    assert (changed.updated, changed.skipped, changed.errors) == (1, 2, [])
    resource = Resource.objects.get(pk=item["id"])
    assert list(resource.versions.values_list("number", flat=True)) == [2, 1]
    assert resource.sha256 == item["hash"]
    assert resource.last_modified == dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)


def _stored_files(media: Path) -> set[Path]:
    return {path for path in media.rglob("*") if path.is_file()}


def test_failed_downloads_are_reported_per_resource_and_nothing_is_half_saved(  # type: ignore[no-untyped-def]
    client: Client, source, _media_in_tmp: Path
) -> None:
    site = source(portal=True)
    [package] = foreign_packages(client, with_files()[:1], site)
    good, other = package["resources"]

    def slow() -> tuple[int, bytes]:
        time.sleep(2)
        return 200, b"a,b\n1,2\n"

    bad = [
        ("відповідь 500", lambda: (500, b"error")),
        ("повільний", slow),
        ("завеликий", lambda: (200, b"a,b\n" + b"1,2\n" * 50_000)),
        ("вебсторінка", lambda: (200, b"<!doctype html><html><body>not data</body></html>")),
        ("хеш не той", lambda: (200, b"a,b\n1,2\n")),
    ]
    for name, answer in bad:
        resource_id = str(uuid.uuid4())
        path = f"/files/{resource_id}/data.csv"
        site.files[path] = answer
        package["resources"].append(
            {
                "id": resource_id,
                "name": name,
                "url": site.url + path,
                "url_type": "upload",
                "format": "CSV",
                "hash": "0" * 64 if name == "хеш не той" else "",
            }
        )
    site.respond = paged([package])
    download = harvest.http_download(source=site.url, timeout=0.5, max_bytes=100_000)
    files_before = _stored_files(_media_in_tmp)
    report = _run(site, download)
    assert report.created == 1 and not report.stopped
    assert len(report.errors) == len(bad)
    by_name = {name: [e for e in report.errors if f"«{name}»" in e] for name, _answer in bad}
    assert all(len(found) == 1 and package["name"] in found[0] for found in by_name.values())
    with translation.override("en"):
        english = " ".join(_run(site, download).errors)
    for reason in ("HTTP 500", "in time", "limit", "Web pages", "SHA-256"):
        assert reason in english
    # Only the two good files were copied: no resource, version or stored file of the others.
    assert set(_copies(package)) == {good["id"], other["id"]}
    assert len(_stored_files(_media_in_tmp) - files_before) == 2

    # A file that later fails keeps our copy as it was.
    path = urlsplit(good["url"]).path
    kept = _copies(package)[good["id"]]
    site.files[path] = lambda: (500, b"error")
    good["hash"] = ""
    later = _run(site, download)
    assert any(f"«{good['name']}»" in error for error in later.errors)
    assert _copies(package)[good["id"]] == kept
    assert Resource.objects.get(pk=good["id"]).versions.count() == 1
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("harvest_ckan", site.url, "--timeout", "0.5", stdout=io.StringIO())


# --- Where files may come from (SSRF) ---------------------------------------------------------


def _upload(site: Source, path: str, name: str, url: str | None = None) -> dict[str, Any]:
    """A source resource that says it is an upload, at `url` (default: on `site`)."""
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "url": url or site.url + path,
        "url_type": "upload",
        "format": "CSV",
        "hash": "",
    }


CSV = b"a,b\n1,2\n"


def test_an_upload_on_another_host_is_kept_as_a_link_until_that_host_is_allowed(  # type: ignore[no-untyped-def]
    client: Client, source, settings, _media_in_tmp: Path
) -> None:
    site, other = source(portal=True), source(portal=True)  # two origins: two ports
    other.files["/files/elsewhere.csv"] = CSV
    [package] = foreign_packages(client, with_files()[1:2], site)
    item = _upload(site, "", "Файл на іншому сервері", other.url + "/files/elsewhere.csv")
    package["resources"].append(item)
    site.respond = paged([package])
    files_before = _stored_files(_media_in_tmp)
    report = _run(site, harvest.http_download(source=site.url, timeout=5))
    assert (report.created, report.errors) == (1, [])
    assert not other.file_requests  # never requested from the server
    [note] = report.notes
    assert f"«{item['name']}»" in note and package["name"] in note
    resource = Resource.objects.get(pk=item["id"])
    assert resource.external_url == item["url"] and not resource.versions.exists()
    assert len(_stored_files(_media_in_tmp) - files_before) == 1  # the source's own JSON only
    out = io.StringIO()
    call_command("harvest_ckan", site.url, stdout=out)  # a note is not an error
    assert "note: " in out.getvalue() and "errors 0" in out.getvalue()
    with translation.override("en"):
        english = _run(site, harvest.http_download(source=site.url, timeout=5)).notes[0]
    assert "kept as a link" in english and "OPENDATA_HARVEST_FILE_HOSTS" in english

    # Listed in OPENDATA_HARVEST_FILE_HOSTS: copied like the source's own files.
    settings.OPENDATA_HARVEST_FILE_HOSTS = [urlsplit(other.url).netloc]
    allowed = _run(site, harvest.http_download(source=site.url, timeout=5))
    assert (allowed.updated, allowed.errors, allowed.notes) == (1, [], [])
    assert other.file_requests == ["/files/elsewhere.csv"]
    resource.refresh_from_db()
    assert resource.external_url == "" and _copies(package)[item["id"]] == _sha256(CSV)


def test_redirects_off_the_allowed_origins_are_refused_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    client: Client, source, _media_in_tmp: Path
) -> None:
    site, other = source(portal=True), source(portal=True)
    other.files["/files/internal.csv"] = CSV
    site.files["/files/real.csv"] = CSV
    site.redirects = {
        "/files/moved.csv": "/files/real.csv",  # same origin: followed
        "/files/away.csv": other.url + "/files/internal.csv",
        "/files/metadata.csv": "http://169.254.169.254/latest/meta-data/",
        "/files/loop.csv": "/files/loop.csv",
    }
    [package] = foreign_packages(client, with_files()[1:2], site)
    items = {
        path: _upload(site, path, name)
        for path, name in [
            ("/files/moved.csv", "Переміщений"),
            ("/files/away.csv", "На інший сервер"),
            ("/files/metadata.csv", "До метаданих хмари"),
            ("/files/loop.csv", "По колу"),
        ]
    }
    package["resources"].extend(items.values())
    site.respond = paged([package])
    files_before = _stored_files(_media_in_tmp)
    with translation.override("en"):
        report = _run(site, harvest.http_download(source=site.url, timeout=5))
    assert report.created == 1 and not report.notes
    assert len(report.errors) == 3
    errors = {path: [e for e in report.errors if item["name"] in e] for path, item in items.items()}
    assert errors["/files/moved.csv"] == []
    assert "redirected to " + other.url + "/files/internal.csv" in errors["/files/away.csv"][0]
    assert "redirected to http://169.254.169.254/" in errors["/files/metadata.csv"][0]
    assert "not fetched" in errors["/files/metadata.csv"][0]
    assert "more than 5 redirects" in errors["/files/loop.csv"][0]
    assert not other.file_requests
    # The redirected-within file is copied; the refused ones have no resource, version or file.
    assert _copies(package)[items["/files/moved.csv"]["id"]] == _sha256(CSV)
    refused = [
        items[p]["id"] for p in ("/files/away.csv", "/files/metadata.csv", "/files/loop.csv")
    ]
    assert not Resource.objects.filter(pk__in=refused).exists()
    assert len(_stored_files(_media_in_tmp) - files_before) == 2  # the JSON and the moved CSV


def test_internal_addresses_are_refused_unless_the_source_is_of_their_kind(  # type: ignore[no-untyped-def]
    client: Client, source, settings, monkeypatch
) -> None:
    site = source(portal=True)
    site.files["/files/data.csv"] = CSV
    port = urlsplit(site.url).port
    # Listed hosts still go only to public addresses or to the kinds the source resolves to:
    # this source is on loopback, so the cloud's metadata address (link-local) is refused
    # before any connection.
    settings.OPENDATA_HARVEST_FILE_HOSTS = ["169.254.169.254", f"files.example.test:{port}"]
    download = harvest.http_download(source=site.url, timeout=5)
    with (
        translation.override("en"),
        pytest.raises(harvest.DownloadError, match="address in a private network"),
    ):
        download("http://169.254.169.254/latest/meta-data/", "data.csv")

    # A name is resolved once per connection and the connection goes to the address that was
    # checked (the system cannot resolve this name: a second resolution would fail).
    resolved: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "files.example.test":
            resolved.append(host)
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    fetched = download(f"http://files.example.test:{port}/files/data.csv", "data.csv")
    assert fetched.sha256 == _sha256(CSV) and resolved == ["files.example.test"]
    fetched.file.close()

    # A source on a public address may not lead the server to loopback, by name or number.
    settings.OPENDATA_HARVEST_FILE_HOSTS = [f"localhost:{port}", f"127.0.0.1:{port}"]
    public = harvest.http_download(source="https://8.8.8.8", timeout=5)
    requests = len(site.file_requests)
    for host in ("localhost", "127.0.0.1"):
        with translation.override("en"), pytest.raises(harvest.DownloadError, match="private"):
            public(f"http://{host}:{port}/files/data.csv", "data.csv")
    assert len(site.file_requests) == requests


def test_a_file_host_the_dns_does_not_resolve_in_time_is_reported(system_slow_dns) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    # the source's own host is looked up too (which kinds of address it may use): bounded
    download = harvest.http_download(source="http://portal.slow.test:9", timeout=5)
    for language, reason in (
        ("en", "not fetched: portal.slow.test: the DNS server did not answer within 0.3 s"),
        ("uk", "не завантажено: portal.slow.test: DNS-сервер не відповів за 0.3 с"),
    ):
        with translation.override(language), pytest.raises(harvest.DownloadError) as error:
            download("http://portal.slow.test:9/files/data.csv", "data.csv")
        assert str(error.value) == reason
    assert time.monotonic() - started < 5
    assert system_slow_dns.asked == ["portal.slow.test"] * 3


def test_file_hosts_setting_is_checked() -> None:
    policy = harvest.FilePolicy.for_source(
        "http://127.0.0.1:8000", hosts=["files.example.org", "Store.Example.org:9000"]
    )
    assert policy.allows("http://127.0.0.1:8000/x.csv")
    assert not policy.allows("https://127.0.0.1:8000/x.csv")  # another scheme: another origin
    assert not policy.allows("http://127.0.0.1:8001/x.csv")
    assert policy.allows("https://files.example.org/x.csv")
    assert policy.allows("http://files.example.org/x.csv")
    assert not policy.allows("http://files.example.org:8080/x.csv")
    assert policy.allows("https://store.example.org:9000/x.csv")
    assert not policy.allows("ftp://files.example.org/x.csv")
    assert policy.guard.allowed == {"loopback"}
    for bad in ("http://files.example.org", "files.example.org/path", "host:port"):
        with pytest.raises(ValueError, match="OPENDATA_HARVEST_FILE_HOSTS"):
            harvest.FilePolicy.for_source("http://127.0.0.1:8000", hosts=[bad])


# --- Version history ---------------------------------------------------------------------------

ROWS = [
    "id,name,amount\n1,Перший,10\n".encode(),
    "id,name,amount\n1,Перший,10\n2,Другий,20\n".encode(),
]


def _with_history() -> str:
    """A dataset whose CSV has three versions, the third back to the first's content."""
    made = dataset(title="Набір з історією версій")
    resource = services.add_resource(
        dataset=made,
        name="Таблиця з версіями",
        file=upload(ROWS[0]),
        filename="tablytsia.csv",
        when=dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC),
    )
    for number, content in ((2, ROWS[1]), (3, ROWS[0])):
        services.upload_version(
            resource=resource,
            file=upload(content),
            filename="tablytsia.csv",
            when=dt.datetime(2024, number, 1, 9, tzinfo=dt.UTC),
        )
    return made.name


def _history(resource_id: str) -> list[tuple[int, str, dt.datetime]]:
    return [
        (version.number, version.sha256, version.created)
        for version in ResourceVersion.objects.filter(resource_id=resource_id).order_by("number")
    ]


def test_the_sources_earlier_versions_are_copied_oldest_first(client: Client, source) -> None:  # type: ignore[no-untyped-def]
    site = source(portal=True)
    [package] = foreign_packages(client, [_with_history()], site)
    [item] = package["resources"]
    assert [v["version"] for v in item["versions"]] == [3, 2, 1]  # newest first, as we serve
    site.respond = paged([package])
    download = harvest.http_download(source=site.url, timeout=5)
    report = _run(site, download)
    assert (report.created, report.errors) == (1, [])
    expected = [
        (v["version"], v["hash"], dt.datetime.fromisoformat(v["created"]).replace(tzinfo=dt.UTC))
        for v in reversed(item["versions"])
    ]
    assert _history(item["id"]) == expected
    assert [h for _n, h, _c in expected] == [_sha256(ROWS[0]), _sha256(ROWS[1]), _sha256(ROWS[0])]
    # Our API now shows the same history (addresses aside) as the source's.
    shown = client.get("/api/3/action/resource_show", {"id": item["id"]}).json()["result"]
    keys = ("version", "created", "size", "hash", "format")
    assert [{k: v[k] for k in keys} for v in shown["versions"]] == [
        {k: v[k] for k in keys} for v in item["versions"]
    ]
    # The current file was one of the versions: not fetched separately.
    assert all("/v" in path for path in site.file_requests)

    # A rerun fetches nothing and adds nothing; a new version at the source adds only it.
    requests = len(site.file_requests)
    assert _run(site, download).errors == []
    assert len(site.file_requests) == requests and len(_history(item["id"])) == 3
    newest = ROWS[1] + "3,Третій,30\n".encode()
    path = f"/files/{item['id']}/v4/tablytsia.csv"
    site.files[path] = newest
    item["versions"].insert(
        0,
        {
            "version": 4,
            "url": site.url + path,
            "created": "2024-04-01T09:00:00",
            "size": len(newest),
            "hash": _sha256(newest),
            "format": "CSV",
        },
    )
    item["hash"] = _sha256(newest)
    assert _run(site, download).errors == []
    assert site.file_requests[requests:] == [path]
    assert [h for _n, h, _c in _history(item["id"])] == [
        _sha256(ROWS[0]),
        _sha256(ROWS[1]),
        _sha256(ROWS[0]),
        _sha256(newest),
    ]


def test_a_version_that_fails_leaves_the_resource_as_it_was(  # type: ignore[no-untyped-def]
    client: Client, source, _media_in_tmp: Path
) -> None:
    site = source(portal=True)
    [package] = foreign_packages(client, [_with_history()], site)
    [item] = package["resources"]
    site.respond = paged([package])
    download = harvest.http_download(source=site.url, timeout=5)
    second = urlsplit(item["versions"][1]["url"]).path  # version 2
    site.files[second] = lambda: (500, b"error")
    files_before = _stored_files(_media_in_tmp)
    with translation.override("en"):
        report = _run(site, download)
    [error] = report.errors
    assert "version 2: the source answered HTTP 500" in error
    assert not Resource.objects.filter(pk=item["id"]).exists()
    # Version 2 is fetched but fails the upload check: version 1, already stored, is removed.
    page = b"<!doctype html><html><body>not data</body></html>"
    site.files[second] = page
    item["versions"][1]["hash"] = _sha256(page)
    report = _run(site, download)
    assert len(report.errors) == 1 and "«Таблиця з версіями»" in report.errors[0]
    assert not Resource.objects.filter(pk=item["id"]).exists()
    assert _stored_files(_media_in_tmp) == files_before
    # Once the source serves it again, the whole history is copied.
    site.files[second] = ROWS[1]
    item["versions"][1]["hash"] = _sha256(ROWS[1])
    assert _run(site, download).errors == []
    assert [n for n, _h, _c in _history(item["id"])] == [1, 2, 3]


def test_versions_elsewhere_are_not_copied_only_the_current_file_is(client: Client, source) -> None:  # type: ignore[no-untyped-def]
    site = source(portal=True)
    [package] = foreign_packages(client, [_with_history()], site)
    [item] = package["resources"]
    item["versions"][2]["url"] = "http://192.0.2.1/v1/tablytsia.csv"  # never requested
    site.respond = paged([package])
    with translation.override("en"):
        report = _run(site, harvest.http_download(source=site.url, timeout=5))
    assert report.errors == []
    [note] = report.notes
    assert "earlier versions are not on the source's own site" in note
    assert [h for _n, h, _c in _history(item["id"])] == [_sha256(ROWS[0])]  # the current file
    assert site.file_requests == [urlsplit(item["url"]).path]
