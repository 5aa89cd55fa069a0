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
    assert err == ""  # a few KiB: over before a progress bar would help
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


def test_a_long_edr_file_shows_a_progress_bar_in_kib(tmp_path: Path) -> None:
    records = [city_subject(91000 + n, "ГРОМАДСЬКА ОРГАНІЗАЦІЯ") for n in range(300)]
    path = write(tmp_path / "uo.xml", document(records))
    kib = path.stat().st_size // 1024
    assert kib >= 50
    out, err = run(path, "--dry-run")
    assert "errors 0" in out and "[" not in out
    # not a terminal: one line per tenth of the file, the last at its end
    lines = err.splitlines()
    assert 1 <= len(lines) <= 11  # the reader reports per chunk it reads
    assert lines[-1] == f"[{'#' * 25}] 100% {kib}/{kib} KiB"
