"""The CSV importer and `hromada import_organizations --format csv`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override

from hromada.core.validators import edrpou_check_digit
from hromada.organizations.csv_import import read_csv
from hromada.organizations.models import Organization
from hromada.organizations.records import OrganizationRecord, RowError

HEADER = "kind,name,edrpou,registered_on,terminated_on,address,head,parent\n"


def code(stem: str) -> str:
    return stem + str(edrpou_check_digit(stem))


GOOD = (
    HEADER
    + f"ngo,Громадська організація «Ясен»,{code('4410001')},2017-03-01,,"
    + "вул. Сосюри 1,Бойко Ірина,\n"
    + f"party_unit,Міська організація партії «Поступ»,{code('4410002')},01.02.2016,"
    + "15.06.2020,,,Поступ\n"
    + "religious,Релігійна громада святого Миколая,,2003-09-09,,,,\n"
)


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "organizations.csv"
    path.write_bytes(text.encode(encoding))
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_organizations", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_read_csv_happy_path(tmp_path: Path) -> None:
    items = list(read_csv(write(tmp_path, "\ufeff" + GOOD)))
    assert all(isinstance(item, OrganizationRecord) for item in items)
    records = [item for item in items if isinstance(item, OrganizationRecord)]
    assert [r.kind for r in records] == ["ngo", "party_unit", "religious"]
    assert records[1].registered_on == dt.date(2016, 2, 1)
    assert records[1].terminated_on == dt.date(2020, 6, 15)
    assert records[1].parent == "Поступ"
    assert records[0].location == "line 2"


def test_windows_1251_file_is_detected(tmp_path: Path) -> None:
    records = list(read_csv(write(tmp_path, GOOD, "cp1251")))
    assert isinstance(records[0], OrganizationRecord)
    assert records[0].name == "Громадська організація «Ясен»"


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        (f"ngo,ГО «А»,{code('4410003')[:7]}0,,,,,", "edrpou", "check digit"),
        ("ngo,ГО «А»,1234,,,,,", "edrpou", "8 digits"),
        ("club,ГО «А»,,,,,,", "kind", "unknown kind"),
        ("ngo,ГО «А»,,2020-01-02,2020-01-01,,,", "terminated_on", "before registered"),
        ("ngo,ГО «А»,,31.02.2020,,,,", "registered_on", "not a date"),
        ("ngo,ГО «А»,,2020/01/02,,,,", "registered_on", "not a date"),
        ("ngo,ГО «А»,,2099-01-02,,,,", "registered_on", "in the future"),
        ("ngo,   ,,,,,,", "name", "empty"),
        ("ngo,ГО «А»,,,,,,,,зайве", "", "more values than columns"),
    ],
)
def test_bad_rows_name_line_and_column(tmp_path: Path, row: str, field: str, words: str) -> None:
    if field == "edrpou" and "check" in words and code("4410003").endswith("0"):
        pytest.skip("stem happens to have check digit 0")
    text = HEADER + f"ngo,ГО «Добре»,{code('4410004')},,,,,\n" + row + "\n"
    with override("en"):
        errors = [item for item in read_csv(write(tmp_path, text)) if isinstance(item, RowError)]
    assert len(errors) == 1
    assert errors[0].location == "line 3"
    assert errors[0].field == field
    assert words in errors[0].message


def test_bad_header(tmp_path: Path) -> None:
    missing = list(read_csv(write(tmp_path, "kind,edrpou\nngo,\n")))
    assert len(missing) == 1 and isinstance(missing[0], RowError)
    assert missing[0].location == "line 1"
    assert "name" in missing[0].message
    unknown = list(read_csv(write(tmp_path, "kind,name,colour\nngo,x,y\n")))
    assert len(unknown) == 1 and isinstance(unknown[0], RowError)
    assert unknown[0].location == "line 1"
    assert "colour" in unknown[0].message


@pytest.mark.django_db
def test_command_imports_and_is_idempotent(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert "created 3, updated 0, skipped 0, errors 0" in run("--format", "csv", str(path))
    assert "created 0, updated 0, skipped 3, errors 0" in run(str(path))
    assert Organization.objects.get(edrpou=code("4410002")).terminated_on == dt.date(2020, 6, 15)


@pytest.mark.django_db
def test_command_dry_run_writes_nothing(tmp_path: Path) -> None:
    before = Organization.objects.count()
    output = run("--dry-run", str(write(tmp_path, GOOD)))
    assert "created 3" in output
    assert Organization.objects.count() == before


@pytest.mark.django_db
def test_a_failing_file_writes_nothing(tmp_path: Path) -> None:
    before = Organization.objects.count()
    text = GOOD + "club,Клуб,,,,,,\n"
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_organizations", str(write(tmp_path, text)), stdout=out, stderr=io.StringIO()
        )
    assert "line 5, kind:" in out.getvalue() and "club" in out.getvalue()
    assert "errors 1" in out.getvalue()
    assert Organization.objects.count() == before


@pytest.mark.django_db
def test_missing_file() -> None:
    with pytest.raises(CommandError, match="no such file"):
        run("/nonexistent/file.csv")


def _long_csv(tmp_path: Path, rows: int) -> Path:
    lines = [HEADER.rstrip("\n")]
    for n in range(rows):
        lines.append(f"ngo,Громадська організація «Імпортована {n:03d}»,,2019-01-01,,,,")
    return write(tmp_path, "\n".join(lines) + "\n")


@pytest.mark.django_db
def test_a_long_file_shows_a_progress_bar_and_a_short_one_none(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_organizations", str(_long_csv(tmp_path, 120)), stdout=out, stderr=err)
    assert "created 120," in out.getvalue() and "[" not in out.getvalue()
    # Not a terminal: one line per tenth of the file's 121 lines (the first row is on
    # line 2, 1 %), the last at its end.
    lines = err.getvalue().splitlines()
    assert [line.split("]")[1].split("%")[0].strip() for line in lines] == [
        "1",
        *(str(p) for p in range(10, 101, 10)),
    ]
    assert lines[-1] == f"[{'#' * 25}] 100% 121/121 lines"
    err = io.StringIO()
    call_command("import_organizations", str(write(tmp_path, GOOD)), stdout=out, stderr=err)
    assert err.getvalue() == ""


@pytest.mark.django_db
def test_search_finds_imported_organizations(
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Created in bulk (no signals), then indexed in bulk after the commit."""
    from wagtail.search.backends import get_search_backend

    from hromada.organizations import selectors

    with django_capture_on_commit_callbacks(execute=True):
        run(str(_long_csv(tmp_path, 60)))
    found = get_search_backend().search("Імпортована", Organization)
    assert len(found) == 60
    assert {o.name for o in found} == {
        f"Громадська організація «Імпортована {n:03d}»" for n in range(60)
    }
    assert selectors.register(q="Імпортована 042").count() == 1
