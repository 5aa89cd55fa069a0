"""The quality score on udata's nine criteria, and what the admin shows stewards to fix."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client

from hromada.opendata import quality, services
from tests.opendata.helpers import dataset

pytestmark = pytest.mark.django_db


def test_a_bare_dataset_scores_what_it_has_and_names_the_rest() -> None:
    made = dataset(notes="Коротко.", update_frequency="Щомісяця")
    assessed = quality.assess(made, katottg="")
    passed = {c.key for c in assessed.criteria if c.passed}
    assert passed == {"license", "update_frequency", "update_fulfilled_in_time"}
    assert assessed.score == pytest.approx(3 / 9) and assessed.percent == 33
    assert {c.key for c in assessed.to_fix} == {
        "temporal_coverage",
        "spatial",
        "dataset_description_quality",
    }


def test_a_complete_dataset_scores_full_marks() -> None:
    made = dataset(
        notes="Докладний опис набору даних, " * 5,
        data_current_to=dt.date(2020, 12, 31),
        structure_url="https://example.org/schema.json",
    )
    services.add_resource(
        dataset=made,
        name="Дані",
        file=io.BytesIO(b"a,b\n1,2\n"),
        filename="data.csv",
        description="Стовпці a та b.",
    )
    assessed = quality.assess(made, katottg="UA44140050000018407", today=dt.date(2020, 1, 1))
    assert assessed.score == 1 and assessed.to_fix == []


def test_closed_formats_and_broken_links_are_to_fix() -> None:
    made = dataset()
    link = services.add_resource(dataset=made, name="PDF", external_url="https://example.org/a.pdf")
    link.link_broken = True
    link.save()
    keys = {c.key for c in quality.assess(made, katottg="x").to_fix}
    assert {"has_open_format", "all_resources_available", "resources_documentation"} <= keys


def test_stewards_see_the_score_and_what_to_fix_in_the_admin(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    made = dataset(notes="Коротко.")
    listing = client.get("/admin/opendata_datasets/").content.decode()
    assert "Якість" in listing
    page = client.get(f"/admin/opendata_datasets/inspect/{made.pk}/").content.decode()
    assert "що виправити:" in page
    assert "Опишіть набір даних докладніше" in page


def test_downloads_and_api_reads_are_counted_per_resource(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    from hromada.opendata.models import Resource
    from hromada.opendata.selectors import catalogue_page

    made = dataset()
    resource = services.add_resource(
        dataset=made, name="Дані", file=io.BytesIO(b"a,b\n1,2\n"), filename="data.csv"
    )
    assert client.get(f"/opendata/resource/{resource.id}/download/data.csv").status_code == 200
    assert client.get(f"/opendata/resource/{resource.id}/v1/data.csv").status_code == 200
    client.get("/api/3/action/resource_show", {"id": str(resource.id)})
    counted = Resource.objects.get(pk=resource.pk)
    assert (counted.downloads, counted.api_calls) == (2, 1)
    page = catalogue_page()
    assert page is not None
    shown = client.get(f"{page.url}dataset/{made.name}/").content.decode()
    assert "завантажено 2 рази" in shown and "1 звернення через API" in shown
    client.force_login(admin_user)
    listing = client.get("/admin/opendata_resources/").content.decode()
    assert "звернення через API" in listing.lower() or "API" in listing
