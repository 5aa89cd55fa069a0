"""The `hromada` console script: `hromada --version` prints Hromada's version (one source,
`hromada.__version__`, which the package metadata reads too); everything else is manage.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import hromada

ROOT = Path(__file__).resolve().parents[2]
RUN_CLI = "import sys; from hromada.config.cli import main; sys.argv[0] = 'hromada'; main()"


def _hromada(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SECRET_KEY": "test"},
    )


def test_version_prints_hromadas_own_version() -> None:
    result = _hromada("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hromada {hromada.__version__}"


def test_the_package_metadata_reads_the_same_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "hromada.__version__"}


def test_other_commands_are_still_django_management_commands() -> None:
    result = _hromada("help", "report")
    assert result.returncode == 0, result.stderr
    assert "--year" in result.stdout


def test_the_changelog_describes_the_current_version_first() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (\d+\.\d+\.\d+) — (\d{4}-\d{2}-\d{2})$", changelog, re.MULTILINE)
    assert releases, "CHANGELOG.md has no release section"
    assert releases[0][0] == hromada.__version__
    # Newest first, each number higher than the one below it.
    numbers = [tuple(int(part) for part in version.split(".")) for version, _ in releases]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers)
    assert [day for _, day in releases] == sorted((day for _, day in releases), reverse=True)
