"""Datasets, resources and versions, made through the services; bad uploads save nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from hromada.opendata import schedule, services
from hromada.opendata.models import Dataset, Resource, ResourceVersion
from hromada.opendata.slugs import slugify_name
from tests.conftest import image_bytes
from tests.opendata.helpers import CSV, dataset, upload

pytestmark = pytest.mark.django_db


def test_cyrillic_title_gives_a_transliterated_unique_name() -> None:
    first = dataset(title="Бюджет міста на 2021 рік")
    second = dataset(title="Бюджет міста на 2021 рік", publisher=first.publisher)
    assert first.name == "biudzhet-mista-na-2021-rik"
    assert second.name == "biudzhet-mista-na-2021-rik-2"
    assert slugify_name("Їжак і Щука: «Зграя»") == "yizhak-i-shchuka-zghraia"
    assert slugify_name("Я") == "ya"
    assert slugify_name("«»") == "dataset"


def test_passport_length_limits_are_enforced() -> None:
    with pytest.raises(ValidationError) as error:
        dataset(title="Н" * 255)
    assert "title" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        dataset(notes="о" * 4001)
    assert "notes" in error.value.message_dict
    assert dataset(title="Н" * 254, notes="о" * 4000).pk


def test_defaults_keywords_and_licence() -> None:
    made = dataset(keywords="бюджет; Бюджет, доходи ,  видатки")
    assert made.licence == "CC-BY-4.0"
    assert made.licence_url == "https://creativecommons.org/licenses/by/4.0/"
    assert sorted(made.tags.values_list("name", flat=True)) == ["бюджет", "видатки", "доходи"]
    assert made.passport_identifier == str(made.id)


def test_every_upload_is_kept_and_earlier_versions_stay_downloadable(client: Client) -> None:
    made = dataset()
    resource = services.add_resource(dataset=made, name="Дані", file=upload(), filename="dani.csv")
    before = Dataset.objects.get(pk=made.pk).metadata_modified
    second = CSV + "3,Третій,30\n".encode()
    services.upload_version(resource=resource, file=upload(second), filename="dani.csv")
    resource.refresh_from_db()
    versions = list(resource.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert resource.format == "CSV" and resource.mimetype == "text/csv"
    assert resource.size == len(second)
    assert resource.sha256 == versions[1].sha256 != versions[0].sha256
    assert Dataset.objects.get(pk=made.pk).metadata_modified > before
    current = client.get(f"/opendata/resource/{resource.id}/download/dani.csv")
    old = client.get(f"/opendata/resource/{resource.id}/v1/dani.csv")
    assert b"".join(current.streaming_content) == second
    assert b"".join(old.streaming_content) == CSV
    assert old["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in old["Cache-Control"]


def test_disguised_upload_is_refused_and_nothing_is_saved() -> None:
    made = dataset()
    with pytest.raises(ValidationError) as error:
        services.add_resource(
            dataset=made, name="Фото", file=upload(image_bytes()), filename="dani.csv"
        )
    assert "PNG" in str(error.value)
    assert not Resource.objects.filter(dataset=made).exists()
    assert not ResourceVersion.objects.filter(resource__dataset=made).exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "порожній"),
        ("назва,сума\n".encode(), "не має рядків"),
        (b"a,b\n1,2\n3\n", "Рядок 3, стовпець 2"),
        (b"a,a\n1,2\n", "Заголовок, стовпець 2"),
        ("назва,сума\nабв,1\n".encode("cp1251"), "UTF-8"),
    ],
)
def test_bad_csv_is_refused_with_row_and_column(content: bytes, expected: str) -> None:
    made = dataset()
    with pytest.raises(ValidationError) as error:
        services.add_resource(dataset=made, name="Дані", file=upload(content), filename="d.csv")
    assert expected in " ".join(error.value.messages)
    assert not Resource.objects.filter(dataset=made).exists()


def test_a_letter_cut_by_the_encoding_check_is_no_error_with_a_bom() -> None:
    """The encoding check reads the first 64 KiB: a two-byte letter cut by that boundary is
    not an encoding error, also when the file starts with a BOM (as live CSV files do)."""
    prefix = b"\xef\xbb\xbf" + "назва,сума\n".encode()
    pad = 64 * 1024 - 1 - len(prefix)
    filler = ("a" * 97 + ",1\n").encode() * (pad // 100)
    content = prefix + filler + ("a" * (pad % 100) + "йод,1\n").encode()
    assert content[64 * 1024 - 1 : 64 * 1024 + 1] == "й".encode()  # cut by the 64 KiB read
    made = dataset()
    resource = services.add_resource(
        dataset=made, name="Дані", file=upload(content), filename="d.csv"
    )
    assert resource.versions.count() == 1


def test_table_schema_types_are_checked() -> None:
    made = dataset(
        table_schema={
            "fields": [
                {"name": "id", "type": "integer"},
                {"name": "name", "type": "string"},
                {"name": "amount", "type": "integer"},
            ]
        }
    )
    with pytest.raises(ValidationError) as error:
        services.add_resource(
            dataset=made,
            name="Дані",
            file=upload("id,name,amount\n1,Один,десять\n".encode()),
            filename="d.csv",
        )
    assert "Рядок 2, стовпець 3 (amount)" in " ".join(error.value.messages)


def test_too_large_file_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OPENDATA_MAX_UPLOAD_BYTES = 10
    made = dataset()
    with pytest.raises(ValidationError) as error:
        services.add_resource(dataset=made, name="Дані", file=upload(), filename="d.csv")
    assert "обмеження" in str(error.value)
    assert not Resource.objects.filter(dataset=made).exists()


def test_json_and_link_resources() -> None:
    made = dataset()
    json_resource = services.add_resource(
        dataset=made, name="JSON", file=io.BytesIO(b'{"a": 1}'), filename="d.json"
    )
    assert json_resource.format == "JSON"
    link = services.add_resource(
        dataset=made, name="Посилання", external_url="https://example.org/data.xlsx"
    )
    assert link.format == "XLSX" and link.url_type is None
    with pytest.raises(ValidationError):
        services.upload_version(resource=link, file=upload(), filename="d.csv")
    with pytest.raises(ValidationError):
        services.add_resource(dataset=made, name="Ніщо")


def test_due_dates_follow_the_frequency() -> None:
    assert schedule.next_due("Щомісяця", dt.date(2020, 1, 31)) == dt.date(2020, 2, 29)
    assert schedule.next_due("Щокварталу", dt.date(2020, 11, 30)) == dt.date(2021, 2, 28)
    assert schedule.next_due("Щороку", dt.date(2020, 3, 1)) == dt.date(2021, 3, 1)
    assert schedule.next_due("Щотижня", dt.date(2020, 3, 1)) == dt.date(2020, 3, 8)
    assert schedule.next_due("Відразу після внесення змін", dt.date(2020, 3, 1)) is None
    assert schedule.next_due("Більше не оновлюється", dt.date(2020, 3, 1)) is None


def test_overdue_after_the_due_date_passes_without_an_upload() -> None:
    long_ago = timezone.now() - dt.timedelta(days=60)
    made = dataset(published_at=long_ago)
    assert made.is_overdue()
    resource = services.add_resource(dataset=made, name="Дані", file=upload(), filename="d.csv")
    made.refresh_from_db()
    assert not made.is_overdue()
    assert made.next_update_due == schedule.add_months(timezone.localdate(), 1)
    assert resource.versions.count() == 1


def test_live_dataset_is_in_the_catalogue_with_csv_and_json(client: Client) -> None:
    services.sync_live_datasets()
    live = Dataset.objects.get(live_slug="organizations-register")
    assert live.name == "organizations-register"
    assert sorted(live.resources.values_list("format", flat=True)) == ["CSV", "JSON"]
    assert live.update_frequency == "Відразу після внесення змін"
    assert live.purpose and live.maintainer_email
    response = client.get("/opendata/live/organizations-register.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,kind,name")
    assert len(text.splitlines()) > 100
    data = client.get("/opendata/live/organizations-register.json").json()
    assert data["name"] == "organizations-register" and data["data"]
    # Idempotent: a second sync adds nothing.
    services.sync_live_datasets()
    assert Dataset.objects.filter(live_slug="organizations-register").count() == 1
    assert live.resources.count() == 2


def test_a_changed_register_record_moves_its_live_dataset(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    from hromada.opendata import live
    from hromada.organizations.models import Organization

    services.sync_live_datasets()
    before = Dataset.objects.get(live_slug="organizations-register").metadata_modified
    live._last_bump.clear()
    organization = Organization.objects.first()
    assert organization is not None
    with django_capture_on_commit_callbacks(execute=True):
        organization.address = "змінено"  # a field the register shows
        organization.save()
    after = Dataset.objects.get(live_slug="organizations-register")
    assert after.metadata_modified > before
    assert after.data_modified_at is not None and after.data_modified_at > before
