"""The register's writes: upsert, idempotency, manual corrections, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from wagtail.models import ModelLogEntry

from hromada.core.validators import edrpou_check_digit
from hromada.organizations import services
from hromada.organizations.models import Organization
from hromada.organizations.records import Kind, OrganizationRecord, RowError, Source

pytestmark = pytest.mark.django_db


def code(stem: str) -> str:
    return stem + str(edrpou_check_digit(stem))


BAD_CODE = code("4400009")[:7] + str((int(code("4400009")[7]) + 1) % 10)


def record(**fields: object) -> OrganizationRecord:
    values: dict[str, object] = {
        "kind": Kind.NGO,
        "name": "Громадська організація «Тестова»",
        "edrpou": code("4400001"),
        "registered_on": dt.date(2018, 5, 4),
        "location": "line 2",
    }
    values.update(fields)
    return OrganizationRecord(**values)  # type: ignore[arg-type]


def logs(organization: Organization) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.for_instance(organization).order_by("timestamp", "id"))


def test_import_creates_then_rerun_skips() -> None:
    first = services.import_records(records=[record()], source=Source.CSV)
    assert (first.created, first.updated, first.skipped, first.errors) == (1, 0, 0, [])
    organization = Organization.objects.get(edrpou=code("4400001"))
    assert organization.source == "csv"
    assert [e.action for e in logs(organization)] == ["wagtail.create"]
    again = services.import_records(records=[record()], source=Source.CSV)
    assert (again.created, again.updated, again.skipped) == (0, 0, 1)
    assert Organization.objects.filter(edrpou=code("4400001")).count() == 1


def test_update_by_edrpou_is_audited_with_before_and_after() -> None:
    services.import_records(records=[record()], source=Source.CSV)
    summary = services.import_records(
        records=[record(address="вул. Нова, 1", head="Бойко Ірина")], source=Source.CSV
    )
    assert summary.updated == 1
    organization = Organization.objects.get(edrpou=code("4400001"))
    entry = logs(organization)[-1]
    assert entry.action == "wagtail.edit"
    assert entry.data["changes"]["address"] == {"before": "", "after": "вул. Нова, 1"}


def test_upsert_by_kind_and_normalised_name_without_edrpou() -> None:
    services.import_records(records=[record(edrpou="", name="ГО  «Світло»")], source=Source.CSV)
    summary = services.import_records(
        records=[record(edrpou="", name="го «світло» ", head="Мороз Олена")], source=Source.CSV
    )
    assert (summary.created, summary.updated) == (0, 1)
    assert Organization.objects.filter(head="Мороз Олена").count() == 1
    # The same name with another kind is another organization.
    other = services.import_records(
        records=[record(edrpou="", name="ГО «Світло»", kind=Kind.CHARITY)], source=Source.CSV
    )
    assert other.created == 1


def test_manual_edits_and_notes_survive_import() -> None:
    services.import_records(records=[record()], source=Source.EDR)
    organization = Organization.objects.get(edrpou=code("4400001"))
    services.update_organization(
        organization=organization, name="ГО «Тестова» (виправлено)", notes="Дзвонили 5.03"
    )
    organization.refresh_from_db()
    assert organization.manually_edited_fields == ["name"]
    summary = services.import_records(
        records=[record(address="нова адреса")], source=Source.EDR, reject_on_errors=False
    )
    assert summary.updated == 1
    organization.refresh_from_db()
    assert organization.name == "ГО «Тестова» (виправлено)"
    assert organization.notes == "Дзвонили 5.03"
    assert organization.address == "нова адреса"


def test_terminated_status_sets_date_and_active_status_keeps_it() -> None:
    services.import_records(records=[record()], source=Source.EDR, reject_on_errors=False)
    services.import_records(
        records=[record(status="припинено", terminated_on=dt.date(2020, 3, 1))],
        source=Source.EDR,
        reject_on_errors=False,
    )
    organization = Organization.objects.get(edrpou=code("4400001"))
    assert organization.terminated_on == dt.date(2020, 3, 1)
    # A later record saying "припинено" without a date does not erase the date.
    services.import_records(
        records=[record(status="припинено")], source=Source.EDR, reject_on_errors=False
    )
    organization.refresh_from_db()
    assert organization.terminated_on == dt.date(2020, 3, 1)


def test_reject_on_errors_writes_nothing() -> None:
    bad = RowError(location="line 3", field="edrpou", message="bad")
    summary = services.import_records(records=[record(), bad], source=Source.CSV)
    assert summary.error_count == 1
    assert summary.created == 0
    assert not Organization.objects.filter(edrpou=code("4400001")).exists()


def test_skip_bad_records_when_not_rejecting() -> None:
    bad = RowError(location="record 7", field="EDRPOU", message="bad")
    summary = services.import_records(
        records=[record(), bad], source=Source.EDR, reject_on_errors=False
    )
    assert (summary.created, summary.error_count) == (1, 1)
    assert Organization.objects.filter(edrpou=code("4400001")).exists()


def test_invalid_record_from_importer_becomes_an_error() -> None:
    summary = services.import_records(
        records=[record(edrpou=BAD_CODE)], source=Source.EDR, reject_on_errors=False
    )
    assert summary.created == 0
    assert summary.errors[0].field == "edrpou"


def test_dry_run_writes_nothing_but_counts() -> None:
    summary = services.import_records(records=[record()], source=Source.CSV, dry_run=True)
    assert summary.created == 1
    assert not Organization.objects.filter(edrpou=code("4400001")).exists()


def test_model_rules() -> None:
    organization = Organization(
        kind="ngo",
        name="X",
        edrpou=BAD_CODE,
        registered_on=dt.date(2020, 1, 2),
        terminated_on=dt.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert {"edrpou", "terminated_on"} <= set(error.value.message_dict)
    services.create_organization(kind="ngo", name="A", edrpou=code("4400002"))
    with pytest.raises(IntegrityError):
        Organization.objects.create(kind="ngo", name="B", edrpou=code("4400002"))


def test_empty_edrpou_is_not_unique() -> None:
    services.create_organization(kind="ngo", name="Без коду 1")
    services.create_organization(kind="ngo", name="Без коду 2")
    assert Organization.objects.filter(name__startswith="Без коду", edrpou="").count() == 2


def test_create_is_audited() -> None:
    organization = services.create_organization(kind="religious", name="Громада")
    assert [e.action for e in logs(organization)] == ["wagtail.create"]
    services.archive_organization(organization=organization)
    assert logs(organization)[-1].data["changes"]["archived"] == {"before": False, "after": True}
