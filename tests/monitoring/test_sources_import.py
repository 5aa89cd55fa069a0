"""`hromada import_sources`: upsert by name, feeds by URL, line-numbered errors, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hromada.monitoring.models import Feed, Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """Messages are checked in English whatever language an earlier test left active."""
    from django.utils import translation

    with translation.override("en"):
        yield


GOOD = """name,kind,site_url,feed_url
Тестові новини,online,https://news.test.example/,https://news.test.example/rss.xml
Тестові новини,online,https://news.test.example/,https://news.test.example/atom.xml
Тестова газета,newspaper,,
Тестове радіо,radio,https://radio.test.example/,https://radio.test.example/feed
"""


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "sources.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_sources", str(path), *args, stdout=out)
    return out.getvalue()


def test_import_creates_outlets_and_feeds_and_is_idempotent(tmp_path):
    path = _write(tmp_path, GOOD)
    assert "created 3, updated 0, skipped 0, feeds added 3, errors 0" in _run(path)
    news = Outlet.objects.get(name="Тестові новини")
    assert news.kind == "online"
    assert set(news.feeds.values_list("url", flat=True)) == {
        "https://news.test.example/rss.xml",
        "https://news.test.example/atom.xml",
    }
    assert not Outlet.objects.get(name="Тестова газета").feeds.exists()
    assert "created 0, updated 0, skipped 3, feeds added 0, errors 0" in _run(path)
    assert Feed.objects.filter(url__contains="test.example").count() == 3


def test_dry_run_writes_nothing(tmp_path):
    path = _write(tmp_path, GOOD)
    output = _run(path, "--dry-run")
    assert "created 3" in output and "dry run" in output
    assert not Outlet.objects.filter(name="Тестові новини").exists()


def test_update_changes_kind_and_site(tmp_path):
    _run(_write(tmp_path, GOOD))
    changed = GOOD.replace(
        "Тестове радіо,radio,https://radio.test.example/",
        "Тестове радіо,tv,https://tv.test.example/",
    )
    assert "updated 1" in _run(_write(tmp_path, changed))
    radio = Outlet.objects.get(name="Тестове радіо")
    assert (radio.kind, radio.site_url) == ("tv", "https://tv.test.example/")


def test_bad_rows_are_reported_by_line_and_nothing_is_written(tmp_path):
    bad = (
        "name,kind,site_url,feed_url\n"
        "Добре джерело,online,https://ok.test.example/,https://ok.test.example/rss\n"
        ",online,,\n"
        "Погане джерело,blog,https://bad.test.example/,\n"
        "Ще одне,online,not a url,ftp://bad.test.example/feed\n"
        "Чуже,online,,https://ok.test.example/rss\n"
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_sources", str(_write(tmp_path, bad)), stdout=out)
    report = out.getvalue()
    assert "line 3, name:" in report
    assert "line 4, kind:" in report and "blog" in report
    assert "line 5, site_url:" in report
    assert "line 5, feed_url:" in report
    assert "line 6, feed_url:" in report and "Добре джерело" in report
    assert not Outlet.objects.filter(name="Добре джерело").exists()


def test_a_feed_of_another_outlet_in_the_database_is_an_error(tmp_path):
    _run(_write(tmp_path, GOOD))
    clash = "name,kind,site_url,feed_url\nІнше,online,,https://news.test.example/rss.xml\n"
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_sources", str(_write(tmp_path, clash)), stdout=out)
    assert "line 2, feed_url:" in out.getvalue()
    assert not Outlet.objects.filter(name="Інше").exists()


def test_malformed_files(tmp_path):
    missing = _write(tmp_path, "name,site_url\nА,https://a.example/\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_sources", str(missing), stdout=out)
    assert "kind" in out.getvalue()
    extra = _write(tmp_path, "name,kind,site_url,feed_url\nА,online,,,зайве\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_sources", str(extra), stdout=out)
    assert "2" in out.getvalue()
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_sources", str(tmp_path / "absent.csv"))


def test_windows_1251_and_bom(tmp_path):
    assert "created 3" in _run(_write(tmp_path, GOOD, "cp1251"))
    Outlet.objects.filter(name__startswith="Тестов").delete()
    assert "created 3" in _run(_write(tmp_path, "\ufeff" + GOOD))


def _long_file(tmp_path: Path, rows: int) -> Path:
    lines = ["name,kind,site_url,feed_url"]
    for n in range(rows):
        lines.append(
            f"Видання {n:03d},online,https://v{n}.test.example/,https://v{n}.test.example/rss.xml"
        )
    return _write(tmp_path, "\n".join(lines) + "\n")


def test_a_long_file_shows_a_progress_bar_on_stderr(tmp_path):
    path = _long_file(tmp_path, 120)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_sources", str(path), "--dry-run", stdout=out, stderr=err)
    assert "created 120," in out.getvalue() and "dry run" in out.getvalue()
    # Not a terminal: one line per tenth, ending at 120 of 120 rows; stdout stays clean.
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("[") and "120 rows" in lines[0]
    assert lines[-1] == f"[{'#' * 25}] 100% 120/120 rows"
    assert [line.split("]")[1].split("%")[0].strip() for line in lines] == [
        str(p) for p in range(0, 101, 10)
    ]
    assert "[" not in out.getvalue()
    assert not Outlet.objects.filter(name__startswith="Видання ").exists()


def test_a_short_file_shows_no_progress_bar(tmp_path):
    err = io.StringIO()
    call_command("import_sources", str(_write(tmp_path, GOOD)), stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""


def test_on_a_terminal_the_bar_is_redrawn_in_place(tmp_path):
    from hromada.core.progress import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = ProgressBar(screen, unit="rows")
    for done in range(1, 201):
        bar(done, 200)
    bar.finish()
    text = screen.getvalue()
    assert text.count("\r") == 101  # once per percent (0–100), not once per row
    assert text.endswith(f"\r[{'#' * 25}] 100% 200/200 rows\n")
