"""Issue 23, finding 11: `kill -9` during `import_acts` leaves no suffixed copies behind. The
import runs in a real subprocess on its own SQLite database, fetching its file from a local
HTTP server, and is killed with SIGKILL while it writes; the rerun then reuses the file it had
written (kept under its SHA-256) instead of storing a second, suffixed copy."""

from __future__ import annotations

import hashlib
import http.server
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.acts.support import pdf

BODY = pdf("Рішення з мережі", "Текст про водопостачання.")
ROWS = 3000


@pytest.fixture
def file_server() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, *args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "django", *args]


def shell(code: str, env: dict[str, str]) -> str:
    """What ``code`` prints, run by `manage.py shell` (without its automatic imports)."""
    result = subprocess.run(
        command("shell", "--no-imports", "-c", code),
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def percent(progress_line: str) -> int:
    """The percentage of a progress line such as `[##-------]  10% 300/3001 rows`."""
    return int(progress_line.split("]", 1)[1].split("%", 1)[0])


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in (media / "acts").rglob("*") if path.is_file())


def test_a_killed_import_is_rerun_without_duplicate_files(tmp_path: Path, file_server: str) -> None:
    media = tmp_path / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hromada.config.settings_test",
        "HROMADA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(media),
        "SECRET_KEY": "test",
    }
    subprocess.run(command("migrate", "--noinput", "-v0"), env=env, check=True, timeout=900)
    csv = tmp_path / "acts.csv"
    csv.write_text(
        "kind,number,date,title,status,published_on,file\n"
        f"council_decision,1/1,2020-02-03,З файлом,adopted,,{file_server}/act.pdf\n"
        + "".join(
            f"mayor_order,K{n},2020-03-01,Розпорядження {n},adopted,2020-03-02,\n"
            for n in range(ROWS)
        ),
        encoding="utf-8",
    )
    count = "from hromada.acts.models import Act; print(Act.objects.count())"

    importing = subprocess.Popen(
        command("import_acts", str(csv)), env=env, stderr=subprocess.PIPE, text=True
    )
    assert importing.stderr is not None
    # The first row (with the file) is written before the progress passes 10 % of the rows;
    # 90 % of them are still to come when the import is killed.
    seen = []
    for line in importing.stderr:
        seen.append(line)
        if line.rstrip().endswith(" rows") and 10 <= percent(line) < 100:
            break
    else:
        pytest.fail("the import ended before it could be killed:\n" + "".join(seen[-20:]))
    importing.send_signal(signal.SIGKILL)
    importing.wait(timeout=60)
    assert importing.returncode == -signal.SIGKILL
    assert shell(count, env) == "0"  # the import's transaction was rolled back
    left = stored_files(media)
    assert [hashlib.sha256(path.read_bytes()).hexdigest() for path in left] == [
        hashlib.sha256(BODY).hexdigest()
    ]

    rerun = subprocess.run(
        command("import_acts", str(csv)), env=env, capture_output=True, text=True, timeout=900
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"created {ROWS + 1}" in rerun.stdout
    assert stored_files(media) == left  # the file written before the kill, reused
    name = shell(
        "from hromada.acts.models import ActFile; print(ActFile.objects.get().file.name)", env
    )
    assert media / name == left[0]
