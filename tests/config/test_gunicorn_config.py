"""gunicorn's worker timeout, nginx's limits and the upload limit agree (security finding 10).

A sync worker answering longer than gunicorn's timeout is killed: with the default 30 s, a
200 MB open-data CSV under OPENDATA_MAX_UPLOAD_BYTES died mid-check with `make run`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = "python:hromada.config.gunicorn"


# gunicorn reads its settings as `gunicorn -c … app` does, without loading the application.
READ_SETTINGS = """
import sys
from gunicorn.app.wsgiapp import WSGIApplication
sys.argv = ["gunicorn", "-c", sys.argv[1], "hromada.config.wsgi:application"]
print(WSGIApplication().cfg.timeout)
"""


def gunicorn_timeout(**environment: str) -> int:
    """The worker timeout gunicorn uses with our configuration, for the given environment."""
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS, CONFIG],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(result.stdout.split()[-1])


def test_timeout_follows_the_open_data_upload_limit() -> None:
    assert gunicorn_timeout() == 260  # 200 MB at 1 MB/s, plus a minute
    assert gunicorn_timeout(OPENDATA_MAX_UPLOAD_BYTES=str(1000 * 1024 * 1024)) == 1060


def test_log_level_follows_log_level() -> None:
    from hromada.config import gunicorn

    assert gunicorn.logconfig_dict["loggers"]["gunicorn.error"]["level"] == gunicorn.LOG_LEVEL


def test_make_run_and_the_documented_command_use_the_config() -> None:
    makefile = (ROOT / "Makefile").read_text()
    run_lines = [line for line in makefile.splitlines() if "/gunicorn " in line]
    assert run_lines and all(f"-c {CONFIG}" in line for line in run_lines)
    operations = (ROOT / "docs" / "operations.md").read_text()
    documented = [line for line in operations.splitlines() if "bin/gunicorn " in line]
    assert documented and all(f"-c {CONFIG}" in line for line in documented)


def test_nginx_admin_limits_sit_above_gunicorns() -> None:
    operations = (ROOT / "docs" / "operations.md").read_text()
    admin = re.search(r"location /admin/ \{(.*?)\}", operations, re.S)
    assert admin, "the nginx example has a /admin/ location"
    body = int(re.search(r"client_max_body_size (\d+)m;", admin.group(1)).group(1))  # type: ignore[union-attr]
    read = int(re.search(r"proxy_read_timeout (\d+)s;", admin.group(1)).group(1))  # type: ignore[union-attr]
    assert body * 1024 * 1024 > 200 * 1024 * 1024
    assert read > gunicorn_timeout()
