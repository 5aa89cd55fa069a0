"""Issue 23, finding 13: private files (residents' attachments) are written readable by the
service's user only: files 0600, the folders made for them 0700."""

from __future__ import annotations

import stat
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from hromada.core.private_files import private_storage


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_files_and_folders_are_the_owners_only() -> None:
    name = private_storage().save("correspondence/2026/token/скарга.pdf", ContentFile(b"%PDF"))
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    assert mode(root / name) == 0o600
    for folder in ("correspondence", "correspondence/2026", "correspondence/2026/token"):
        assert mode(root / folder) == 0o700, folder
