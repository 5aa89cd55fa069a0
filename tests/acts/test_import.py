"""`hromada import_acts`: good files, dry runs, reruns, and every kind of bad input."""

from __future__ import annotations

import http.server
import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hromada.acts.models import Act, ActFile
from tests.acts.support import docx, pdf

pytestmark = pytest.mark.django_db

HEADER = "kind,number,date,title,status,published_on,file\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "acts.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_acts", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fail(path: Path, *args: str) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError), translation.override("en"):
        call_command("import_acts", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def good(tmp_path: Path) -> Path:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "r1.pdf").write_bytes(pdf("Рішення", "Про бюджетні призначення."))
    (tmp_path / "files" / "p1.docx").write_bytes(docx("Проєкт", "Проєкт про благоустрій."))
    return write(
        tmp_path,
        "council_decision,90/1,2019-03-14,Про внесення змін до бюджету,adopted,2019-03-15,"
        "files/r1.pdf\n"
        "executive_decision,12,14.03.2019,Про благоустрій,adopted,15.03.2019,\n"
        "executive_decision,,2019-02-20,Про благоустрій парків,draft,2019-02-21,files/p1.docx\n"
        "mayor_order,5,2019-01-10,Про скликання сесії,repealed,2019-01-11,\n",
    )


def test_a_good_file_imports_and_a_second_run_changes_nothing(good: Path) -> None:
    before = Act.objects.count()
    assert "created 4, updated 0, skipped 0, errors 0" in run(good)
    assert Act.objects.count() == before + 4
    act = Act.objects.get(kind="council_decision", number="90/1", year=2019)
    assert act.files.get().has_text_layer
    assert " бюджетн" in act.search_document
    draft = Act.objects.get(title="Про благоустрій парків")
    assert draft.status == "draft" and draft.files.get().extension == "docx"
    assert "created 0, updated 0, skipped 4, errors 0" in run(good)
    assert Act.objects.count() == before + 4
    assert ActFile.objects.filter(act__year=2019).count() == 2


def test_a_changed_row_updates_the_act(good: Path) -> None:
    run(good)
    text = good.read_text(encoding="utf-8").replace(
        "Про скликання сесії", "Про скликання сесії ради"
    )
    good.write_text(text, encoding="utf-8")
    assert "created 0, updated 1, skipped 3" in run(good)
    assert Act.objects.get(kind="mayor_order", number="5", year=2019).title.endswith("ради")


def test_dry_run_writes_nothing(good: Path) -> None:
    before = Act.objects.count()
    assert "created 4" in run(good, "--dry-run") and "dry run" in run(good, "--dry-run")
    assert Act.objects.count() == before
    assert not ActFile.objects.filter(act__year=2019).exists()


def test_wrong_header_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path, "council_decision,1,2020-01-01,Назва,adopted\n", "kind,num,date,title,status\n"
    )
    output = fail(path)
    assert "line 1" in output and "number" in output


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("council_decision,1,31.02.2020,Назва,adopted,,", "date", "31.02.2020"),
        ("council_order,1,2020-02-03,Назва,adopted,,", "kind", "council_order"),
        ("council_decision,1,2020-02-03,Назва,approved,,", "status", "approved"),
        ("council_decision,,2020-02-03,Назва,adopted,,", "number", ""),
        ("council_decision,1,2020-02-03,,adopted,,", "title", ""),
        ("council_decision,1,2020-02-03,Назва,adopted,2020-02-01,", "published_on", "02.2020"),
        ("council_decision,1,2020-02-03,Назва,adopted,,nowhere.pdf", "file", "nowhere.pdf"),
        ("council_decision,1,2020-02-03,Назва,adopted,2099-02-01,", "published_on", "future"),
    ],
)
def test_a_bad_row_is_named_by_line_and_nothing_is_imported(
    tmp_path: Path, row: str, field: str, words: str
) -> None:
    before = Act.objects.count()
    path = write(
        tmp_path, "mayor_order,700,2020-02-03,Добрий рядок,adopted,2020-02-04,\n" + row + "\n"
    )
    output = fail(path)
    assert f"line 3, {field}:" in output, output
    assert words in output
    assert Act.objects.count() == before  # the good line 2 was not written either


def test_a_duplicate_number_in_the_file_names_both_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "council_decision,5/5,2020-02-03,Перше,adopted,,\n"
        "council_decision,5/5,2020-09-03,Друге,adopted,,\n",
    )
    output = fail(path)
    assert "line 3, number" in output and "line 2" in output


def test_a_late_draft_is_refused(tmp_path: Path) -> None:
    header = HEADER.strip() + ",consideration_date\n"
    path = write(
        tmp_path,
        "council_decision,,2020-03-13,Пізній проєкт,draft,2020-03-13,,2020-03-26\n",
        header,
    )
    output = fail(path)
    assert "line 2, published_on" in output and "12.03.2020" in output


def test_a_disguised_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fake.pdf").write_bytes(b"<html><body>not a pdf</body></html>")
    (tmp_path / "word.pdf").write_bytes(docx())
    path = write(
        tmp_path,
        "council_decision,1,2020-02-03,Назва,adopted,,fake.pdf\n"
        "council_decision,2,2020-02-03,Назва,adopted,,word.pdf\n",
    )
    output = fail(path)
    assert "line 2, file" in output and "line 3, file" in output
    assert "DOCX" in output


