"""EMAIL_URL=file:FOLDER keeps each message as a file (what `make run` uses, so the console
is not flooded with the demo's reminders)."""

from __future__ import annotations

import pytest

from hromada.config import env


def test_a_file_url_writes_messages_to_that_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_URL", "file:/srv/hromada/var/mail")
    assert env.email_settings() == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": "/srv/hromada/var/mail",
    }


def test_a_file_url_without_a_folder_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMAIL_URL", "file:")
    with pytest.raises(ValueError, match="EMAIL_URL"):
        env.email_settings()
