"""The OpenAPI 3.1 description (/api/openapi.json): a valid document, linked from the
catalogue, and true of the live server: schemathesis generates requests from it and every
answer must be documented (status, content type, body schema), never a server error.

The fuzz run (`-m api_fuzz`) is bounded so `make test` stays short: a fixed number of
examples per operation and mode (HROMADA_API_FUZZ_EXAMPLES, 20 by default) from a fixed
seed, so a run is repeatable. To search longer, raise it, e.g.

    HROMADA_API_FUZZ_EXAMPLES=500 pytest -p no:cacheprovider -m api_fuzz tests/opendata

and set HROMADA_API_FUZZ_SEED to another number to explore other inputs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from django.test import Client
from wagtail.models import Page


def _document(client: Client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.django_db
def test_the_description_is_valid_openapi_3_1(client: Client) -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    document = _document(client)
    assert document["openapi"] == "3.1.0"
    try:
        validate(document)
    except OpenAPIValidationError as error:  # pragma: no cover - the message says where
        pytest.fail(str(error))
    paths = document["paths"]
    for action in ("package_list", "package_show", "package_search", "status_show"):
        assert {"get", "post"} <= set(paths[f"/api/3/action/{action}"])
    for path in ("/catalog.{extension}", "/dataset/{name}.{extension}"):
        assert path in paths
    assert "/opendata/live/{slug}.{extension}" in paths
    # the registers' exports, at the addresses of the pages that editors placed
    exports = [path for path in paths if path.endswith(("/export/csv/", "/export/json/"))]
    registers = Page.objects.live().filter(
        content_type__model__in=[
            "actregisterpage",
            "publicdocumentregisterpage",
            "organizationregisterpage",
        ]
    )
    assert registers and all(f"{page.url}export/csv/" in exports for page in registers)
    assert document["servers"] == [{"url": "http://testserver"}]


@pytest.mark.django_db
def test_the_catalogue_links_to_the_description(client: Client) -> None:
    page = Page.objects.live().filter(content_type__model="opendatapage").first()
    assert page is not None
    text = client.get(page.url).content.decode()
    assert '<a href="/api/openapi.json" type="application/json">Опис API (OpenAPI 3.1)</a>' in text


# --- the fuzz run against a live server ----------------------------------------------------


@pytest.fixture(scope="module")
def api_server(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The app on a free loopback port, reading the session's demo city.

    pytest-django's live_server would flush the database after the test (it needs a
    transactional test), so the server thread is started here with the database open to it;
    the API only reads. With in-memory SQLite the thread shares the test connection.
    """
    from django.db import connections
    from django.test.testcases import LiveServerThread, _StaticFilesHandler
    from django.test.utils import modify_settings

    with django_db_blocker.unblock():
        shared = {
            conn.alias: conn
            for conn in connections.all()
            if conn.vendor == "sqlite" and conn.is_in_memory_db()  # type: ignore[attr-defined]
        }
        for conn in shared.values():
            conn.inc_thread_sharing()
        thread = LiveServerThread(
            "127.0.0.1", _StaticFilesHandler, connections_override=shared, port=0
        )
        thread.daemon = True
        with modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"}):
            thread.start()
            thread.is_ready.wait()
            if thread.error:
                raise thread.error
            try:
                yield f"http://127.0.0.1:{thread.port}"
            finally:
                thread.terminate()
                for conn in shared.values():
                    conn.dec_thread_sharing()


# django_db: so pytest-django sets up the test database (with the demo) even when this test
# is selected alone (-m api_fuzz); the server thread reads it, the test itself does not.
@pytest.mark.api_fuzz
@pytest.mark.django_db
def test_the_live_api_keeps_to_its_description(api_server: str) -> None:
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    examples = int(os.environ.get("HROMADA_API_FUZZ_EXAMPLES", "20"))
    fuzz_seed = int(os.environ.get("HROMADA_API_FUZZ_SEED", "23"))
    document = requests.get(f"{api_server}/api/openapi.json", timeout=30).json()
    schema = schemathesis.openapi.from_dict(document)
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    failures: list[str] = []
    session = requests.Session()
    # One connection a request: the server thread of a kept-alive connection would keep its
    # PostgreSQL session open after the test, and the test database could not be dropped.
    session.headers["Connection"] = "close"
    operations, exported = 0, set()
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an Err raises: a broken description
        tag = (operation.definition.raw.get("tags") or [""])[0]
        if operation.path.endswith(("/export/csv/", "/export/json/")):
            # The demo has several pages of one register type, all of one code: fuzz the
            # first page of each type and format.
            if (tag, operation.path[-5:]) in exported:
                continue
            exported.add((tag, operation.path[-5:]))
        operations += 1
        # Invalid input matters where parameters are read (the CKAN actions); the files and
        # exports take their parameters from the path or ignore what they do not know.
        modes = [schemathesis.GenerationMode.POSITIVE]
        if tag == "CKAN Action API":
            modes.append(schemathesis.GenerationMode.NEGATIVE)
        for mode in modes:

            @seed(fuzz_seed)
            @settings(
                max_examples=examples,
                database=None,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],  # report, do not shrink
                suppress_health_check=list(HealthCheck),
                report_multiple_bugs=False,
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: schemathesis.Case) -> None:
                # Only what the description promises is checked: not whether the API refuses
                # every value the schema calls invalid (unknown parameters are ignored, as
                # CKAN does) or accepts every valid string (q and fq have a query language).
                case.call_and_validate(
                    base_url=api_server, session=session, checks=checks, timeout=60
                )

            try:
                run()
            except Unsatisfiable:  # no parameter to make invalid (status_show, /api/3)
                assert mode == schemathesis.GenerationMode.NEGATIVE
            except (Exception, BaseExceptionGroup) as error:  # schemathesis' FailureGroup
                failures.append(f"{operation.label} ({mode}):\n{error}")
    session.close()
    assert operations >= 20
    assert not failures, "\n\n".join(failures)
