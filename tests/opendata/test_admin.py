"""The admin group: listings with exports, uploads through the form, steward scoping."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hromada.core import roles
from hromada.opendata.models import Dataset, Publisher, Resource
from tests.conftest import image_bytes
from tests.opendata.helpers import CSV

pytestmark = pytest.mark.django_db

INDEXES = [
    "/admin/opendata_datasets/",
    "/admin/opendata_resources/",
    "/admin/opendata_publishers/",
    "/admin/opendata_groups/",
    "/admin/opendata_reminders/",
]


def test_admin_listings_and_exports(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    for url in INDEXES:
        assert client.get(url).status_code == 200, url
        assert client.get(url, {"export": "csv"}).status_code == 200, url
        assert client.get(url, {"export": "xlsx"}).status_code == 200, url
    overdue = client.get("/admin/opendata_datasets/", {"schedule": "overdue"}).content.decode()
    assert "Реєстр містобудівних умов та обмежень" in overdue
    assert "Бюджет міста на 2020 рік" not in overdue
    dashboard = client.get("/admin/").content.decode()
    assert "Відкриті дані: оновлення" in dashboard


def test_upload_a_new_version_through_the_admin(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    resource = Resource.objects.filter(format="CSV", live_format="", external_url="").first()
    assert resource is not None
    versions = resource.versions.count()
    data = {
        "dataset": str(resource.dataset_id),
        "name": resource.name,
        "description": "",
        "external_url": "",
    }
    bad = client.post(
        f"/admin/opendata_resources/edit/{resource.pk}/",
        {**data, "upload": SimpleUploadedFile("dani.csv", image_bytes())},
    )
    assert bad.status_code == 200 and "PNG" in bad.content.decode()
    assert resource.versions.count() == versions
    good = client.post(
        f"/admin/opendata_resources/edit/{resource.pk}/",
        {**data, "upload": SimpleUploadedFile("dani.csv", CSV)},
    )
    assert good.status_code == 302
    assert resource.versions.count() == versions + 1
    created = client.post(
        "/admin/opendata_resources/new/",
        {**data, "name": "Новий ресурс", "upload": SimpleUploadedFile("novyi.csv", CSV)},
    )
    assert created.status_code == 302
    assert Resource.objects.filter(name="Новий ресурс", format="CSV").exists()


def test_steward_sees_and_edits_only_their_publishers_datasets(
    client: Client, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    steward = django_user_model.objects.create_user("steward", "steward@example.org", "x")
    steward.groups.add(Group.objects.get(name=roles.DATA_STEWARD))
    finance = Publisher.objects.get(title="Фінансове управління Лисичанської міської ради")
    finance.stewards.add(steward)
    client.force_login(steward)
    listing = client.get("/admin/opendata_datasets/").content.decode()
    assert "Бюджет міста на 2020 рік" in listing
    assert "Перелік закладів культури" not in listing
    own = Dataset.objects.filter(publisher=finance).first()
    other = Dataset.objects.exclude(publisher=finance).first()
    assert own is not None and other is not None
    assert client.get(f"/admin/opendata_datasets/edit/{own.pk}/").status_code == 200
    assert client.get(f"/admin/opendata_datasets/edit/{other.pk}/").status_code == 404
    form = client.get(f"/admin/opendata_datasets/edit/{own.pk}/").content.decode()
    assert "Відділ культури" not in form  # other publishers are not offered
    resources = client.get("/admin/opendata_resources/").content.decode()
    assert "Перелік закладів культури" not in resources
