"""`hromada import_journal` / `export_journal`: line-numbered errors, all or nothing,
idempotent on direction + number + year, due dates computed where left empty."""

from __future__ import annotations

import csv
import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hromada.correspondence import services
from hromada.correspondence.models import Document
from hromada.correspondence.workflow import Direction, Kind

pytestmark = pytest.mark.django_db

HEADER = "direction,reg_number,reg_date,kind,correspondent,subject,due_date,answered_on,control\n"
GOOD = (
    HEADER
    + "incoming,15,02.03.2021,public_info_request,,Запит про бюджет,,,\n"
    + "incoming,16,2021-03-03,authority_request,Луганська ОДА,Про інформацію,2021-03-20,"
    "2021-03-15,long_term\n"
    + "outgoing,7/01-21,2021-03-15,internal,Міський голова,Службова записка,,,\n"
)


def write(tmp_path: Path, text: str, name: str = "journal.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: object, out: StringIO | None = None) -> str:
    """The command's output, in English (messages are translated)."""
    out = out or StringIO()
    with translation.override("en"):
        call_command("import_journal", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def imported() -> object:
    return Document.objects.filter(source="import")


def test_import_computes_due_dates_and_is_idempotent(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    assert "created 3, updated 0, skipped 0, errors 0" in run(path)
    request = imported().get(reg_number="15")
    # Received Tuesday 2 March 2021: the fifth working day after it, 8 March being a holiday.
    assert request.due_date == dt.date(2021, 3, 10)
    authority = imported().get(reg_number="16")
    assert authority.long_term_control and authority.answered_on == dt.date(2021, 3, 15)
    assert authority.status == "answered"
    assert "created 0, updated 0, skipped 3, errors 0" in run(path)
    assert imported().count() == 3


def test_changed_rows_update_and_the_counter_moves_past_imported_numbers(tmp_path: Path) -> None:
    run(write(tmp_path, GOOD))
    run(write(tmp_path, GOOD.replace("Запит про бюджет", "Запит про бюджет міста"), "b.csv"))
    assert imported().get(reg_number="15").subject == "Запит про бюджет міста"
    next_one = services.register_incoming(
        kind=Kind.LETTER, subject="Лист", registered_on=dt.date(2021, 4, 1)
    )
    assert int(next_one.reg_number) > 16


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    assert "dry run" in run(write(tmp_path, GOOD), "--dry-run")
    assert not imported().exists()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("incoming,20,30.02.2020,letter,,Лист,,,", "line 3, reg_date"),
        ("incoming,15,2021-03-09,letter,,Лист,,,", "line 3, reg_number"),
        ("sideways,21,2021-03-09,letter,,Лист,,,", "line 3, direction"),
        ("incoming,21,2021-03-09,memo,,Лист,,,", "line 3, kind"),
        ("incoming,21,2021-03-09,letter,,Лист,,2021-03-01,", "line 3, answered_on"),
        ("incoming,21,2021-03-09,letter,,Лист,,,yes", "line 3, control"),
        ("incoming,21,2021-03-09,letter,,,,,", "line 3, subject"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_imported(
    tmp_path: Path, line: str, expected: str
) -> None:
    text = HEADER + "incoming,15,02.03.2021,public_info_request,,Запит,,,\n" + line + "\n"
    out = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        run(write(tmp_path, text), out=out)
    assert expected in out.getvalue()
    assert not imported().exists()


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="direction, reg_number"):
        run(write(tmp_path, "number,date\n1,2020-01-01\n"))


def test_export_has_the_import_columns_and_computes_empty_due_dates(tmp_path: Path) -> None:
    Document.objects.create(
        direction=Direction.INCOMING,
        kind=Kind.CITIZEN_APPEAL,
        reg_number="A-1",
        registered_on=dt.date(2019, 2, 7),
        subject="Без терміну в журналі",
    )
    target = tmp_path / "out.csv"
    call_command("export_journal", str(target), "--year", "2019")
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == HEADER.strip().split(",")
    (row,) = [r for r in rows if r["reg_number"] == "A-1"]
    # One month after 7 February 2019 is Thursday 7 March 2019.
    assert row["due_date"] == "2019-03-07"
    # Round trip: the export imports into an equal journal.
    call_command("export_journal", str(target))
    out = run(target)
    assert "errors 0" in out and "created 0" in out
