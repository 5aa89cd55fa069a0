"""The systemd units in deploy/systemd/ pass `systemd-analyze verify` and start the processes
docs/operations.md documents (no database: they are files).

The units name the production paths (/srv/hromada/venv/bin/…), which do not exist here, and
verify checks that each command is executable: the test points them at this virtualenv's
binaries, then verifies every unit, template units as an instance."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy/systemd"
PRODUCTION_BIN = "/srv/hromada/venv/bin"
INSTANCES = {"hromada-web@.service": "8000", "hromada-worker@.service": "1"}


def unit(name: str) -> str:
    return (UNITS / name).read_text()


def exec_start(name: str) -> str:
    [line] = re.findall(r"^ExecStart=(.+)$", unit(name), flags=re.MULTILINE)
    return line


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is missing")
def test_every_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    here = str(Path(sys.executable).parent)
    to_verify = []
    for path in sorted(UNITS.iterdir()):
        text = path.read_text().replace(PRODUCTION_BIN, here)
        instance = INSTANCES.get(path.name)
        name = path.name.replace("@.", f"@{instance}.") if instance else path.name
        (tmp_path / name).write_text(text)
        to_verify.append(str(tmp_path / name))
    assert len(to_verify) == 4
    done = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *to_verify],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # An unknown key or section is only a warning (exit 0): it must not be there either.
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_units_run_what_operations_documents() -> None:
    operations = (ROOT / "docs/operations.md").read_text()
    web = exec_start("hromada-web@.service")
    assert "-c python:hromada.config.gunicorn hromada.config.wsgi:application" in web
    assert "-c python:hromada.config.gunicorn" in operations
    worker = exec_start("hromada-worker@.service")
    assert "hromada rqworker default --with-scheduler" in worker
    assert "rqworker default --with-scheduler" in operations
    assert exec_start("hromada-scheduler.service").endswith("hromada scheduler")
    for name in INSTANCES | {"hromada-scheduler.service": ""}:
        text = unit(name)
        assert "EnvironmentFile=/etc/hromada/hromada.env" in text
        assert "PartOf=hromada.target" in text
        assert "Restart=always" in text
    # RQ's warm shutdown lets the job in hand finish: systemd must wait for it.
    assert "KillSignal=SIGTERM" in unit("hromada-worker@.service")
    assert "deploy/systemd/" in operations
