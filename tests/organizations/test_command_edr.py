"""`hromada import_organizations --format edr-xml`: the command around the ЄДР reader."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hromada.organizations.models import Organization

from .edr_fixtures import city_subject, document, edrpou, write

pytestmark = pytest.mark.django_db


def run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_organizations", "--format", "edr-xml", *args, str(path), stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_edr_xml_import_and_rerun(tmp_path: Path) -> None:
    path = write(
        tmp_path / "uo.xml",
        document(
            [
                city_subject(90001, "ГРОМАДСЬКА ОРГАНІЗАЦІЯ"),
                city_subject(90002, "ГРОМАДСЬКА ОРГАНІЗАЦІЯ"),
            ]
        ),
    )
    out, err = run(path, "--dry-run")
    assert "created 2" in out
    assert not Organization.objects.filter(edrpou=edrpou(90001)).exists()
    out, err = run(path)
    assert "created 2, updated 0, skipped 0, errors 0" in out
    assert "%" in err  # the progress line
    organization = Organization.objects.get(edrpou=edrpou(90001))
    assert organization.source == "edr"
    out, _ = run(path)
    assert "created 0, updated 0, skipped 2" in out


def test_truncated_edr_file_imports_nothing(tmp_path: Path) -> None:
    data = document([city_subject(90003, "ГРОМАДСЬКА ОРГАНІЗАЦІЯ")] * 1)
    path = write(tmp_path / "broken.xml", data[: len(data) // 2])
    before = Organization.objects.count()
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(path)
    assert Organization.objects.count() == before
