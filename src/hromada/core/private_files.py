"""Private files: uploads that may hold personal data (appeals' attachments, files sent through
the portal's forms) are kept outside the public media folder and have no public URL.

They live in the `private` storage (`settings.STORAGES["private"]`): on local disk under
`PRIVATE_MEDIA_ROOT` (by default `var/private/`, next to, not inside, `MEDIA_ROOT`, so neither
nginx's `/media/` nor Django's media view can reach them); on S3 under the `private/` prefix
of `S3_PRIVATE_BUCKET` (the media bucket unless set), with private ACLs and no URL either
(`private_s3.PrivateS3Storage`). A module serves one only through its own view, which checks
who asks and logs the access, with `file_response`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.http import FileResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import LazyObject, cached_property, empty

STORAGE_ALIAS = "private"


class PrivateFileStorage(FileSystemStorage):
    """Local disk under `PRIVATE_MEDIA_ROOT`; no URL: files go out through a checked view."""

    def __init__(self, location: str | None = None, **kwargs: Any) -> None:
        # Readable by the service's own user only, whatever FILE_UPLOAD_PERMISSIONS says for
        # public media: other local accounts must not read residents' files.
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, **kwargs)
        self._private_location = location

    @cached_property
    def base_location(self) -> Any:
        return self._value_or_setting(self._private_location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting: Any, **kwargs: Any) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no public URL: serve them through a checked view")


class _PrivateStorage(LazyObject):
    """`storages["private"]`, looked up when first used and again after STORAGES changes
    (like Django's `default_storage`): a FileField keeps the object its storage callable
    returned when the model was imported, so the field follows the setting through this."""

    def _setup(self) -> None:
        self._wrapped = storages[STORAGE_ALIAS]


_private = _PrivateStorage()


def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty  # type: ignore[assignment]


setting_changed.connect(_storages_changed, dispatch_uid="hromada-private-storage")


def private_storage() -> Storage:
    """The storage of private files (a callable, so a FileField reads it when used)."""
    return _private  # type: ignore[return-value]


def file_response(file: Any, *, filename: str) -> FileResponse:
    """A download of a private file: always saved, never shown inline (no script in an uploaded
    HTML or SVG runs on our origin), its type not guessed by the browser, never cached."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    add_never_cache_headers(response)  # no-store, private
    return response
