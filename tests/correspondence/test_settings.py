"""The module's settings are read from the environment, with their defaults, and a bad value
stops the start with a message naming the variable; each is documented for operators."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMES = (
    "CORRESPONDENCE_ANONYMIZE_AFTER_YEARS",
    "HROMADA_FORM_MIN_SECONDS",
    "CORRESPONDENCE_FORM_RATE_LIMIT",
)
PRINT = "import hromada.config.settings as s; print(" + ", ".join(f"s.{n}" for n in NAMES) + ")"


def settings_with(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in NAMES}
    env.update(HROMADA_VAR_DIR=str(tmp_path), SECRET_KEY="test", **variables)
    return subprocess.run(
        [sys.executable, "-c", PRINT], capture_output=True, text=True, env=env, timeout=60
    )


def test_defaults_and_values_from_the_environment(tmp_path: Path) -> None:
    assert settings_with(tmp_path).stdout.split() == ["5", "5", "(5,", "600)"]
    configured = settings_with(
        tmp_path,
        CORRESPONDENCE_ANONYMIZE_AFTER_YEARS="7",
        HROMADA_FORM_MIN_SECONDS="0",
        CORRESPONDENCE_FORM_RATE_LIMIT="3/60",
    )
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.split() == ["7", "0", "(3,", "60)"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CORRESPONDENCE_ANONYMIZE_AFTER_YEARS", "0", "must be at least 1"),
        ("CORRESPONDENCE_ANONYMIZE_AFTER_YEARS", "five", "must be a whole number"),
        ("HROMADA_FORM_MIN_SECONDS", "-1", "must be at least 0"),
        ("CORRESPONDENCE_FORM_RATE_LIMIT", "5", "must look like 5/600"),
        ("CORRESPONDENCE_FORM_RATE_LIMIT", "5/0", "must look like 5/600"),
    ],
)
def test_a_bad_value_names_the_variable(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    result = settings_with(tmp_path, **{name: value})
    assert result.returncode != 0
    assert f"{name} {message}" in result.stderr


def test_they_are_documented_for_operators() -> None:
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in (*NAMES, "PRIVATE_MEDIA_ROOT", "S3_PRIVATE_BUCKET"):
        assert f"`{name}`" in operations
        assert f"\n{name}=" in example
