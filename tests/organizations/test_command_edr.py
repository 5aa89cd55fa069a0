"""`hromada import_organizations --format edr-xml` tried as a new user would, with exports in
the shape the Ministry of Justice publishes (SQLite and PostgreSQL: DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hromada.core.services import setup_city
from hromada.organizations import services
from hromada.organizations.models import Decision, Organization, OrganizationCandidate

from .edr_fixtures import (
    CURRENT_FIELDS,
    business,
    civic,
    current_export,
    document,
    edrpou,
    fop,
    full_dump,
    register_record,
    write,
    write_zip,
)

pytestmark = pytest.mark.django_db

PARTY = 'ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ПОЛІТИЧНОЇ ПАРТІЇ "ВСЕУКРАЇНСЬКЕ ОБ\'ЄДНАННЯ "БАТЬКІВЩИНА""'


@pytest.fixture(autouse=True)
def city() -> None:
    setup_city(name="Лисичанськ", domains=["lysychansk.example.org"])


OURS = [edrpou(n) for n in range(1, 20)]


def ours() -> int:
    """Organizations of these files (the test database also holds the demo city's)."""
    return Organization.objects.filter(edrpou__in=OURS).count()


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_organizations", "--format", "edr-xml", *args, str(path), stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def dump_rows() -> list[str]:
    return [
        business(1),
        civic(2, "ПОЛІТИЧНА ПАРТІЯ", NAME=PARTY).replace("ПЕТРЕНКО", "ПЕТ&#3;РЕНКО"),
        civic(3, NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ВЕТЕРАНИ"'),
        civic(
            4,
            "БЛАГОДІЙНА ОРГАНІЗАЦІЯ",
            STAN="припинено",
            TERMINATED_INFO="16.02.2022; 1001111000012345; Державна реєстрація припинення",
        ),
        civic(5, STAN="в стані припинення"),
        business(6).replace("РОГА", "РО&#31;ГА"),
    ]


def snapshot() -> list[tuple[str, str, str, str, dt.date | None, dt.date | None, str]]:
    return list(
        Organization.objects.filter(edrpou__in=OURS)
        .order_by("edrpou")
        .values_list(
            "edrpou", "kind", "name", "head", "registered_on", "terminated_on", "parent_name"
        )
    )


def test_full_dump_with_dirt_imports_the_register_and_reruns_cleanly(tmp_path: Path) -> None:
    path = full_dump(tmp_path, document(dump_rows()), document([fop(n) for n in range(5)]))
    out, _ = run(path, "--dry-run")
    assert "created 4, updated 0, skipped 0, errors 0 (dry run: nothing written)" in out
    assert ours() == 0
    out, _ = run(path)
    assert "17.2-EX_XML_EDR_FOP_FULL_07.02.2022.xml: skipped (individual entrepreneurs" in out
    assert "created 4, updated 0, skipped 0, errors 0" in out
    assert "read 6 records" in out
    assert f"repaired 1 invalid character(s) in 1 record(s): record 2 (EDRPOU {edrpou(2)})" in out
    party = Organization.objects.get(edrpou=edrpou(2))
    assert party.kind == "party_unit"
    assert party.head == "ПЕТРЕНКО ПЕТРО ПЕТРОВИЧ"
    assert party.parent_name == 'ПОЛІТИЧНА ПАРТІЯ "ВСЕУКРАЇНСЬКЕ ОБ\'ЄДНАННЯ "БАТЬКІВЩИНА""'
    assert party.registered_on == dt.date(2013, 10, 24)
    assert party.source == "edr"
    assert Organization.objects.get(edrpou=edrpou(4)).terminated_on == dt.date(2022, 2, 16)
    assert Organization.objects.get(edrpou=edrpou(5)).terminated_on is None
    first = snapshot()
    out, _ = run(path)
    assert "created 0, updated 0, skipped 4, errors 0" in out
    assert snapshot() == first


def test_a_crash_midway_leaves_nothing_and_a_rerun_equals_one_clean_run(tmp_path: Path) -> None:
    data = document(dump_rows())
    cut = write(tmp_path / "17.1-EX_XML_EDR_UO_FULL_07.02.2022.xml", data[: len(data) - 200])
    with pytest.raises(CommandError, match=r"truncated.*record.*Nothing was imported"):
        run(cut)
    assert ours() == 0
    whole = write(tmp_path / "whole.xml", data)
    run(whole)
    clean = snapshot()
    Organization.objects.filter(edrpou__in=OURS).delete()
    run(whole)
    assert snapshot() == clean and len(clean) == 4


def test_truncated_zip_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = full_dump(tmp_path, document(dump_rows() * 50))
    raw = path.read_bytes()
    cut = write(tmp_path / "cut.zip", raw[: len(raw) // 2])
    with pytest.raises(CommandError, match=r"cut\.zip.*ZIP.*Nothing was imported"):
        run(cut)
    assert ours() == 0


def test_bad_record_is_named_and_the_rest_imports(tmp_path: Path) -> None:
    rows = [civic(1), civic(2, STAN="щось невідоме"), civic(3).replace("<STAN>", "<STAN><B>")]
    out, _ = run(write(tmp_path / "uo.xml", document(rows)))
    assert "created 1, updated 0, skipped 0, errors 2" in out
    assert "record 2, STAN: unknown status 'щось невідоме'" in out
    assert "record 3, XML: the record is not well-formed XML" in out


def test_no_record_of_the_city_is_a_clear_message(tmp_path: Path) -> None:
    path = write(tmp_path / "kyiv.xml", document([business(1), business(2)]))
    with pytest.raises(CommandError, match=r"kyiv\.xml: none of its 2 records.*Лисичанськ"):
        run(path)


@pytest.mark.parametrize(
    "payload",
    [
        b"%PDF-1.4",
        b'<?xml version="1.0"?><!DOCTYPE DATA [<!ENTITY a "b">]><DATA><SUBJECT/></DATA>',
    ],
    ids=["unknown-shape", "entities"],
)
def test_unknown_or_hostile_file_is_refused_whole(tmp_path: Path, payload: bytes) -> None:
    before = Organization.objects.count()
    with pytest.raises(CommandError, match=r"x\.xml.*Nothing was imported"):
        run(write(tmp_path / "x.xml", payload))
    assert Organization.objects.count() == before


# The current export without addresses ------------------------------------------------------------
def current_rows() -> list[str]:
    def row(n: int, opf: str = "ГРОМАДСЬКА ОРГАНІЗАЦІЯ", **values: str | list[str]) -> str:
        return civic(n, opf, fields=CURRENT_FIELDS, **values)

    return [
        row(
            3,
            NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ВЕТЕРАНИ"',
            STAN="припинено",
            TERMINATED_INFO="01.03.2023; 1; Державна реєстрація припинення",
            SIGNERS=["КОВАЛЬ ОЛЕНА ІВАНІВНА; 01.01.2023 - керівник"],
        ),
        row(7, NAME='ЛИСИЧАНСЬКА МІСЬКА ОРГАНІЗАЦІЯ ТОВАРИСТВА "ПРОСВІТА"'),
        row(8, NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "КИЇВСЬКІ ВЕТЕРАНИ"'),
    ]


def test_current_export_refreshes_and_proposes(tmp_path: Path) -> None:
    run(full_dump(tmp_path, document(dump_rows())))
    before = Organization.objects.get(edrpou=edrpou(3))
    assert before.address.startswith("93100")
    path = current_export(tmp_path, current_rows())
    out, _ = run(path)
    assert "this export has no addresses" in out
    assert "17-ufop_full_DD-MM-YYYY.zip" in out
    assert "created 0, updated 1, skipped 0, errors 0, proposed 1" in out
    after = Organization.objects.get(edrpou=edrpou(3))
    assert after.terminated_on == dt.date(2023, 3, 1)
    assert after.status == "припинено"
    assert after.head == "КОВАЛЬ ОЛЕНА ІВАНІВНА"
    assert after.address == before.address  # the export's missing address erases nothing
    assert after.name == before.name
    candidate = OrganizationCandidate.objects.get()
    assert candidate.edrpou == edrpou(7) and candidate.decision == Decision.PENDING
    assert ours() == 4
    out, _ = run(path)  # idempotent
    assert "created 0, updated 0, skipped 2, errors 0, proposed 0" in out
    assert OrganizationCandidate.objects.count() == 1


def test_staff_accept_or_reject_candidates_and_reruns_respect_it(tmp_path: Path) -> None:
    path = current_export(tmp_path, current_rows())
    run(path)
    candidate = OrganizationCandidate.objects.get(edrpou=edrpou(7))
    services.decide_candidate(candidate=candidate, accept=False)
    run(path)
    candidate.refresh_from_db()
    assert candidate.decision == Decision.REJECTED
    assert not Organization.objects.filter(edrpou=edrpou(7)).exists()
    services.decide_candidate(candidate=candidate, accept=True)
    candidate.refresh_from_db()
    organization = Organization.objects.get(edrpou=edrpou(7))
    assert candidate.organization == organization and organization.source == "edr"
    assert organization.kind == "ngo"
    out, _ = run(path)  # now known: refreshed, not proposed again
    assert "proposed 0" in out


def test_current_export_dry_run_writes_nothing(tmp_path: Path) -> None:
    out, _ = run(current_export(tmp_path, current_rows()), "--dry-run")
    assert "proposed 1 (dry run: nothing written)" in out
    assert OrganizationCandidate.objects.count() == 0


# The old registers ---------------------------------------------------------------------------
def test_old_register_of_associations_imports(tmp_path: Path) -> None:
    rows = [
        register_record(
            NAME='ГРОМАДСЬКА ОРГАНІЗАЦІЯ "ЛИСИЧАНСЬКІ МИСЛИВЦІ"',
            VUD_NAME="Громадська організація",
            ADRESS="93100, Луганська обл., м. Лисичанськ, вул. Миру, 1",
            PHONE="(06451) 2-22-22",
        ),
        register_record(
            NAME="КИЇВСЬКІ МИСЛИВЦІ", VUD_NAME="Громадська організація", ADRESS="м. Київ"
        ),
    ]
    path = write_zip(tmp_path / "17-ex_xml_rgf.zip", {"17.3-ex_xml_rgo.xml": document(rows)})
    out, _ = run(path)
    assert "created 1, updated 0, skipped 0, errors 0" in out
    organization = Organization.objects.get(name__contains="ЛИСИЧАНСЬКІ МИСЛИВЦІ")
    assert (organization.kind, organization.edrpou) == ("ngo", "")
    assert organization.legal_form == "Громадська організація"
    out, _ = run(path)
    assert "created 0, updated 0, skipped 1, errors 0" in out


def test_staff_decide_in_the_admin(client, admin_user, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run(current_export(tmp_path, current_rows()))
    candidate = OrganizationCandidate.objects.get(edrpou=edrpou(7))
    client.force_login(admin_user)
    listing = client.get("/admin/organization_candidates/", {"decision": "pending"})
    assert listing.status_code == 200
    assert "ПРОСВІТА" in listing.content.decode()
    assert client.get("/admin/organization_candidates/new/").status_code in (302, 403)
    url = f"/admin/organization_candidates/edit/{candidate.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "other", "decision": "accepted"})
    assert response.status_code == 302
    organization = Organization.objects.get(edrpou=edrpou(7))
    assert organization.kind == "other"
    candidate.refresh_from_db()
    assert candidate.decision == Decision.ACCEPTED and candidate.organization == organization
