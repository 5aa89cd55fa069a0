"""`hromada import_activities`: happy path, idempotence, dry run, bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hromada.activities import selectors
from hromada.activities.csv_import import import_file
from hromada.activities.models import Activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "kind,date,title,details\n"


def write(tmp_path: Path, body: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "activities.csv"
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_activities", *args, stdout=out)
    return out.getvalue()


def test_import_is_idempotent_and_updates_details(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "speech,2021-03-08,Промова до 8 Березня,\nweekly_note,05.03.2021,Довідка № 10,Тиждень 10\n",
    )
    assert "created 2, updated 0, skipped 0" in run(str(path))
    assert "created 0, updated 0, skipped 2" in run(str(path))
    path.write_text(HEADER + "weekly_note,05.03.2021,Довідка № 10,Уточнено\n", encoding="utf-8")
    assert "created 0, updated 1, skipped 0" in run(str(path))
    assert Activity.objects.get(title="Довідка № 10").details == "Уточнено"
    assert selectors.count_activities("speech", *_2021()) == 1


def _2021():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date(2021, 1, 1), dt.date(2021, 12, 31)


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "daily_note,2021-03-01,Довідка,\n")
    assert "dry run" in run(str(path), "--dry-run")
    assert not Activity.objects.filter(title="Довідка", date__year=2021).exists()


def test_windows_1251_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "greeting,2021-01-01,Привітання з Новим роком,\n", encoding="cp1251")
    assert "created 1" in run(str(path))


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("party,2021-01-01,Щось,", "line 2, kind: unknown kind “party”"),
        ("speech,31.02.2021,Промова,", "line 2, date:"),
        ("speech,2099-01-01,Промова,", "line 2, date: 01.01.2099"),
        ("speech,2021-01-01,,", "line 2, title: the title is empty"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(tmp_path: Path, row: str, expected: str) -> None:
    path = write(tmp_path, "weekly_note,2021-02-05,Довідка добра,\n" + row + "\n")
    # the good row is line 2 and the bad one line 3
    expected = expected.replace("line 2", "line 3")
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_activities", str(path), stdout=out)
    assert expected in out.getvalue()
    assert not Activity.objects.filter(title="Довідка добра").exists()


def test_duplicate_row_names_the_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, "speech,2021-01-01,Промова,\nspeech,01.01.2021,Промова,\n")
    summary = import_file(path)
    assert [str(e) for e in summary.errors] == ["line 3: the same kind, date and title as line 2"]
    assert not Activity.objects.filter(title="Промова", date__year=2021).exists()


def test_bad_header_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("kind,when,title\nspeech,2021-01-01,X\n", encoding="utf-8")
    summary = import_file(path)
    assert summary.errors and summary.errors[0].line == 1
    assert "date" in summary.errors[0].message
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.csv"))


def test_an_activity_kept_in_its_own_record_is_not_counted_twice(tmp_path: Path) -> None:
    path = write(
        tmp_path, "event_organized,2020-01-22,Урочистий захід до Дня Соборності України,\n"
    )
    assert "created 0, updated 0, skipped 1" in run(str(path))
    import datetime as dt

    assert (
        selectors.count_activities("event_organized", dt.date(2020, 1, 1), dt.date(2020, 12, 31))
        == 18
    )
