"""External links are checked with timeouts against a server on 127.0.0.1 and marked broken."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from hromada.core import outbound, scheduler
from hromada.opendata import links, services
from hromada.opendata.models import Resource
from hromada.opendata.selectors import catalogue_page
from tests.conftest import SlowDns
from tests.opendata.helpers import dataset

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def _answer(self, body: bool) -> None:
        Handler.requests.append(self.path)
        if self.path.startswith("/to-metadata"):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        if self.path.startswith("/slow"):
            time.sleep(1.5)
        if self.path.startswith("/no-head") and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        status = 404 if self.path.startswith("/missing") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_links_are_checked_and_broken_ones_marked(server: str, client: Client) -> None:
    made = dataset(title="Набір із посиланнями")
    urls = {
        "good": f"{server}/data.csv",
        "no_head": f"{server}/no-head/data.csv",
        "missing": f"{server}/missing.csv",
        "slow": f"{server}/slow.csv",
    }
    resources = {
        key: services.add_resource(dataset=made, name=key, external_url=url)
        for key, url in urls.items()
    }
    Resource.objects.exclude(dataset=made).exclude(external_url="").update(archived=True)
    checked, broken = links.check_links(probe=lambda url: links.http_probe(url, timeout=0.5))
    assert (checked, broken) == (4, 2)
    state = {k: Resource.objects.get(pk=r.pk) for k, r in resources.items()}
    assert not state["good"].link_broken and state["good"].link_checked_at
    assert not state["no_head"].link_broken
    assert state["missing"].link_broken and state["missing"].link_error == "HTTP 404"
    # reasons are kept in the site's language (Ukrainian here)
    assert state["slow"].link_error == "немає відповіді: час очікування вичерпано"
    page = catalogue_page()
    assert page is not None
    html = client.get(page.url + f"dataset/{made.name}/").content.decode()
    assert html.count("посилання не працювало") == 2
    shown = client.get("/api/3/action/resource_show", {"id": str(state["missing"].pk)}).json()
    assert shown["result"]["link_broken"] is True
    assert "opendata_check_links" in {job.name for job in scheduler.jobs()}


def test_links_to_internal_addresses_are_not_requested(server: str, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OPENDATA_LINKCHECK_ALLOW_PRIVATE = False  # as in production
    made = dataset(title="Набір із внутрішнім посиланням")
    internal = services.add_resource(dataset=made, name="internal", external_url=f"{server}/a.csv")
    Resource.objects.exclude(pk=internal.pk).exclude(external_url="").update(archived=True)
    Handler.requests.clear()
    assert links.check_links() == (1, 1)
    internal.refresh_from_db()
    assert internal.link_broken
    assert internal.link_error == "127.0.0.1 (127.0.0.1): адреса у внутрішній мережі"
    assert Handler.requests == []
    # Every redirect hop is checked: loopback allowed here, the metadata service still not.
    loopback = outbound.Guard(frozenset({"loopback"}))
    with translation.override("en"):
        reason = links.http_probe(f"{server}/to-metadata", timeout=2, allowed=loopback)
    assert reason == "169.254.169.254 (169.254.169.254): address in a private network"
    assert Handler.requests == ["/to-metadata"]


def test_a_link_whose_host_the_dns_does_not_resolve_in_time_is_broken_naming_the_host(
    system_slow_dns: SlowDns,
) -> None:
    made = dataset(title="Набір із повільним DNS")
    slow = services.add_resource(
        dataset=made, name="slow-dns", external_url="http://data.slow.test:9/a.csv"
    )
    Resource.objects.exclude(pk=slow.pk).exclude(external_url="").update(archived=True)
    started = time.monotonic()
    assert links.check_links() == (1, 1)
    assert time.monotonic() - started < 5  # HROMADA_OUTBOUND_DNS_TIMEOUT is 0.3 s here
    slow.refresh_from_db()
    assert slow.link_error == "немає відповіді: data.slow.test: DNS-сервер не відповів за 0.3 с"
    with translation.override("en"):
        reason = links.http_probe("http://data.slow.test:9/a.csv")
    assert reason == "no answer: data.slow.test: the DNS server did not answer within 0.3 s"
    assert system_slow_dns.asked == ["data.slow.test"] * 2