def test_a_file_over_the_limit_is_refused(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
    (tmp_path / "big.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024))
    path = write(tmp_path, "council_decision,1,2020-02-03,Назва,adopted,,big.pdf\n")
    output = fail(path)
    assert "line 2, file" in output and "limit" in output


@pytest.fixture
def file_server() -> Iterator[str]:
    """A local HTTP server with one PDF, one oversize answer and one missing file."""
    body = pdf("Рішення з мережі", "Текст про водопостачання.")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/act.pdf":
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path == "/huge.pdf":
                self.send_response(200)
                self.send_header("Content-Length", str(200 * 1024 * 1024))
                self.end_headers()
            else:
                self.send_response(404)
                self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_files_by_url(tmp_path: Path, file_server: str) -> None:
    path = write(
        tmp_path, f"council_decision,8/8,2020-02-03,З мережі,adopted,,{file_server}/act.pdf\n"
    )
    assert "created 1" in run(path)
    act = Act.objects.get(number="8/8", year=2020)
    assert "водопостачання" in act.files.get().text
    bad = write(
        tmp_path,
        f"council_decision,9/1,2020-02-03,А,adopted,,{file_server}/huge.pdf\n"
        f"council_decision,9/2,2020-02-03,Б,adopted,,{file_server}/missing.pdf\n"
        f"council_decision,9/3,2020-02-03,В,adopted,,http://127.0.0.1:{_closed_port()}/a.pdf\n"
        "council_decision,9/4,2020-02-03,Г,adopted,,ftp://example.org/a.pdf\n",
    )
    output = fail(bad)
    for line in (2, 3, 4, 5):
        assert f"line {line}, file" in output, output
    assert "404" in output and "unreachable" in output and "larger" in output
    assert not Act.objects.filter(number__startswith="9/", year=2020).exists()


def test_urls_to_internal_addresses_are_refused(
    tmp_path: Path, file_server: str, settings: Any
) -> None:
    """As in production: a CSV cannot point the server at its own network."""
    settings.ACTS_IMPORT_ALLOW_PRIVATE = False
    (tmp_path / "r1.pdf").write_bytes(pdf("Рішення", "Про бюджетні призначення."))
    bad = write(
        tmp_path,
        "council_decision,7/1,2020-02-03,Місцевий файл,adopted,,r1.pdf\n"
        f"council_decision,7/2,2020-02-03,Локальний,adopted,,{file_server}/act.pdf\n"
        "council_decision,7/3,2020-02-03,Метадані,adopted,,"
        "http://169.254.169.254/latest/meta-data/a.pdf\n",
    )
    output = fail(bad)
    assert "line 3, file" in output and "line 4, file" in output, output
    assert "127.0.0.1" in output and "169.254.169.254" in output
    assert output.count("address in a private network") == 2
    assert "line 2" not in output  # the local file was fine
    # nothing is written, not even the good row
    assert not Act.objects.filter(number__startswith="7/", year=2020).exists()
    assert not ActFile.objects.filter(act__number__startswith="7/").exists()


def test_a_file_host_the_dns_does_not_resolve_in_time_is_reported(
    tmp_path: Path, system_slow_dns: Any
) -> None:
    bad = write(
        tmp_path,
        "council_decision,8/1,2020-02-03,Повільний DNS,adopted,,http://acts.slow.test:9/r.pdf\n",
    )
    output = fail(bad)  # HROMADA_OUTBOUND_DNS_TIMEOUT is 0.3 s here
    assert "line 2, file" in output, output
    assert (
        "http://acts.slow.test:9/r.pdf is unreachable "
        "(acts.slow.test: the DNS server did not answer within 0.3 s)"
    ) in output
    assert not Act.objects.filter(number="8/1", year=2020).exists()


def test_a_long_file_shows_progress_bars_and_a_short_one_none(tmp_path: Path) -> None:
    body = "".join(
        f"mayor_order,P{n},2021-03-01,Про розпорядження {n},adopted,2021-03-02,\n"
        for n in range(120)
    )
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_acts", str(write(tmp_path, body)), stdout=out, stderr=err)
    assert "created 120," in out.getvalue() and "[" not in out.getvalue()
    # Not a terminal: a line per tenth while checking (121 lines with the header), then
    # a line per tenth while writing (120 rows).
    lines = err.getvalue().splitlines()
    checking = [line for line in lines if line.endswith("lines checked")]
    writing = [line for line in lines if line.endswith(" rows")]
    assert checking + writing == lines
    assert checking[-1] == f"[{'#' * 25}] 100% 121/121 lines checked"
    assert writing[-1] == f"[{'#' * 25}] 100% 120/120 rows"
    assert [line.split("]")[1].split("%")[0].strip() for line in writing] == [
        str(p) for p in range(0, 101, 10)
    ]
    err = io.StringIO()
    with translation.override("en"):
        call_command(
            "import_acts", str(write(tmp_path, body.splitlines(True)[0])), stdout=out, stderr=err
        )
    assert err.getvalue() == ""
